package org.vumi.go.http.metrics;

import org.vumi.go.http.Aggregate;
import org.vumi.go.http.internal.Checks;

/**
 * A metric value the metrics API accepted and published.
 *
 * @param name the metric's name, as sent, such as {@code visits.sum}
 * @param value the value as the server recorded it
 * @param aggregator the aggregator the name ends in, such as {@link Aggregate#SUM} for {@code visits.sum}
 */
public record FiredMetric(String name, double value, Aggregate aggregator) {
  /**
   * Makes a fired metric.
   *
   * @param name the metric's name, as sent, such as {@code visits.sum}
   * @param value the value as the server recorded it
   * @param aggregator the aggregator the name ends in, such as {@link Aggregate#SUM} for {@code visits.sum}
   * @throws NullPointerException if the name or the aggregator is null
   */
  public FiredMetric {
    Checks.requireNonNull(name, "name");
    Checks.requireNonNull(aggregator, "aggregator");
  }
}
