package org.vumi.go.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Parsing what Vumi Go pushes: the doc's examples, unknown keys, and clear errors. */
class PushModelsTest {
  static final String INBOUND = "{\"message_type\": \"user_message\", \"message_version\": \"20110921\","
      + " \"message_id\": \"59b37288d8d94e42ab804158bdbf53e5\", \"in_reply_to\": null, \"session_event\": \"resume\","
      + " \"to_addr\": \"*120*123#\", \"from_addr\": \"27761234567\", \"content\": \"2\", \"transport_name\": \"ussd_transport\","
      + " \"transport_type\": \"ussd\", \"transport_metadata\": {}, \"timestamp\": \"2016-03-22 13:50:23.123456\","
      + " \"helper_metadata\": {\"go\": {\"user_account\": \"acc\", \"conversation_type\": \"http_api_nostream\","
      + " \"conversation_key\": \"conv-key\"}, \"other\": {\"x\": 1}}, \"__cache__\": {\"seen\": true}}";
  static final String ACK = "{\"event_type\": \"ack\", \"timestamp\": \"2016-03-22 13:50:23.123456\","
      + " \"event_id\": \"b04ec322fc1c4819bc3f28e6e0c69de6\", \"sent_message_id\": \"abc\", \"routing_metadata\": {},"
      + " \"message_version\": \"20110921\", \"user_message_id\": \"1\", \"helper_metadata\": {}, \"message_type\": \"event\"}";

  @Test
  void inboundMessage() throws Exception {
    InboundMessage message = InboundMessage.parse(INBOUND);
    assertEquals("59b37288d8d94e42ab804158bdbf53e5", message.messageId());
    assertEquals("27761234567", message.fromAddr());
    assertEquals("*120*123#", message.toAddr());
    assertEquals("2", message.content());
    assertEquals(SessionEvent.RESUME, message.sessionEvent());
    assertEquals("ussd_transport", message.transportName());
    assertEquals("ussd", message.transportType());
    assertEquals("conv-key", message.conversationKey());
    assertEquals(Instant.parse("2016-03-22T13:50:23.123456Z"), message.timestamp());
    assertEquals(message, InboundMessage.parse(INBOUND.getBytes(UTF_8)));
    assertEquals(message, InboundMessage.parse(new ByteArrayInputStream(INBOUND.getBytes(UTF_8))));
    ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(INBOUND);
    InboundMessage fromTree = InboundMessage.parse(tree);
    assertEquals(message, fromTree);
    tree.put("content", "changed later");
    assertEquals("2", fromTree.content(), "the caller's tree is copied");
    assertEquals(message.hashCode(), InboundMessage.parse(INBOUND).hashCode());
    assertTrue(message.toString().contains("fromAddr=27761234567"));
  }

  @Test
  void inboundMessageWritesBackEqualJson() throws Exception {
    InboundMessage message = InboundMessage.parse(INBOUND);
    ObjectMapper mapper = new ObjectMapper();
    assertEquals(mapper.readTree(INBOUND), mapper.readTree(message.toJson()));
    assertEquals(message, InboundMessage.parse(message.toJson()));
    ((ObjectNode) message.json()).put("content", "changed");
    assertEquals("2", message.content(), "json() is a copy");
  }

  @Test
  void inboundMessageWithoutOptionalFields() {
    InboundMessage bare = InboundMessage.parse("{\"message_id\": \"m\", \"from_addr\": \"+1\", \"to_addr\": \"9292\","
        + " \"content\": 5, \"helper_metadata\": {\"go\": []}}");
    assertNull(bare.content());
    assertNull(bare.sessionEvent());
    assertNull(bare.conversationKey());
    assertNull(bare.timestamp());
    assertNull(bare.transportType());
  }

  @Test
  void inboundMessageErrorsSayWhatIsWrong() {
    assertEquals("inbound message must have a string \"from_addr\"", assertThrows(MalformedPushException.class,
        () -> InboundMessage.parse("{\"message_id\": \"m\", \"to_addr\": \"9292\"}")).getMessage());
    assertEquals("inbound message must have a string \"message_id\"", assertThrows(MalformedPushException.class,
        () -> InboundMessage.parse("{\"message_id\": 5, \"from_addr\": \"+1\", \"to_addr\": \"9292\"}")).getMessage());
    assertEquals("inbound message must be a JSON object",
        assertThrows(MalformedPushException.class, () -> InboundMessage.parse("[1]")).getMessage());
    assertEquals("inbound message must be a JSON object",
        assertThrows(MalformedPushException.class, () -> InboundMessage.parse("")).getMessage());
    assertTrue(assertThrows(MalformedPushException.class, () -> InboundMessage.parse("{\"message_id\":"))
        .getMessage().startsWith("inbound message is not valid JSON"));
    assertEquals("inbound message must have \"message_type\" \"user_message\", but has \"event\"",
        assertThrows(MalformedPushException.class, () -> InboundMessage.parse("{\"message_type\": \"event\","
            + " \"message_id\": \"m\", \"from_addr\": \"a\", \"to_addr\": \"b\"}")).getMessage());
    assertEquals("json must not be null", assertThrows(NullPointerException.class, () -> InboundMessage.parse((String) null))
        .getMessage());
  }

