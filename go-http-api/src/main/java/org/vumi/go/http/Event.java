package org.vumi.go.http;

import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * News that Vumi Go pushes about a message the application sent, named by
 * {@link #userMessageId()} (the {@link SentMessage#messageId()} of the send).
 *
 * <ul>
 *   <li>{@link EventType#ACK}: the transport took the message; {@link #sentMessageId()} is its own id.
 *   <li>{@link EventType#NACK}: the transport refused it; {@link #nackReason()} says why.
 *   <li>{@link EventType#DELIVERY_REPORT}: the network's word, {@link #deliveryStatus()}.
 * </ul>
 *
 * <p>Instances are immutable. Unknown fields are kept (and written back by {@link #toJson()}) but
 * otherwise ignored.
 */
public final class Event extends PushedJson {
  private static final String WHAT = "event";

  private final String eventId;
  private final EventType eventType;
  private final String userMessageId;
  private final @Nullable DeliveryStatus deliveryStatus;

  private Event(ObjectNode json) {
    super(json);
    this.eventId = PushedJson.requireString(json, "event_id", WHAT);
    String type = PushedJson.requireString(json, "event_type", WHAT);
    this.eventType = EventType.lookup(type);
    if (eventType == null) {
      throw new MalformedPushException(WHAT + " must have \"event_type\" \"ack\", \"nack\" or \"delivery_report\", but has "
          + Checks.quote(type));
    }
    this.userMessageId = PushedJson.requireString(json, "user_message_id", WHAT);
    if (eventType == EventType.DELIVERY_REPORT) {
      String status = PushedJson.requireString(json, "delivery_status", "delivery report");
      this.deliveryStatus = DeliveryStatus.lookup(status);
      if (deliveryStatus == null) {
        throw new MalformedPushException("delivery report must have \"delivery_status\" \"pending\", \"failed\" or"
            + " \"delivered\", but has " + Checks.quote(status));
      }
    } else {
      this.deliveryStatus = null;
    }
  }

  /**
   * Reads an event as Vumi Go pushes it.
   *
   * @param json the request body
   * @return the event
   * @throws MalformedPushException if the body is not JSON, not an object, or lacks a string
   *     {@code event_id}, a known {@code event_type}, a string {@code user_message_id}, or (for a
   *     delivery report) a known {@code delivery_status}
   */
  public static Event parse(String json) {
    return new Event(PushedJson.read(json, WHAT));
  }

  /**
   * Reads an event from UTF-8 bytes.
   *
   * @param json the request body
   * @return the event
   * @throws MalformedPushException as for {@link #parse(String)}
   */
  public static Event parse(byte[] json) {
    return new Event(PushedJson.read(Checks.requireNonNull(json, "json"), WHAT));
  }

  /**
   * Reads an event that a framework has already parsed into a JSON tree.
   *
   * @param json the request body as a tree; copied, so later changes to it change nothing here
   * @return the event
   * @throws MalformedPushException as for {@link #parse(String)}
   */
  public static Event parse(JsonNode json) {
    return new Event(PushedJson.read(json, WHAT));
  }

  /**
   * Reads an event from a stream, to its end; the caller closes it.
   *
   * @param json the request body
   * @return the event
   * @throws IOException if the stream cannot be read
   * @throws MalformedPushException as for {@link #parse(String)}
   */
  public static Event parse(InputStream json) throws IOException {
    return new Event(PushedJson.read(json, WHAT));
  }

  /**
   * Returns the event's own id.
   *
   * @return the id
   */
  public String eventId() {
    return eventId;
  }

  /**
   * Returns what kind of event this is.
   *
   * @return the type
   */
  public EventType eventType() {
    return eventType;
  }

  /**
   * Returns the id of the message this event is about, as the send returned it.
   *
   * @return the {@code message_id} of the sent message
   */
  public String userMessageId() {
    return userMessageId;
  }

  /**
   * Returns the transport's own id for the message (acks only).
   *
   * @return the id, or null
   */
  public @Nullable String sentMessageId() {
    return string("sent_message_id");
  }

  /**
   * Returns why the transport refused the message (nacks only).
   *
   * @return the reason, or null
   */
  public @Nullable String nackReason() {
    return string("nack_reason");
  }

  /**
   * Returns what the network reported (delivery reports only).
   *
   * @return the status, or null for other events
   */
  public @Nullable DeliveryStatus deliveryStatus() {
    return deliveryStatus;
  }

  @Override
  public String toString() {
    return "Event{eventType=" + eventType + ", userMessageId=" + userMessageId
        + (deliveryStatus == null ? "" : ", deliveryStatus=" + deliveryStatus) + "}";
  }
}
