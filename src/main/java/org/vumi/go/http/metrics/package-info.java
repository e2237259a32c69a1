/**
 * Vumi Go's metrics API: {@link org.vumi.go.http.metrics.MetricsApiClient} fires metric values and
 * reads a metric's series back, bucketed by interval.
 */
package org.vumi.go.http.metrics;
