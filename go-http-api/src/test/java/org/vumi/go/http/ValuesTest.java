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
    assertTrue(message.toString().contains("voice=VoiceOptions[speechUrl=https://example.org/a.ogg, waitFor=#]"));
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
    assertEquals("Metric[name=m, value=2.5, aggregate=AVG]", metric.toString());
  }

  @Test
  void wireNamesAreLowerCase() {
    assertEquals("resume", SessionEvent.RESUME.wireName());
    assertEquals("min", Aggregate.MIN.wireName());
  }

  @Test
  void equalityLooksAtEveryField() {
    OutboundMessage message = OutboundMessage.text("+27", "hi");
    assertNotEquals(message, OutboundMessage.text("+28", "hi"));
    assertNotEquals(message, OutboundMessage.text("+27", "ho"));
    assertNotEquals(message, message.withVoice(VoiceOptions.builder().waitFor("#").build()));
    assertNotEquals(message, "hi");
    VoiceOptions voice = VoiceOptions.builder().speechUrl("http://x/a.ogg").waitFor("#").build();
    assertNotEquals(voice, VoiceOptions.builder().speechUrl("http://x/b.ogg").waitFor("#").build());
    assertNotEquals(voice, VoiceOptions.builder().speechUrl("http://x/a.ogg").waitFor("*").build());
    assertNotEquals(voice, "voice");
    assertEquals(voice.hashCode(), VoiceOptions.builder().speechUrl("http://x/a.ogg").waitFor("#").build().hashCode());
    Metric metric = Metric.of("m", 1, Aggregate.SUM);
    assertNotEquals(metric, Metric.of("n", 1, Aggregate.SUM));
    assertNotEquals(metric, Metric.of("m", 2, Aggregate.SUM));
    assertNotEquals(metric, Metric.of("m", 1, Aggregate.MAX));
    assertNotEquals(metric, "m");
    assertEquals(metric.hashCode(), Metric.of("m", 1, Aggregate.SUM).hashCode());
    MetricResult result = new MetricResult(true, "Metrics published");
    assertEquals(result.hashCode(), new MetricResult(true, "Metrics published").hashCode());
    assertNotEquals(result, new MetricResult(false, "Metrics published"));
    assertNotEquals(result, new MetricResult(true, "other"));
    assertNotEquals(result, "result");
    assertEquals("MetricResult[success=true, reason=Metrics published]", result.toString());
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(4).build();
    assertEquals(policy.hashCode(), RetryPolicy.builder().maxAttempts(4).build().hashCode());
    assertNotEquals(policy, RetryPolicy.defaults());
    assertNotEquals(RetryPolicy.defaults(), RetryPolicy.builder().initialBackoff(java.time.Duration.ZERO).build());
    assertNotEquals(RetryPolicy.defaults(), RetryPolicy.builder().maxBackoff(java.time.Duration.ZERO).build());
    assertNotEquals(policy, "policy");
    assertEquals(java.time.Duration.ofMillis(250), policy.initialBackoff());
    assertEquals(java.time.Duration.ofSeconds(10), policy.maxBackoff());
  }

  @Test
  void sentMessageReadsVumisJson() {
    SentMessage message = SentMessage.parse("{\"message_id\": \"abc\", \"to_addr_type\": \"msisdn\","
        + " \"from_addr_type\": \"ussd_code\", \"group\": \"g\", \"provider\": \"mtn\", \"from_addr\": \"*120#\","
        + " \"in_reply_to\": \"def\", \"transport_name\": \"ussd_transport\", \"timestamp\": \"2016-03-22 13:50:23\"}");
    assertEquals("abc", message.messageId());
    assertEquals("msisdn", message.toAddrType());
    assertEquals("ussd_code", message.fromAddrType());
    assertEquals("g", message.group());
    assertEquals("mtn", message.provider());
    assertEquals("*120#", message.fromAddr());
    assertEquals("def", message.inReplyTo());
    assertEquals("ussd_transport", message.transportName());
    assertEquals(java.time.Instant.parse("2016-03-22T13:50:23Z"), message.timestamp());
    assertEquals(null, SentMessage.parse("{\"message_id\": \"abc\"}").timestamp());
  }

  @Test
  void sentMessageRefusesWhatIsNotAMessage() {
    assertEquals("json must be an object with a string message_id", org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> SentMessage.parse("{\"content\": \"hi\"}")).getMessage());
    assertEquals("json must be an object with a string message_id", org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> SentMessage.parse("[1]")).getMessage());
    assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> SentMessage.parse("{\"message_id\": ")).getMessage().startsWith("json is not valid JSON"));
    assertEquals("json must not be null", org.junit.jupiter.api.Assertions.assertThrows(
        NullPointerException.class, () -> SentMessage.parse(null)).getMessage());
  }
}
