/**
 * Java client for Vumi Go's conversation HTTP API ({@code http_api_nostream}).
 *
 * <p>{@link org.vumi.go.http.HttpApiSender} sends SMS, USSD and voice messages and fires metrics
 * through one Vumi Go conversation; {@link org.vumi.go.http.LoggingSender} stands in for it during
 * development and in application tests. Both implement {@link org.vumi.go.http.ConversationSender},
 * the one type application code should depend on.
 */
@NullMarked
package org.vumi.go.http;

import org.jspecify.annotations.NullMarked;