  @Test
  void ack() throws Exception {
    Event ack = Event.parse(ACK);
    assertEquals(EventType.ACK, ack.eventType());
    assertEquals("b04ec322fc1c4819bc3f28e6e0c69de6", ack.eventId());
    assertEquals("1", ack.userMessageId());
    assertEquals("abc", ack.sentMessageId());
    assertNull(ack.nackReason());
    assertNull(ack.deliveryStatus());
    assertEquals(Instant.parse("2016-03-22T13:50:23.123456Z"), ack.timestamp());
    assertEquals(new ObjectMapper().readTree(ACK), new ObjectMapper().readTree(ack.toJson()));
    assertEquals(ack, Event.parse(ack.toJson()));
    assertEquals(ack, Event.parse(ACK.getBytes(UTF_8)));
    assertEquals(ack, Event.parse(new ByteArrayInputStream(ACK.getBytes(UTF_8))));
    assertEquals(ack, Event.parse(new ObjectMapper().readTree(ACK)));
    assertEquals("event must be a JSON object",
        assertThrows(MalformedPushException.class, () -> Event.parse(new ObjectMapper().readTree("[]"))).getMessage());
    assertEquals(ack.hashCode(), Event.parse(ACK).hashCode());
    assertEquals("Event{eventType=ACK, userMessageId=1}", ack.toString());
    ((ObjectNode) ack.json()).put("user_message_id", "changed");
    assertEquals("1", Event.parse(ack.toJson()).userMessageId());
  }

  @Test
  void nackAndDeliveryReports() {
    Event nack = Event.parse("{\"event_type\": \"nack\", \"event_id\": \"e\", \"user_message_id\": \"1\","
        + " \"nack_reason\": \"no route\", \"__cache__\": {}}");
    assertEquals(EventType.NACK, nack.eventType());
    assertEquals("no route", nack.nackReason());
    for (DeliveryStatus status : DeliveryStatus.values()) {
      Event report = Event.parse("{\"event_type\": \"delivery_report\", \"event_id\": \"e\", \"user_message_id\": \"1\","
          + " \"delivery_status\": \"" + status.wireName() + "\"}");
      assertEquals(status, report.deliveryStatus());
      assertTrue(report.toString().contains("deliveryStatus=" + status));
    }
    assertNotEquals(nack, Event.parse(ACK));
  }

  @Test
  void eventErrorsSayWhatIsWrong() {
    assertEquals("event must have a string \"event_id\"", assertThrows(MalformedPushException.class,
        () -> Event.parse("{\"event_type\": \"ack\", \"user_message_id\": \"1\"}")).getMessage());
    assertEquals("event must have \"event_type\" \"ack\", \"nack\" or \"delivery_report\", but has \"bounce\"",
        assertThrows(MalformedPushException.class,
            () -> Event.parse("{\"event_id\": \"e\", \"event_type\": \"bounce\", \"user_message_id\": \"1\"}")).getMessage());
    assertEquals("event must have a string \"user_message_id\"", assertThrows(MalformedPushException.class,
        () -> Event.parse("{\"event_id\": \"e\", \"event_type\": \"ack\"}")).getMessage());
    assertEquals("delivery report must have a string \"delivery_status\"", assertThrows(MalformedPushException.class,
        () -> Event.parse("{\"event_id\": \"e\", \"event_type\": \"delivery_report\", \"user_message_id\": \"1\"}")).getMessage());
    assertEquals("delivery report must have \"delivery_status\" \"pending\", \"failed\" or \"delivered\", but has \"lost\"",
        assertThrows(MalformedPushException.class, () -> Event.parse("{\"event_id\": \"e\", \"event_type\": \"delivery_report\","
            + " \"user_message_id\": \"1\", \"delivery_status\": \"lost\"}")).getMessage());
  }

  @Test
  void wireNames() {
    assertEquals("delivery_report", EventType.DELIVERY_REPORT.wireName());
    assertEquals("delivered", DeliveryStatus.DELIVERED.wireName());
  }
}
