package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValuesTest {
  @Test
  void outboundMessagesAreValues() {
    OutboundMessage message = OutboundMessage.text("+27", "hi");
    OutboundMessage closing = message.withSessionEvent(SessionEvent.CLOSE);
    assertEquals(null, message.sessionEvent(), "withers leave the original alone");
    assertEquals(SessionEvent.CLOSE, closing.sessionEvent());
    assertEquals(closing, OutboundMessage.text("+27", "hi").withSessionEvent(SessionEvent.CLOSE));
    assertEquals(closing.hashCode(), OutboundMessage.text("+27", "hi").withSessionEvent(SessionEvent.CLOSE).hashCode());
    assertNotEquals(message, closing);
    assertTrue(message.voice().isEmpty());
    assertEquals("OutboundMessage{toAddr=+27, content=hi, sessionEvent=CLOSE}", closing.toString());
  }

  @Test
  void voiceOptionsAreValues() {
    VoiceOptions voice = VoiceOptions.builder().speechUrl("https://example.org/a.ogg").waitFor("#").build();
    assertEquals(voice, VoiceOptions.builder().speechUrl("https://example.org/a.ogg").waitFor("#").build());
    assertEquals("https://example.org/a.ogg", voice.speechUrl());
    assertEquals("#", voice.waitFor());
    OutboundMessage message = OutboundMessage.voice("+27", "hi", voice);
    assertEquals(voice, message.voice());
    assertTrue(message.toString().contains("voice=VoiceOptions{speechUrl=https://example.org/a.ogg, waitFor=#}"));
  }

  @Test
  void metricsAreValues() {
    Metric metric = Metric.of("m", 2.5, Aggregate.AVG);
    assertEquals("m", metric.name());
    assertEquals(2.5, metric.value());
    assertEquals(Aggregate.AVG, metric.aggregate());
    assertEquals(Aggregate.LAST, Metric.of("m", 1).aggregate());
    assertEquals(metric, Metric.of("m", 2.5, Aggregate.AVG));
    assertNotEquals(Metric.of("m", 0.0), Metric.of("m", -0.0));
    assertEquals("Metric{name=m, value=2.5, aggregate=AVG}", metric.toString());
  }

  @Test
  void wireNamesAreLowerCase() {
    assertEquals("resume", SessionEvent.RESUME.wireName());
    assertEquals("min", Aggregate.MIN.wireName());
  }
}
