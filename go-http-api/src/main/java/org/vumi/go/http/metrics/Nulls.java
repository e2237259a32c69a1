package org.vumi.go.http.metrics;

import org.vumi.go.http.internal.Checks;

/**
 * What the metrics API makes of an interval without data when it reads a series: the {@code nulls}
 * parameter of {@code GET /metrics/}.
 *
 * <p>On the wire it is written in lower case ({@link #wireName()}).
 */
public enum Nulls {
  /** The interval's point has the value 0.0; the server's default. */
  ZEROIZE("zeroize"),
  /** The interval has no point. */
  OMIT("omit"),
  /** The interval's point has no value ({@link MetricPoint#value()} is null). */
  KEEP("keep");

  private final String wireName;

  Nulls(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the name the metrics API uses on the wire.
   *
   * @return {@code "zeroize"}, {@code "omit"} or {@code "keep"}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the mode with the given wire name.
   *
   * @param wireName one of {@code "zeroize"}, {@code "omit"}, {@code "keep"}, exactly
   * @return the matching mode
   * @throws IllegalArgumentException naming the allowed values, for any other string or null
   */
  public static Nulls fromWireName(String wireName) {
    Nulls nulls = Checks.byWireName(values(), Nulls::wireName, wireName);
    if (nulls == null) {
      throw new IllegalArgumentException("nulls must be one of \"zeroize\", \"omit\", \"keep\", but was "
          + Checks.quote(wireName));
    }
    return nulls;
  }
}
