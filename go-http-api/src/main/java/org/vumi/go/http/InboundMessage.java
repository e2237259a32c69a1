package org.vumi.go.http;

import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * A message from a person that Vumi Go pushed to the application: an SMS, or a step of a USSD
 * session. Answer it with {@link ConversationSender#replyTo(InboundMessage, String, SessionEvent)}.
 *
 * <pre>{@code
 * InboundMessage message = InboundMessage.parse(requestBody);
 * if (message.sessionEvent() == SessionEvent.NEW) {
 *   sender.replyTo(message, "1. Balance\n2. Top up", SessionEvent.RESUME);
 * }
 * }</pre>
 *
 * <p>Instances are immutable. Unknown fields are kept (and written back by {@link #toJson()}) but
 * otherwise ignored.
 */
public final class InboundMessage extends PushedJson {
  private static final String WHAT = "inbound message";

  private final String messageId;
  private final String fromAddr;
  private final String toAddr;

  private InboundMessage(ObjectNode json) {
    super(json);
    this.messageId = PushedJson.requireString(json, "message_id", WHAT);
    this.fromAddr = PushedJson.requireString(json, "from_addr", WHAT);
    this.toAddr = PushedJson.requireString(json, "to_addr", WHAT);
    String type = string("message_type");
    if (type != null && !type.equals("user_message")) {
      throw new MalformedPushException(WHAT + " must have \"message_type\" \"user_message\", but has "
          + Checks.quote(type));
    }
  }

  /**
   * Reads an inbound message as Vumi Go pushes it.
   *
   * @param json the request body
   * @return the message
   * @throws MalformedPushException if the body is not JSON, not an object, or lacks a string
   *     {@code message_id}, {@code from_addr} or {@code to_addr}
   */
  public static InboundMessage parse(String json) {
    return new InboundMessage(PushedJson.read(json, WHAT));
  }

  /**
   * Reads an inbound message from UTF-8 bytes.
   *
   * @param json the request body
   * @return the message
   * @throws MalformedPushException as for {@link #parse(String)}
   */
  public static InboundMessage parse(byte[] json) {
    return new InboundMessage(PushedJson.read(Checks.requireNonNull(json, "json"), WHAT));
  }

  /**
   * Reads an inbound message that a framework has already parsed into a JSON tree.
   *
   * @param json the request body as a tree; copied, so later changes to it change nothing here
   * @return the message
   * @throws MalformedPushException as for {@link #parse(String)}
   */
  public static InboundMessage parse(JsonNode json) {
    return new InboundMessage(PushedJson.read(json, WHAT));
  }

  /**
   * Reads an inbound message from a stream, to its end; the caller closes it.
   *
   * @param json the request body
   * @return the message
   * @throws IOException if the stream cannot be read
   * @throws MalformedPushException as for {@link #parse(String)}
   */
  public static InboundMessage parse(InputStream json) throws IOException {
    return new InboundMessage(PushedJson.read(json, WHAT));
  }

  /**
   * Returns the message's id: what a reply names as {@code in_reply_to}.
   *
   * @return the id
   */
  public String messageId() {
    return messageId;
  }

  /**
   * Returns the person's address, such as {@code +27831234567}.
   *
   * @return the address
   */
  public String fromAddr() {
    return fromAddr;
  }

  /**
   * Returns the channel's address: a short code, a USSD code such as {@code *120*123#}, a number.
   *
   * @return the address
   */
  public String toAddr() {
    return toAddr;
  }

  /**
   * Returns what the person sent.
   *
   * @return the text, or null (a USSD session start often has none)
   */
  public @Nullable String content() {
    return string("content");
  }

  /**
   * Returns where this message stands in a session.
   *
   * @return {@code NEW} when a person dials in, {@code RESUME} for each answer, {@code CLOSE} when
   *     they hang up; null outside sessions
   */
  public @Nullable SessionEvent sessionEvent() {
    return SessionEvent.lookup(string("session_event"));
  }

  /**
   * Returns the name of the transport it came in on.
   *
   * @return the name, or null
   */
  public @Nullable String transportName() {
    return string("transport_name");
  }

  /**
   * Returns the type of the transport, such as {@code sms} or {@code ussd}.
   *
   * @return the type, or null
   */
  public @Nullable String transportType() {
    return string("transport_type");
  }

  /**
   * Returns the key of the conversation it came in on ({@code helper_metadata.go.conversation_key}).
   *
   * @return the key, or null when absent
   */
  public @Nullable String conversationKey() {
    JsonNode key = json.path("helper_metadata").path("go").path("conversation_key");
    return key.isTextual() ? key.asText() : null;
  }

  @Override
  public String toString() {
    return "InboundMessage{messageId=" + messageId + ", fromAddr=" + fromAddr + ", toAddr=" + toAddr
        + ", content=" + content() + ", sessionEvent=" + sessionEvent() + "}";
  }
}
