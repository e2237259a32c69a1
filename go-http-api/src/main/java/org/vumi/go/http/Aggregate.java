package org.vumi.go.http;

import org.vumi.go.http.internal.Checks;

/**
 * How Vumi Go aggregates the values of a metric fired within one time bucket.
 *
 * <p>On the wire this is the third element of a metric triple, written in lower case
 * ({@link #wireName()}).
 */
public enum Aggregate {
  /** The last value fired wins; the default, as in the Python client. */
  LAST("last"),
  /** The values are added up. */
  SUM("sum"),
  /** The values are averaged. */
  AVG("avg"),
  /** The largest value wins. */
  MAX("max"),
  /** The smallest value wins. */
  MIN("min");

  private final String wireName;

  Aggregate(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the name Vumi Go uses on the wire.
   *
   * @return {@code "last"}, {@code "sum"}, {@code "avg"}, {@code "max"} or {@code "min"}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the aggregate with the given wire name.
   *
   * @param wireName one of {@code "last"}, {@code "sum"}, {@code "avg"}, {@code "max"}, {@code "min"}, exactly
   * @return the matching aggregate
   * @throws IllegalArgumentException naming the allowed values, for any other string or null
   */
  public static Aggregate fromWireName(String wireName) {
    return parse(wireName, "agg");
  }

  static Aggregate parse(String wireName, String parameter) {
    Aggregate aggregate = Checks.byWireName(values(), Aggregate::wireName, wireName);
    if (aggregate != null) {
      return aggregate;
    }
    throw new IllegalArgumentException(parameter
        + " must be one of \"last\", \"sum\", \"avg\", \"max\", \"min\", but was " + Checks.quote(wireName));
  }
}
