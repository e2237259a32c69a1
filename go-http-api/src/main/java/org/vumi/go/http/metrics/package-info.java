/**
 * Vumi Go's metrics API: {@link org.vumi.go.http.metrics.MetricsApiClient} fires metric values and
 * reads a metric's series back, bucketed by interval.
 */
@NullMarked
package org.vumi.go.http.metrics;

import org.jspecify.annotations.NullMarked;
