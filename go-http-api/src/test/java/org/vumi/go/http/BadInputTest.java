package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input fails before anything is sent, with a message that names the parameter. */
class BadInputTest {
  @StartStop
  final MockWebServer server = MockServers.noDelay();

  interface Call {
    void on(ConversationSender sender) throws Exception;
  }

  static Arguments bad(Class<? extends Exception> type, String message, Call call) {
    return Arguments.of(message, type, call);
  }

  static Stream<Arguments> badCalls() {
    String events = "sessionEvent must be one of \"new\", \"resume\", \"close\", but was ";
    String aggs = "agg must be one of \"last\", \"sum\", \"avg\", \"max\", \"min\", but was ";
    return Stream.of(
        bad(NullPointerException.class, "toAddr must not be null", s -> s.sendText(null, "hi")),
        bad(IllegalArgumentException.class, "toAddr must not be blank", s -> s.sendText("", "hi")),
        bad(IllegalArgumentException.class, "toAddr must not be blank", s -> s.sendText(" \t", "hi")),
        bad(NullPointerException.class, "content must not be null", s -> s.sendText("+27", null)),
        bad(IllegalArgumentException.class, "content must not be blank", s -> s.sendText("+27", "  ")),
        bad(IllegalArgumentException.class, events + "\"CLOSE\"", s -> s.sendText("+27", "hi", "CLOSE")),
        bad(IllegalArgumentException.class, events + "\"\"", s -> s.sendText("+27", "hi", "")),
        bad(IllegalArgumentException.class, events + "\"end\"", s -> s.sendVoice("+27", "hi", null, null, "end")),
        bad(NullPointerException.class, "content must not be null", s -> s.sendVoice("+27", null)),
        bad(IllegalArgumentException.class, "speechUrl must be an absolute http or https URL, but was \"speech.ogg\"",
            s -> s.sendVoice("+27", "hi", "speech.ogg", null, null)),
        bad(IllegalArgumentException.class, "speechUrl must be an absolute http or https URL, but was \"ftp://x/a.ogg\"",
            s -> s.sendVoice("+27", "hi", "ftp://x/a.ogg", null, null)),
        bad(IllegalArgumentException.class, "waitFor must be one keypad key (0-9, *, #, A-D), but was \"##\"",
            s -> s.sendVoice("+27", "hi", null, "##", null)),
        bad(IllegalArgumentException.class, "waitFor must be one keypad key (0-9, *, #, A-D), but was \"\"",
            s -> s.sendVoice("+27", "hi", null, "", null)),
        bad(NullPointerException.class, "metric must not be null", s -> s.fireMetric(null, 1)),
        bad(IllegalArgumentException.class, "metric must not be blank", s -> s.fireMetric(" ", 1)),
        bad(IllegalArgumentException.class, "value must be a finite number, but was NaN", s -> s.fireMetric("m", Double.NaN)),
        bad(IllegalArgumentException.class, "value must be a finite number, but was Infinity",
            s -> s.fireMetric("m", Double.POSITIVE_INFINITY)),
        bad(IllegalArgumentException.class, "value must be a finite number, but was -Infinity",
            s -> s.fireMetric("m", Double.NEGATIVE_INFINITY, "sum")),
        bad(IllegalArgumentException.class, aggs + "\"median\"", s -> s.fireMetric("m", 1, "median")),
        bad(IllegalArgumentException.class, aggs + "\"MAX\"", s -> s.fireMetric("m", 1, "MAX")),
        bad(NullPointerException.class, "agg must not be null", s -> s.fireMetric("m", 1, null)),
        bad(IllegalArgumentException.class, "toAddr must not contain control characters, but has U+000A at index 3",
            s -> s.sendText("+27\n", "hi")),
        bad(IllegalArgumentException.class, "toAddr must not contain control characters, but has U+0000 at index 0",
            s -> s.sendVoice("\u0000", "hi")),
        bad(IllegalArgumentException.class, "content must be valid Unicode text, but has a lone surrogate U+D83D at index 2",
            s -> s.sendText("+27", "hi\uD83D")),
        bad(IllegalArgumentException.class, "content must be valid Unicode text, but has a lone surrogate U+DC4B at index 0",
            s -> s.sendVoice("+27", "\uDC4Bhi")),
        bad(IllegalArgumentException.class, "toAddr must be valid Unicode text, but has a lone surrogate U+D83D at index 1",
            s -> s.sendText("+\uD83D", "hi")),
        bad(IllegalArgumentException.class, "metric must not contain control characters, but has U+0009 at index 1",
            s -> s.fireMetric("a\tb", 1)),
        bad(NullPointerException.class, "message must not be null", s -> s.send(null)),
        bad(NullPointerException.class, "metric must not be null", s -> s.fireMetric((Metric) null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCalls")
  void httpApiSenderRefusesAndSendsNothing(String message, Class<? extends Exception> type, Call call) {
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), null);
    Exception e = assertThrows(type, () -> call.on(sender));
    assertEquals(message, e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCalls")
  void loggingSenderRefusesAlike(String message, Class<? extends Exception> type, Call call) {
    Exception e = assertThrows(type, () -> call.on(new LoggingSender()));
    assertEquals(message, e.getMessage());
  }

  static Stream<Arguments> badConstructors() {
    return Stream.of(
        Arguments.of("accountKey must not be null", new String[] {null, "c", "t", null}),
        Arguments.of("accountKey must not be blank", new String[] {" ", "c", "t", null}),
        Arguments.of("conversationKey must not be null", new String[] {"a", null, "t", null}),
        Arguments.of("conversationKey must not be blank", new String[] {"a", "", "t", null}),
        Arguments.of("conversationToken must not be null", new String[] {"a", "c", null, null}),
        Arguments.of("conversationToken must not be blank", new String[] {"a", "c", "", null}),
        Arguments.of("apiUrl must be an absolute http or https URL, such as https://go.vumi.org/api/v1/go, but has no http:// or https:// scheme (the rest is not shown: it may hold a secret)",
            new String[] {"a", "c", "t", "go.vumi.org/api"}),
        Arguments.of("apiUrl must be an absolute http or https URL, such as https://go.vumi.org/api/v1/go, but was \"ftp://go.vumi.org…\"",
            new String[] {"a", "c", "t", "ftp://go.vumi.org/api"}),
        Arguments.of("apiUrl must be an absolute http or https URL, such as https://go.vumi.org/api/v1/go, but was \"\"", new String[] {"a", "c", "t", ""}),
        Arguments.of("apiUrl must be an absolute http or https URL, such as https://go.vumi.org/api/v1/go, but was \"http://\"", new String[] {"a", "c", "t", "http://"}),
        Arguments.of("apiUrl must be an absolute http or https URL, such as https://go.vumi.org/api/v1/go, but has no http:// or https:// scheme (the rest is not shown: it may hold a secret)",
            new String[] {"a", "c", "t", "mailto:go@vumi.org"}),
        Arguments.of("apiUrl must be an absolute http or https URL, such as https://go.vumi.org/api/v1/go, but was \" \"", new String[] {"a", "c", "t", " "}),
        Arguments.of("apiUrl must not hold credentials; pass them as accountKey and conversationToken",
            new String[] {"a", "c", "t", "https://user:secret@go.vumi.org/api"}),
        // A malformed URL that holds a secret is never echoed whole.
        Arguments.of("apiUrl must be an absolute http or https URL, such as https://go.vumi.org/api/v1/go, but was \"htps://go.vumi.org…\"",
            new String[] {"a", "c", "t", "htps://acc:SECRET@go.vumi.org/api"}),
        Arguments.of("apiUrl must be an absolute http or https URL, such as https://go.vumi.org/api/v1/go, but was \"http://go.vumi.org…\"",
            new String[] {"a", "c", "t", "http://acc:SECRET@go.vumi.org:99999/"}),
        Arguments.of("apiUrl must not have a query or fragment, but was \"https://go.vumi.org…\"",
            new String[] {"a", "c", "t", "https://go.vumi.org/api?debug=1"}),
        // What cannot be sent faithfully: dot segments, control characters, ':' in the user, non-ASCII.
        Arguments.of("conversationKey must not be \".\" or \"..\", but was \"..\"", new String[] {"a", "..", "t", null}),
        Arguments.of("conversationKey must not be \".\" or \"..\", but was \".\"", new String[] {"a", ".", "t", null}),
        Arguments.of("conversationKey must be printable ASCII without spaces (U+0021 to U+007E), but has U+000A at index 1",
            new String[] {"a", "c\nd", "t", null}),
        Arguments.of("accountKey must not contain ':', but has one at index 3", new String[] {"acc:x", "c", "t", null}),
        Arguments.of("conversationToken must be printable ASCII without spaces (U+0021 to U+007E), but has U+0442 at index 0",
            new String[] {"a", "c", "токен", null}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConstructors")
  void constructorFailsFast(String message, String[] args) {
    RuntimeException e = assertThrows(RuntimeException.class, () -> new HttpApiSender(args[0], args[1], args[2], args[3], null));
    assertEquals(message, e.getMessage());
    assertFalse(e.getMessage().contains("SECRET"), "a secret was echoed");
  }

  @Test
  void enumsNameTheirAllowedValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionEvent.fromWireName("x"));
    assertEquals("sessionEvent must be one of \"new\", \"resume\", \"close\", but was \"x\"", e.getMessage());
    assertEquals(SessionEvent.RESUME, SessionEvent.fromWireName("resume"));
    assertEquals(Aggregate.AVG, Aggregate.fromWireName("avg"));
    assertThrows(IllegalArgumentException.class, () -> Aggregate.fromWireName("average"));
  }

  @Test
  void valuesAreCheckedWhenMade() {
    assertThrows(NullPointerException.class, () -> OutboundMessage.text("+27", "hi").withVoice(null));
    assertEquals("aggregate must not be null",
        assertThrows(NullPointerException.class, () -> Metric.of("m", 1, null)).getMessage());
    assertEquals("name must not be blank", assertThrows(IllegalArgumentException.class, () -> Metric.of(" ", 1)).getMessage());
    assertEquals("metric must not be blank",
        assertThrows(IllegalArgumentException.class, () -> new LoggingSender().fireMetric(" ", 1)).getMessage());
    assertEquals(EventType.NACK, EventType.fromWireName("nack"));
    assertEquals(DeliveryStatus.fromWireName(DeliveryStatus.values()[0].wireName()), DeliveryStatus.values()[0]);
    assertEquals("wireName must be one of \"ack\", \"nack\", \"delivery_report\", but was \"ACK\"",
        assertThrows(IllegalArgumentException.class, () -> EventType.fromWireName("ACK")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> DeliveryStatus.fromWireName("x"));
    assertThrows(IllegalArgumentException.class, () -> new SendOutcome(OutboundMessage.text("+27", "hi"), null, null));
    assertThrows(IllegalArgumentException.class, () -> VoiceOptions.builder().waitFor("5#"));
  }
}
