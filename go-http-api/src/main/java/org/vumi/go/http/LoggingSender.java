package org.vumi.go.http;

import org.vumi.go.http.internal.Checks;
import org.vumi.go.http.internal.Ids;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A stand-in for {@link HttpApiSender} that sends nothing and logs instead: for development and
 * for testing applications. It checks arguments exactly as the real sender does, and answers in the
 * same shapes.
 *
 * <p>It logs through SLF4J, in the Python client's words:
 * <pre>
 * Message: 'Hello!' sent to '+27831234567' [session_event: close]
 * Reply: 'Goodbye!' to message '4802dff6...' [session_event: close]
 * Metric: 'registrations' [sum] -&gt; 1.0
 * </pre>
 *
 * <p>Values are quoted and escaped as Python's {@code repr} writes them, so a value cannot forge,
 * split, colour or reorder a log line: control characters, line and paragraph separators,
 * bidirectional controls and lone surrogates appear as escapes (<code>&#92;x1b</code>,
 * <code>&#92;x85</code>, <code>&#92;u2028</code>); printable text in any script is kept as it is.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class LoggingSender implements ConversationSender {
  private final Logger logger;
  private final Level level;

  /** Makes a sender that logs at INFO to the logger named {@code org.vumi.go.http.LoggingSender}. */
  public LoggingSender() {
    this(LoggerFactory.getLogger(LoggingSender.class), Level.INFO);
  }

  /**
   * Makes a sender that logs to the given logger at INFO.
   *
   * @param logger where to log; not null
   */
  public LoggingSender(Logger logger) {
    this(logger, Level.INFO);
  }

  /**
   * Makes a sender that logs to the given logger at the given level.
   *
   * @param logger where to log; not null
   * @param level the level to log at; not null
   */
  public LoggingSender(Logger logger, Level level) {
    this.logger = Checks.requireNonNull(logger, "logger");
    this.level = Checks.requireNonNull(level, "level");
  }

  /**
   * Logs the message instead of sending it.
   *
   * @param message the message; not null
   * @return the message's fields as they would have been sent, with a newly made {@code message_id}
   */
  @Override
  public SentMessage send(OutboundMessage message) {
    Checks.requireNonNull(message, "message");
    String messageId = Ids.messageId();
    byte[] json = Json.messageBody(message, messageId);
    if (logger.isEnabledForLevel(level)) {
      StringBuilder line = new StringBuilder(message.isReply() ? "Reply: " : "Message: ")
          .append(repr(message.content()));
      if (message.isReply()) {
        line.append(" to message ").append(repr(message.inReplyTo()));
      } else {
        line.append(" sent to ").append(repr(message.toAddr()));
      }
      if (message.sessionEvent() != null) {
        line.append(" [session_event: ").append(message.sessionEvent().wireName()).append(']');
      }
      VoiceOptions voice = message.voice();
      if (!voice.isEmpty()) {
        line.append(" [voice: {");
        if (voice.speechUrl() != null) {
          line.append("'speech_url': ").append(repr(voice.speechUrl()));
        }
        if (voice.waitFor() != null) {
          line.append(voice.speechUrl() != null ? ", " : "").append("'wait_for': ").append(repr(voice.waitFor()));
        }
        line.append("}]");
      }
      logger.atLevel(level).log(line.toString());
    }
    return new SentMessage(json, messageId);
  }

  /**
   * Logs the metric instead of firing it.
   *
   * @param metric the metric; not null
   * @return success, with reason {@code "Metrics published"}, as Vumi Go answers
   */
  @Override
  public MetricResult fireMetric(Metric metric) {
    Checks.requireNonNull(metric, "metric");
    if (logger.isEnabledForLevel(level)) {
      logger.atLevel(level).log("Metric: " + repr(metric.name()) + " [" + metric.aggregate().wireName()
          + "] -> " + metric.value());
    }
    return new MetricResult(true, "Metrics published");
  }

  /**
   * Quotes as Python's {@code repr} does, so log lines read as the original's and nothing in a
   * value can colour, cut, split or reorder the line: the quote and backslash escaped; tab, line
   * feed and carriage return as {@code \t \n \r}; every other control character (C0, DEL, C1),
   * the line and paragraph separators, the bidirectional controls and lone surrogates as a
   * backslash, then x and two hex digits or u and four, as Python writes them. Printable text in
   * any script, emoji and their joiners included, is kept as it is.
   */
  static String repr(String value) {
    char quote = value.indexOf('\'') >= 0 && value.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder(value.length() + 2).append(quote);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c == quote) {
            out.append('\\').append(c);
          } else if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(++i)); // a pair is one printable code point
          } else if (unprintable(c)) {
            out.append(c < 0x100 ? "\\x" : "\\u").append(String.format(c < 0x100 ? "%02x" : "%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append(quote).toString();
  }

  /** Whether a character would garble, split or reorder a log line shown raw; a lone surrogate is no text at all. */
  private static boolean unprintable(char c) {
    switch (Character.getType(c)) {
      case Character.CONTROL:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SURROGATE:
        return true;
      default:
        return c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
            || (c >= '\u2066' && c <= '\u2069');
    }
  }

  @Override
  public String toString() {
    return "LoggingSender{logger=" + logger.getName() + ", level=" + level + "}";
  }
}
