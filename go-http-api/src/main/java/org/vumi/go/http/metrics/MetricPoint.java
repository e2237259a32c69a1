package org.vumi.go.http.metrics;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

/**
 * One point of a metric's series: the start of an interval and the value aggregated over it.
 *
 * @param timestamp the start of the interval (the server's {@code x}, in milliseconds since the epoch)
 * @param value the value (the server's {@code y}), or null where the server has none and was asked
 *     to keep nulls ({@code nulls=keep})
 */
public record MetricPoint(Instant timestamp, @Nullable Double value) {
  /**
   * Makes a point.
   *
   * @param timestamp the start of the interval (the server's {@code x}, in milliseconds since the epoch)
   * @param value the value (the server's {@code y}), or null where the server has none and was asked to keep nulls ({@code nulls=keep})
   * @throws NullPointerException if the timestamp is null
   */
  public MetricPoint {
    Checks.requireNonNull(timestamp, "timestamp");
  }
}
