package org.vumi.go.http;

import org.jspecify.annotations.Nullable;

/**
 * Vumi Go's answer to fired metrics, such as {@code {"success": true, "reason": "Metrics published"}}.
 *
 * <p>Instances are immutable; the constructor is public, for instance to stub a
 * {@link ConversationSender} in a test.
 *
 * @param success whether the metrics were published: the server's {@code success} field, false when absent
 * @param reason the server's words, such as {@code "Metrics published"}, or null when absent
 */
public record MetricResult(boolean success, @Nullable String reason) {}
