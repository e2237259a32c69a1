/**
 * Receiving what Vumi Go pushes to an application: {@link org.vumi.go.http.push.PushReceiver}
 * checks a push's credentials, parses it into an {@link org.vumi.go.http.InboundMessage} or an
 * {@link org.vumi.go.http.Event}, and hands it to the application.
 */
@NullMarked
package org.vumi.go.http.push;

import org.jspecify.annotations.NullMarked;
