package org.vumi.go.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import org.jspecify.annotations.Nullable;

/** Vumi's timestamp format, {@code 2016-03-22 13:50:23.123456}, always UTC. */
final class Timestamps {
  private Timestamps() {}

  private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart()
      .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
      .optionalEnd()
      .toFormatter();

  /** The instant, or null when absent or not in Vumi's form: a reader must not fail on it. */
  static @Nullable Instant parseOrNull(@Nullable String timestamp) {
    if (timestamp == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(timestamp, FORMAT).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
