package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.SubstituteLogger;

class ReplyTest {
  static final String INBOUND = "{\"message_type\": \"user_message\", \"message_id\": \"in-1\", \"from_addr\": \"+27831234567\","
      + " \"to_addr\": \"*120*123#\", \"content\": null, \"session_event\": \"new\", \"transport_type\": \"ussd\"}";

  @StartStop
  final MockWebServer server = MockServers.noDelay();

  HttpApiSender sender() {
    return new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/api").toString(), null);
  }

  String body() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("PUT", request.getMethod());
    assertEquals("/api/conv-key/messages.json", request.getTarget());
    assertEquals(HttpApiSenderTest.AUTHORIZATION, request.getHeaders().get("Authorization"));
    return request.getBody().utf8();
  }

  @Test
  void replyPutsInReplyToAndContent() throws Exception {
    server.enqueue(HttpApiSenderTest.ok("{\"message_id\": \"out-1\", \"in_reply_to\": \"in-1\", \"to_addr\": \"+27831234567\"}"));
    SentMessage sent = sender().replyTo("in-1", "Menu");
    assertEquals("{\"in_reply_to\":\"in-1\",\"content\":\"Menu\"}", body());
    assertEquals("in-1", sent.inReplyTo());
    assertEquals("+27831234567", sent.toAddr());
  }

  @Test
  void replyWithSessionEvent() throws Exception {
    server.enqueue(HttpApiSenderTest.ok("{\"message_id\": \"out-1\"}"));
    sender().replyTo("in-1", "Bye", "close");
    assertEquals("{\"in_reply_to\":\"in-1\",\"content\":\"Bye\",\"session_event\":\"close\"}", body());
  }

  @Test
  void replyToAParsedInboundMessage() throws Exception {
    server.enqueue(HttpApiSenderTest.ok("{\"message_id\": \"out-1\"}"));
    assertEquals("out-1", sender().replyTo(InboundMessage.parse(INBOUND), "1. Balance\n2. Top up", SessionEvent.RESUME)
        .messageId());
    assertEquals("{\"in_reply_to\":\"in-1\",\"content\":\"1. Balance\\n2. Top up\",\"session_event\":\"resume\"}", body());
  }

  @Test
  void unknownInboundMessageIsInvalidReply() {
    String answer = "{\"success\": false, \"reason\": \"Invalid in_reply_to value\"}";
    server.enqueue(HttpApiSenderTest.json(400, answer));
    InvalidReplyException e = assertThrows(InvalidReplyException.class, () -> sender().replyTo("nope", "Hi"));
    assertEquals("nope", e.inReplyTo());
    assertEquals(400, e.statusCode());
    assertEquals("Invalid in_reply_to value", e.reason());
    assertEquals(answer, e.responseBody());
    assertTrue(e.getMessage().startsWith("No inbound message nope in this conversation"), e.getMessage());
  }

  @Test
  void aReplyIsNeverOptedOut() {
    server.enqueue(HttpApiSenderTest.json(400, "{\"success\": false, \"reason\": \"Recipient with msisdn +27 has opted out\"}"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender().replyTo("in-1", "Hi"));
    assertFalse(e instanceof UserOptedOutException);
  }

  @Test
  void invalidInReplyToOnAPlainSendIsAPlainError() {
    server.enqueue(HttpApiSenderTest.json(400, "{\"success\": false, \"reason\": \"Invalid in_reply_to value\"}"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender().sendText("+27", "Hi"));
    assertFalse(e instanceof InvalidReplyException);
  }

  @Test
  void badRepliesAreRefusedBeforeSending() {
    assertEquals("inReplyTo must not be null",
        assertThrows(NullPointerException.class, () -> sender().replyTo((String) null, "Hi")).getMessage());
    assertEquals("inReplyTo must not be blank",
        assertThrows(IllegalArgumentException.class, () -> sender().replyTo(" ", "Hi")).getMessage());
    assertEquals("content must not be null",
        assertThrows(NullPointerException.class, () -> sender().replyTo("in-1", null)).getMessage());
    assertEquals("sessionEvent must be one of \"new\", \"resume\", \"close\", but was \"end\"",
        assertThrows(IllegalArgumentException.class, () -> sender().replyTo("in-1", "Hi", "end")).getMessage());
    assertEquals("inbound must not be null", assertThrows(NullPointerException.class,
        () -> sender().replyTo((InboundMessage) null, "Hi", SessionEvent.CLOSE)).getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void repliesAreValues() {
    OutboundMessage reply = OutboundMessage.reply("in-1", "Hi").withSessionEvent(SessionEvent.CLOSE);
    assertTrue(reply.isReply());
    assertEquals("in-1", reply.inReplyTo());
    assertEquals(null, reply.toAddr());
    assertEquals(reply, OutboundMessage.reply(InboundMessage.parse(INBOUND.replace("in-1", "in-1")), "Hi")
        .withSessionEvent(SessionEvent.CLOSE));
    assertFalse(reply.equals(OutboundMessage.text("in-1", "Hi").withSessionEvent(SessionEvent.CLOSE)));
    assertEquals("OutboundMessage{inReplyTo=in-1, content=Hi, sessionEvent=CLOSE}", reply.toString());
  }

  @Test
  void loggingSenderLogsReplies() throws Exception {
    ConcurrentLinkedQueue<SubstituteLoggingEvent> events = new ConcurrentLinkedQueue<>();
    LoggingSender logging = new LoggingSender(new EventRecordingLogger(new SubstituteLogger("t", events, false), events));
    SentMessage sent = logging.replyTo("in-1", "Bye", "close");
    assertEquals(List.of("Reply: 'Bye' to message 'in-1' [session_event: close]"),
        events.stream().map(SubstituteLoggingEvent::getMessage).toList());
    assertEquals("in-1", sent.inReplyTo());
    assertEquals(SessionEvent.CLOSE, sent.sessionEvent());
    assertInstanceOf(String.class, sent.messageId());
  }
}
