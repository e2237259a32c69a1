package org.vumi.go.http;

import org.vumi.go.http.internal.Checks;

import java.util.Objects;

/**
 * One metric value to fire: the typed form behind {@link ConversationSender#fireMetric(String, double, String)}.
 *
 * <pre>{@code
 * sender.fireMetric(Metric.of("registrations", 1, Aggregate.SUM));
 * }</pre>
 *
 * <p>Instances are immutable and checked when made.
 */
public final class Metric {
  private final String name;
  private final double value;
  private final Aggregate aggregate;

  private Metric(String name, double value, Aggregate aggregate) {
    this.name = name;
    this.value = value;
    this.aggregate = aggregate;
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
    Checks.requireName(name, "metric");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be a finite number, but was " + value);
    }
    return new Metric(name, value, Checks.requireNonNull(aggregate, "agg"));
  }

  /**
   * Returns the metric's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the value.
   *
   * @return a finite number
   */
  public double value() {
    return value;
  }

  /**
   * Returns how the value is aggregated.
   *
   * @return the aggregate
   */
  public Aggregate aggregate() {
    return aggregate;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Metric
        && name.equals(((Metric) other).name)
        && Double.compare(value, ((Metric) other).value) == 0
        && aggregate == ((Metric) other).aggregate;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, value, aggregate);
  }

  @Override
  public String toString() {
    return "Metric{name=" + name + ", value=" + value + ", aggregate=" + aggregate + "}";
  }
}
