package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.Level;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.SubstituteLogger;

class LoggingSenderTest {
  final ConcurrentLinkedQueue<SubstituteLoggingEvent> events = new ConcurrentLinkedQueue<>();
  final EventRecordingLogger logger =
      new EventRecordingLogger(new SubstituteLogger("test", events, false), events);
  final LoggingSender sender = new LoggingSender(logger);

  List<String> lines() {
    return events.stream().map(SubstituteLoggingEvent::getMessage).collect(Collectors.toList());
  }

  static JsonNode parse(String json) throws Exception {
    return new ObjectMapper().readTree(json);
  }

  @Test
  void sendTextLogsAndReturnsTheBodyWithAMessageId() throws Exception {
    SentMessage sent = sender.sendText("to-addr-1", "Hello!");
    assertEquals(List.of("Message: 'Hello!' sent to 'to-addr-1'"), lines());
    assertEquals(Level.INFO, events.peek().getLevel());
    assertTrue(sent.messageId().matches("[0-9a-f]{32}"), sent.messageId());
    assertEquals(parse("{\"to_addr\": \"to-addr-1\", \"content\": \"Hello!\", \"message_id\": \"" + sent.messageId() + "\"}"),
        sent.json());
    assertEquals("to-addr-1", sent.toAddr());
    assertEquals("Hello!", sent.content());
  }

  @Test
  void eachMessageGetsItsOwnId() throws Exception {
    assertNotEquals(sender.sendText("a", "b").messageId(), sender.sendText("a", "b").messageId());
  }

  @Test
  void sendTextWithSessionEvent() throws Exception {
    SentMessage sent = sender.sendText("to-addr-1", "Hello!", "close");
    assertEquals(List.of("Message: 'Hello!' sent to 'to-addr-1' [session_event: close]"), lines());
    assertEquals(SessionEvent.CLOSE, sent.sessionEvent());
    assertEquals("close", sent.json().get("session_event").asText());
  }

  @Test
  void sendVoiceWithSpeechUrl() throws Exception {
    SentMessage sent = sender.sendVoice("to-addr-1", "Hello!", "http://example.com/speech.ogg", null, null);
    assertEquals(List.of("Message: 'Hello!' sent to 'to-addr-1' [voice: {'speech_url': 'http://example.com/speech.ogg'}]"),
        lines());
    assertEquals(parse("{\"voice\": {\"speech_url\": \"http://example.com/speech.ogg\"}}"), sent.json().get("helper_metadata"));
  }

  @Test
  void sendVoiceWithEverything() throws Exception {
    sender.sendVoice("to-addr-1", "Hello!", "http://example.com/speech.ogg", "#", "new");
    assertEquals(List.of("Message: 'Hello!' sent to 'to-addr-1' [session_event: new]"
        + " [voice: {'speech_url': 'http://example.com/speech.ogg', 'wait_for': '#'}]"), lines());
  }

  @Test
  void sendVoiceWithWaitForOnly() throws Exception {
    sender.send(OutboundMessage.voice("to-addr-1", "Hi", VoiceOptions.builder().waitFor("#").build()));
    assertEquals(List.of("Message: 'Hi' sent to 'to-addr-1' [voice: {'wait_for': '#'}]"), lines());
  }

  @Test
  void quotesAsPythonDoes() throws Exception {
    sender.sendText("+27", "it's");
    sender.sendText("+27", "say \"hi\"\nand 'bye'");
    assertEquals(List.of("Message: \"it's\" sent to '+27'", "Message: 'say \"hi\"\\nand \\'bye\\'' sent to '+27'"), lines());
  }

  @Test
  void fireMetric() throws Exception {
    MetricResult result = sender.fireMetric("metric-1", 5.1, "max");
    assertEquals(List.of("Metric: 'metric-1' [max] -> 5.1"), lines());
    assertEquals(new MetricResult(true, "Metrics published"), result);
  }

  @Test
  void fireMetricDefaultsToLast() throws Exception {
    sender.fireMetric("metric-1", 5.0);
    assertEquals(List.of("Metric: 'metric-1' [last] -> 5.0"), lines());
  }

