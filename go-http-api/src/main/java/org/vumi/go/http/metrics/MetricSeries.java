package org.vumi.go.http.metrics;

import java.util.List;
import org.vumi.go.http.internal.Checks;

/**
 * A metric's values over time, as the metrics API returns them for one metric name.
 *
 * @param name the metric's name, as requested, such as {@code stores.default.visits.sum}
 * @param points the points, oldest first; empty when the server has no data for the metric (it
 *     leaves such a metric out of its answer)
 */
public record MetricSeries(String name, List<MetricPoint> points) {
  /**
   * Makes a series.
   *
   * @param name the metric's name, as requested, such as {@code stores.default.visits.sum}
   * @param points the points, oldest first; empty when the server has no data for the metric (it leaves such a metric out of its answer)
   * @throws NullPointerException if the name, the points or any point is null
   */
  public MetricSeries {
    Checks.requireNonNull(name, "name");
    points = List.copyOf(Checks.requireNonNull(points, "points"));
  }
}
