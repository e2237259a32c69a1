/**
 * Vumi Go's opt-outs API: {@link org.vumi.go.http.optouts.OptOutsApiClient} reads, records, removes
 * and counts the addresses that an account must not send to.
 */
@NullMarked
package org.vumi.go.http.optouts;

import org.jspecify.annotations.NullMarked;
