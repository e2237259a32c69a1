package org.vumi.go.http.testing;

/**
 * A metric value the {@link VumiGoEmulator} accepted and published.
 *
 * @param accountKey the account that fired it
 * @param name the metric's name
 * @param value the value, converted to a number as the server does
 * @param aggregate the aggregate's name in lower case, as the server stores it
 */
public record PublishedMetric(String accountKey, String name, double value, String aggregate) {}
