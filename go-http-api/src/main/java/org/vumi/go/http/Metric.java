package org.vumi.go.http;

import org.vumi.go.http.internal.Checks;

/**
 * One metric value to fire: the typed form behind {@link ConversationSender#fireMetric(String, double, String)}.
 *
 * <pre>{@code
 * sender.fireMetric(Metric.of("registrations", 1, Aggregate.SUM));
 * }</pre>
 *
 * <p>Instances are immutable and checked when made.
 *
 * @param name the metric's name; not blank, no control characters
 * @param value a finite number (JSON cannot carry NaN or infinities)
 * @param aggregate how values within a time bucket are combined; not null
 */
public record Metric(String name, double value, Aggregate aggregate) {
  /**
   * Makes a metric; {@link #of} reads better.
   *
   * @param name the metric's name; not blank, no control characters
   * @param value a finite number
   * @param aggregate how values are combined; not null
   * @throws NullPointerException if {@code name} or {@code aggregate} is null
   * @throws IllegalArgumentException if {@code name} is blank or has control characters, or
   *     {@code value} is NaN or infinite
   */
  public Metric {
    checked(name, value, aggregate, "name", "aggregate");
  }

  /**
   * Returns a metric aggregated as {@link Aggregate#LAST}.
   *
   * @param name the metric's name; not blank
   * @param value a finite number
   * @return the metric
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank or {@code value} is NaN or infinite
   */
  public static Metric of(String name, double value) {
    return of(name, value, Aggregate.LAST);
  }

  /**
   * Returns a metric.
   *
   * @param name the metric's name; not blank, no control characters
   * @param value a finite number (JSON cannot carry NaN or infinities)
   * @param aggregate how values within a time bucket are combined; not null
   * @return the metric
   * @throws NullPointerException if {@code name} or {@code aggregate} is null
   * @throws IllegalArgumentException if {@code name} is blank or {@code value} is NaN or infinite
   */
  public static Metric of(String name, double value, Aggregate aggregate) {
    return new Metric(name, value, aggregate);
  }

  /** Checks a metric's parts, naming them as the caller's own parameters are named. */
  static void checked(String name, double value, Aggregate aggregate, String nameParameter, String aggregateParameter) {
    Checks.requireName(name, nameParameter);
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be a finite number, but was " + value);
    }
    Checks.requireNonNull(aggregate, aggregateParameter);
  }
}