  @Test
  void fireMetricRefusesAnUnknownAggregate() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sender.fireMetric("metric-1", 5.1, "foo"));
    assertEquals("agg must be one of \"last\", \"sum\", \"avg\", \"max\", \"min\", but was \"foo\"", e.getMessage());
    assertTrue(events.isEmpty());
  }

  @Test
  void logsAtTheChosenLevel() throws Exception {
    new LoggingSender(logger, Level.DEBUG).sendText("a", "b");
    assertEquals(Level.DEBUG, events.peek().getLevel());
  }

  @Test
  void defaultLoggerIsNamedAfterTheClass() {
    assertEquals("LoggingSender{logger=org.vumi.go.http.LoggingSender, level=INFO}", new LoggingSender().toString());
  }

  @Test
  void isAConversationSender() throws Exception {
    ConversationSender asInterface = sender;
    asInterface.sendText("a", "b");
    assertFalse(lines().isEmpty());
  }

  @Test
  void escapesAsPythonDoes() throws Exception {
    sender.sendText("+27", "a\\b\r\tc");
    assertEquals(List.of("Message: 'a\\\\b\\r\\tc' sent to '+27'"), lines());
  }

  @Test
  void escapesControlCharactersAsPythonsReprDoes() throws Exception {
    // ESC, NUL, BEL, DEL, C1 (NEL, CSI, APC) and the Unicode line and paragraph separators would
    // colour, cut or split the log line: written as Python's repr writes them.
    sender.sendText("+27", "a\u001b[2Jb\u0000c\u0007d\u007fe\u0085f\u009bg\u009fh\u2028i\u2029j");
    assertEquals(List.of("Message: 'a\\x1b[2Jb\\x00c\\x07d\\x7fe\\x85f\\x9bg\\x9fh\\u2028i\\u2029j' sent to '+27'"),
        lines());
  }

  @Test
  void escapesBidirectionalControlsThatReorderTheLine() throws Exception {
    sender.sendText("+27", "pay \u202eR001\u202c to \u2066x\u2069\u200f\u061c");
    assertEquals(List.of("Message: 'pay \\u202eR001\\u202c to \\u2066x\\u2069\\u200f\\u061c' sent to '+27'"), lines());
    assertEquals("'\u061b\u200d\u2010\u2030\u2065\u2070'", LoggingSender.repr("\u061b\u200d\u2010\u2030\u2065\u2070"),
        "their printable neighbours are kept");
  }

  @Test
  void keepsPrintableNonAsciiAsItIs() throws Exception {
    String printable = "héllo wörld ½ € Привет مرحبا 你好 👍🏽 👨\u200d👩\u200d👧 e\u0301 \u00a0";
    sender.sendText("+27", printable);
    sender.send(OutboundMessage.reply("m\u00e9", "ok"));
    assertEquals(List.of("Message: '" + printable + "' sent to '+27'", "Reply: 'ok' to message 'm\u00e9'"), lines());
  }

  @Test
  void escapesEveryLoggedField() throws Exception {
    sender.sendVoice("+27", "hi\u001b", "http://example.com/a.ogg?x=\u2028", "#", null);
    assertEquals(List.of("Message: 'hi\\x1b' sent to '+27'"
        + " [voice: {'speech_url': 'http://example.com/a.ogg?x=\\u2028', 'wait_for': '#'}]"), lines());
  }

  @Test
  void aLoneSurrogateIsEscapedAsPythonDoes() {
    // OutboundMessage refuses lone surrogates today; repr does not rely on it.
    assertEquals("'a\\ud800b\\udc00'", LoggingSender.repr("a\ud800b\udc00"));
    assertEquals("'\ud83d\udc4d'", LoggingSender.repr("\ud83d\udc4d"));
    assertEquals("'\\ud83d'", LoggingSender.repr("\ud83d"), "a high surrogate at the very end");
  }

  @Test
  void disabledLevelLogsNothingButStillAnswers() throws Exception {
    org.slf4j.Logger quiet = org.slf4j.helpers.NOPLogger.NOP_LOGGER;
    LoggingSender silent = new LoggingSender(quiet, Level.INFO);
    assertEquals("b", silent.sendText("a", "b").content());
    assertTrue(silent.fireMetric("m", 1).success());
  }
}
