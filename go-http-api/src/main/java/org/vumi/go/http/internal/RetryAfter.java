package org.vumi.go.http.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date. */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * Reads the header.
   *
   * @param header the header's value
   * @return the wait it asks for in milliseconds (0 for a date in the past, {@code Long.MAX_VALUE} for
   *     more digits than any real wait), or empty when unreadable
   */
  public static OptionalLong parse(String header) {
    return parse(header, Instant.now());
  }

  /**
   * Reads the header as of a given moment (an HTTP-date is a wall-clock time).
   *
   * @param header the header's value
   * @param now the moment the wait starts
   * @return the wait it asks for in milliseconds, or empty when unreadable
   */
  public static OptionalLong parse(String header, Instant now) {
    String value = header.strip();
    if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.of(value.length() > 9 ? Long.MAX_VALUE : Long.parseLong(value) * 1000);
    }
    try {
      ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      return OptionalLong.of(Math.max(0, Duration.between(now, when.toInstant()).toMillis()));
    } catch (DateTimeParseException e) {
      return OptionalLong.empty();
    }
  }
}
