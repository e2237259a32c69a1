package org.vumi.go.http.testing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics API's time syntax (its {@code graphite_time_parser}), in UTC: {@code now},
 * {@code today}, {@code yesterday}, {@code tomorrow}, {@code -<count><unit>}, {@code HH:MM_YYYYMMDD},
 * {@code YYYYMMDD} and Unix seconds; intervals are {@code <count><unit>}. Anything else is an
 * {@link IllegalArgumentException}, which the server answers with a 500.
 */
final class GraphiteTime {
  private GraphiteTime() {}

  private static final Map<String, Long> UNIT_SECONDS = Map.ofEntries(
      Map.entry("s", 1L), Map.entry("second", 1L), Map.entry("seconds", 1L),
      Map.entry("min", 60L), Map.entry("mins", 60L), Map.entry("minute", 60L), Map.entry("minutes", 60L),
      Map.entry("h", 3600L), Map.entry("hour", 3600L), Map.entry("hours", 3600L),
      Map.entry("d", 86400L), Map.entry("day", 86400L), Map.entry("days", 86400L),
      Map.entry("w", 604800L), Map.entry("week", 604800L), Map.entry("weeks", 604800L),
      Map.entry("mon", 2592000L), Map.entry("month", 2592000L), Map.entry("months", 2592000L),
      Map.entry("y", 31536000L), Map.entry("year", 31536000L), Map.entry("years", 31536000L));

  private static final Pattern SPAN = Pattern.compile("([0-9]+)([a-z]+)");
  private static final Pattern RELATIVE = Pattern.compile("([+-])([0-9]+[a-z]+)");
  private static final Pattern CLOCK_DATE = Pattern.compile("([0-9]{2}):([0-9]{2})_([0-9]{8})");

  /** The seconds of {@code <count><unit>}. */
  static long seconds(String span) {
    Matcher matcher = SPAN.matcher(span);
    Long unit = matcher.matches() ? UNIT_SECONDS.get(matcher.group(2)) : null;
    if (unit == null) {
      throw new IllegalArgumentException("not a time span: " + span);
    }
    return Math.multiplyExact(Long.parseLong(matcher.group(1)), unit);
  }

  static Instant parse(String time, Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    switch (time) {
      case "now":
        return now;
      case "today":
        return today.atStartOfDay().toInstant(ZoneOffset.UTC);
      case "yesterday":
        return today.minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      case "tomorrow":
        return today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      default:
        break;
    }
    Matcher relative = RELATIVE.matcher(time);
    if (relative.matches()) {
      long seconds = seconds(relative.group(2));
      return relative.group(1).equals("-") ? now.minusSeconds(seconds) : now.plusSeconds(seconds);
    }
    Matcher clockDate = CLOCK_DATE.matcher(time);
    if (clockDate.matches()) {
      return date(clockDate.group(3)).atStartOfDay().plusHours(Integer.parseInt(clockDate.group(1)))
          .plusMinutes(Integer.parseInt(clockDate.group(2))).toInstant(ZoneOffset.UTC);
    }
    if (time.matches("[0-9]{1,18}")) {
      if (time.length() == 8) {
        int year = Integer.parseInt(time.substring(0, 4));
        int month = Integer.parseInt(time.substring(4, 6));
        int day = Integer.parseInt(time.substring(6, 8));
        if (year > 1900 && month < 13 && day < 32) {
          return date(time).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
      }
      return Instant.ofEpochSecond(Long.parseLong(time));
    }
    throw new IllegalArgumentException("not a time: " + time);
  }

  private static LocalDate date(String yyyymmdd) {
    try {
      return LocalDateTime.of(Integer.parseInt(yyyymmdd.substring(0, 4)), Integer.parseInt(yyyymmdd.substring(4, 6)),
          Integer.parseInt(yyyymmdd.substring(6, 8)), 0, 0).toLocalDate();
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("not a date: " + yyyymmdd, e);
    }
  }

  /** The start of the {@code interval}-wide bucket {@code instant} falls in, in epoch seconds. */
  static long bucket(Instant instant, long interval) {
    return Math.floorDiv(instant.getEpochSecond(), interval) * interval;
  }

}
