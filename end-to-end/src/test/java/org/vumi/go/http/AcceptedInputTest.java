package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vumi.go.http.testing.PublishedMetric;
import org.vumi.go.http.testing.Emulators;
import org.vumi.go.http.testing.VumiGoEmulator;

/** Unusual but valid input is sent exactly as given: what the emulator records is what was passed. */
class AcceptedInputTest {
  final VumiGoEmulator vumiGo = start();
  final HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", vumiGo.apiUrl(), null);

  static VumiGoEmulator start() {
    return Emulators.started();
  }

  @AfterEach
  void stop() {
    sender.close();
    vumiGo.close();
  }

  static Stream<Arguments> contents() {
    return Stream.of(
        Arguments.of("emoji, with a skin tone", "Sawubona 👋🏽!"),
        Arguments.of("right-to-left", "مرحبا بالعالم"),
        Arguments.of("combining marks", "e\u0301 a\u0308 \u0915\u093F"),
        Arguments.of("control characters", "\u0000\u0007 line\nbreak\ttab\r"),
        Arguments.of("JSON's own characters", "\"quoted\" \\ back/slash {}[]"),
        Arguments.of("one megabyte", "x".repeat(1 << 20)));
  }

  @ParameterizedTest(name = "sendText with {0}")
  @MethodSource("contents")
  void sendTextCarriesAnyText(String kind, String content) throws IOException {
    SentMessage sent = sender.sendText("+27831234567", content);
    assertEquals(content, sent.content());
    assertEquals(content, vumiGo.messages().get(0).content());
  }

  @ParameterizedTest(name = "sendVoice with {0}")
  @MethodSource("contents")
  void sendVoiceCarriesAnyText(String kind, String content) throws IOException {
    sender.sendVoice("+27831234567", content, "https://example.org/a b.ogg?x=ü", "#", "new");
    assertEquals(content, vumiGo.messages().get(0).content());
  }

  @ParameterizedTest(name = "LoggingSender with {0}")
  @MethodSource("contents")
  void loggingSenderCarriesAnyText(String kind, String content) throws IOException {
    assertEquals(content, new LoggingSender(org.slf4j.helpers.NOPLogger.NOP_LOGGER).sendText("+27831234567", content).content());
  }

  @Test
  void addressesAndNamesMayBeAnyPrintableText() throws IOException {
    sender.sendText("@vumi_💬", "hi");
    sender.fireMetric("métrique ✓", 1);
    assertEquals("@vumi_💬", vumiGo.messages().get(0).toAddr());
    assertEquals("métrique ✓", vumiGo.metrics().get(0).name());
  }

  @Test
  void extremeButFiniteMetricValuesAreSentExactly() throws IOException {
    double[] values = {-0.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 0.1 + 0.2, 1e-300};
    for (double value : values) {
      sender.fireMetric("m", value, "min");
    }
    for (int i = 0; i < values.length; i++) {
      PublishedMetric published = vumiGo.metrics().get(i);
      assertEquals(0, Double.compare(values[i], published.value()), "value " + values[i]);
    }
  }

  @Test
  void everyAggregateAndSessionEventIsAccepted() throws IOException {
    for (Aggregate aggregate : Aggregate.values()) {
      sender.fireMetric("m", 1, aggregate.wireName());
    }
    for (SessionEvent event : SessionEvent.values()) {
      sender.sendText("+27", "hi", event.wireName());
    }
    assertEquals(5, vumiGo.metrics().size());
    assertEquals(3, vumiGo.messages().size());
  }
}
