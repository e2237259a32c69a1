package org.vumi.go.http.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.Event;
import org.vumi.go.http.InboundMessage;

/**
 * From another package, as bean introspection, template engines and serializers do: every public
 * accessor of the push models can be called by reflection.
 */
class ReflectionTest {
  static final String INBOUND = "{\"message_id\": \"in-1\", \"from_addr\": \"+27831234567\", \"to_addr\": \"*120#\","
      + " \"content\": \"1\", \"timestamp\": \"2016-03-22 13:50:23.123456\", \"message_type\": \"user_message\"}";
  static final String EVENT = "{\"event_id\": \"e-1\", \"event_type\": \"ack\", \"user_message_id\": \"m-1\","
      + " \"sent_message_id\": \"s-1\", \"timestamp\": \"2016-03-22 13:50:23.123456\", \"message_type\": \"event\"}";

  @Test
  void inheritedAccessorsAreCallableByReflection() throws Exception {
    InboundMessage inbound = InboundMessage.parse(INBOUND);
    Event event = Event.parse(EVENT);
    Instant expected = Instant.parse("2016-03-22T13:50:23.123456Z");
    assertEquals(expected, InboundMessage.class.getMethod("timestamp").invoke(inbound));
    assertEquals(expected, Event.class.getMethod("timestamp").invoke(event));
    assertEquals(inbound.toJson(), InboundMessage.class.getMethod("toJson").invoke(inbound));
    assertEquals("in-1", ((com.fasterxml.jackson.databind.JsonNode) InboundMessage.class.getMethod("json").invoke(inbound))
        .get("message_id").asText());
    assertEquals("m-1", Event.class.getMethod("userMessageId").invoke(event));
    for (java.beans.PropertyDescriptor property
        : java.beans.Introspector.getBeanInfo(Event.class).getPropertyDescriptors()) {
      if (property.getReadMethod() != null) {
        property.getReadMethod().invoke(event); // throws IllegalAccessException if not reachable
      }
    }
  }
}
