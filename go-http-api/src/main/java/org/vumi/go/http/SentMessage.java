package org.vumi.go.http;

import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;
import org.vumi.go.http.internal.Text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The message as Vumi Go accepted it: what a send returns.
 *
 * <p>The typed accessors cover the fields a Vumi Go server returns; {@link #json()} gives the whole
 * answer. Fields the server leaves null or out read as null. Unknown fields are ignored.
 * Instances are immutable.
 */
public final class SentMessage {
  private final byte[] json;
  private final String messageId;
  /** The other fields, read from {@link #json} on first use; reading twice in a race is harmless. */
  private volatile Json.@Nullable MessageFields fields;

  SentMessage(byte[] json, String messageId) {
    this.json = json;
    this.messageId = messageId;
  }

  private Json.MessageFields fields() {
    Json.MessageFields read = fields;
    if (read == null) {
      try {
        read = Json.readMessage(json);
      } catch (IOException e) {
        throw new UncheckedIOException("this body was read as JSON before", e);
      }
      fields = read;
    }
    return read;
  }

  /**
   * Reads a message in Vumi's JSON form, such as a Vumi Go server's answer to a send.
   *
   * @param json a JSON object with at least a string {@code message_id}
   * @return the message
   * @throws IllegalArgumentException if {@code json} is not such an object
   */
  public static SentMessage parse(String json) {
    byte[] bytes = Checks.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8);
    String messageId;
    try {
      messageId = Json.readMessageId(bytes);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("json is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("json is not one JSON document: " + Text.escape(e.getMessage()), e);
    }
    if (messageId == null) {
      throw new IllegalArgumentException("json must be an object with a string message_id");
    }
    return new SentMessage(bytes, messageId);
  }

  /**
   * Returns the id Vumi Go gave the message; delivery events name it as {@code user_message_id}.
   *
   * @return 32 lowercase hex characters, never null
   */
  public String messageId() {
    return messageId;
  }

  /**
   * Returns the message type.
   *
   * @return {@code "user_message"} from a Vumi Go server, or null when absent
   */
  public @Nullable String messageType() {
    return fields().messageType;
  }

  /**
   * Returns the version of Vumi's message format.
   *
   * @return {@code "20110921"} from a Vumi Go server, or null when absent
   */
  public @Nullable String messageVersion() {
    return fields().messageVersion;
  }

  /**
   * Returns when Vumi Go made the message.
   *
   * @return the instant, or null when absent or not in Vumi's {@code yyyy-MM-dd HH:mm:ss.ffffff} UTC form
   */
  public @Nullable Instant timestamp() {
    return Timestamps.parseOrNull(fields().timestamp);
  }

  /**
   * Returns the recipient's address.
   *
   * @return the address, or null when absent
   */
  public @Nullable String toAddr() {
    return fields().toAddr;
  }

  /**
   * Returns the sender's address, filled in by the transport.
   *
   * @return the address, or null (the usual answer to a send)
   */
  public @Nullable String fromAddr() {
    return fields().fromAddr;
  }

  /**
   * Returns the text of the message.
   *
   * @return the text, or null when the message had none
   */
  public @Nullable String content() {
    return fields().content;
  }

  /**
   * Returns the id of the inbound message this one answers.
   *
   * @return the id, or null for a message that is not a reply
   */
  public @Nullable String inReplyTo() {
    return fields().inReplyTo;
  }

  /**
   * Returns the session event as recorded. A Vumi Go server ignores the session event of a plain
   * send, so for those this is null whatever was sent.
   *
   * @return the session event, or null when none (or one this library does not know) was recorded
   */
  public @Nullable SessionEvent sessionEvent() {
    return SessionEvent.lookup(fields().sessionEvent);
  }

  /**
   * Returns the name of the transport that carries the message.
   *
   * @return the name, or null when not yet routed
   */
  public @Nullable String transportName() {
    return fields().transportName;
  }

  /**
   * Returns the type of the transport, such as {@code sms} or {@code ussd}.
   *
   * @return the type, or null when not yet routed
   */
  public @Nullable String transportType() {
    return fields().transportType;
  }

  /**
   * Returns the type of the recipient's address, such as {@code msisdn}.
   *
   * @return the type, or null when absent
   */
  public @Nullable String toAddrType() {
    return fields().toAddrType;
  }

  /**
   * Returns the type of the sender's address.
   *
   * @return the type, or null when absent
   */
  public @Nullable String fromAddrType() {
    return fields().fromAddrType;
  }

  /**
   * Returns the group (for group chat transports).
   *
   * @return the group, or null
   */
  public @Nullable String group() {
    return fields().group;
  }

  /**
   * Returns the provider (mobile network) field.
   *
   * @return the provider, or null
   */
  public @Nullable String provider() {
    return fields().provider;
  }

  /**
   * Returns the whole answer as a JSON tree: a fresh copy on every call, so changing it changes
   * nothing here.
   *
   * @return the decoded JSON object
   */
  public JsonNode json() {
    return Json.tree(json);
  }

  /**
   * Returns the whole answer as JSON text, exactly as the server sent it.
   *
   * @return the JSON object
   */
  public String toJson() {
    return new String(json, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    Json.MessageFields all = fields();
    return "SentMessage{messageId=" + messageId + ", toAddr=" + all.toAddr + ", content=" + all.content
        + ", sessionEvent=" + all.sessionEvent + ", inReplyTo=" + all.inReplyTo + "}";
  }
}
