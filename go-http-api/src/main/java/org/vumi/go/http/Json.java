package org.vumi.go.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.JsonCodec;
import java.io.UncheckedIOException;

/**
 * The conversation API's bodies and answers: written and read with Jackson's streaming API over the
 * library's one {@link JsonCodec#FACTORY}, with no tree or bean binding on the hot path, and field
 * order exactly as the Python client writes it.
 */
final class Json {
  private static final JsonFactory FACTORY = JsonCodec.FACTORY;

  private Json() {}

  /**
   * A reusable buffer per thread: a body then costs just its exact-size copy. Made on a thread's first
   * body without a lambda: a first send links no more lambdas than it must.
   */
  private static final ThreadLocal<ByteArrayOutputStream> BUFFER = new ThreadLocal<>();
  /** A buffer that grew past this (a huge message) is dropped rather than kept for the thread's life. */
  private static final int KEPT_BUFFER_BYTES = 16 * 1024;

  private static ByteArrayOutputStream buffer() {
    ByteArrayOutputStream out = BUFFER.get();
    if (out == null) {
      out = new ByteArrayOutputStream(256);
      BUFFER.set(out);
    }
    out.reset();
    return out;
  }

  private static byte[] bytes(ByteArrayOutputStream out) {
    byte[] body = out.toByteArray();
    if (body.length > KEPT_BUFFER_BYTES) {
      BUFFER.remove();
    }
    return body;
  }

  private static UncheckedIOException cannotFail(IOException e) {
    return new UncheckedIOException("writing to memory cannot fail", e);
  }

  /** The body of a message send; {@code messageId} is added (last) only when not null. */
  static byte[] messageBody(OutboundMessage message, @Nullable String messageId) {
    ByteArrayOutputStream out = buffer();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      if (message.isReply()) {
        json.writeStringField("in_reply_to", message.inReplyTo());
      } else {
        json.writeStringField("to_addr", message.toAddr());
      }
      json.writeStringField("content", message.content());
      if (message.sessionEvent() != null) {
        json.writeStringField("session_event", message.sessionEvent().wireName());
      }
      VoiceOptions voice = message.voice();
      if (!voice.isEmpty()) {
        json.writeObjectFieldStart("helper_metadata");
        json.writeObjectFieldStart("voice");
        if (voice.speechUrl() != null) {
          json.writeStringField("speech_url", voice.speechUrl());
        }
        if (voice.waitFor() != null) {
          json.writeStringField("wait_for", voice.waitFor());
        }
        json.writeEndObject();
        json.writeEndObject();
      }
      if (messageId != null) {
        json.writeStringField("message_id", messageId);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw cannotFail(e);
    }
    return bytes(out);
  }

  /** The body of a metrics call: a list holding one {@code [name, value, aggregate]} triple. */
  static byte[] metricBody(Metric metric) {
    ByteArrayOutputStream out = buffer();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartArray();
      json.writeStartArray();
      json.writeString(metric.name());
      json.writeNumber(metric.value());
      json.writeString(metric.aggregate().wireName());
      json.writeEndArray();
      json.writeEndArray();
    } catch (IOException e) {
      throw cannotFail(e);
    }
    return bytes(out);
  }

  /** The string fields of a message; every one may be null. */
  static final class MessageFields {
    @Nullable String messageId;
    @Nullable String messageType;
    @Nullable String messageVersion;
    @Nullable String timestamp;
    @Nullable String toAddr;
    @Nullable String fromAddr;
    @Nullable String content;
    @Nullable String inReplyTo;
    @Nullable String sessionEvent;
    @Nullable String transportName;
    @Nullable String transportType;
    @Nullable String toAddrType;
    @Nullable String fromAddrType;
    @Nullable String group;
    @Nullable String provider;
  }

  /**
   * Reads just the {@code message_id} of a message, checking that the whole body is well-formed
   * JSON; null when the body is not a JSON object or has no string {@code message_id}. The other
   * fields are read only when asked for ({@link #readMessage}), which keeps a send's own
   * allocation small.
   */
  static @Nullable String readMessageId(byte[] body) throws IOException {
    // The field loop written out rather than a JsonCodec.readObject callback: this runs for every
    // message sent, and a loop allocates nothing beyond the parser and the id.
    try (JsonParser parser = FACTORY.createParser(body)) {
      if (!JsonCodec.startObject(parser)) {
        return null;
      }
      String messageId = null;
      int ids = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        boolean isId = "message_id".equals(parser.currentName());
        if (parser.nextToken() == JsonToken.VALUE_STRING && isId) {
          messageId = parser.getText();
        }
        ids += isId ? 1 : 0;
        parser.skipChildren();
      }
      JsonCodec.requireEnd(parser);
      // An empty id names no message, and two ids name no one message: events could not refer to it.
      return ids == 1 && messageId != null && !messageId.isEmpty() ? messageId : null;
    }
  }

  /**
   * Reads the top-level string fields of a message; null when the body is not a JSON object.
   * Fields of other types, nested objects and unknown names are skipped.
   */
  static @Nullable MessageFields readMessage(byte[] body) throws IOException {
    MessageFields fields = new MessageFields();
    boolean isObject = JsonCodec.readObject(body, (name, parser) -> {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return;
      }
      String text = parser.getText();
      switch (name) {
        case "message_id" -> fields.messageId = text;
        case "message_type" -> fields.messageType = text;
        case "message_version" -> fields.messageVersion = text;
        case "timestamp" -> fields.timestamp = text;
        case "to_addr" -> fields.toAddr = text;
        case "from_addr" -> fields.fromAddr = text;
        case "content" -> fields.content = text;
        case "in_reply_to" -> fields.inReplyTo = text;
        case "session_event" -> fields.sessionEvent = text;
        case "transport_name" -> fields.transportName = text;
        case "transport_type" -> fields.transportType = text;
        case "to_addr_type" -> fields.toAddrType = text;
        case "from_addr_type" -> fields.fromAddrType = text;
        case "group" -> fields.group = text;
        case "provider" -> fields.provider = text;
        default -> { }
      }
    });
    return isObject ? fields : null;
  }

  /** The {@code success} and {@code reason} of a JSON object body: a metrics answer or an error. */
  static final class Outcome {
    boolean success;
    @Nullable String reason;
  }

  /** Reads {@code success} and {@code reason}; null when the body is not a JSON object. */
  static @Nullable Outcome readOutcome(byte[] body) throws IOException {
    try (JsonParser parser = FACTORY.createParser(body)) {
      if (!JsonCodec.startObject(parser)) {
        return null;
      }
      Outcome outcome = new Outcome();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("success".equals(name)) {
          outcome.success = value == JsonToken.VALUE_TRUE;
        } else if ("reason".equals(name) && value == JsonToken.VALUE_STRING) {
          outcome.reason = parser.getText();
        }
        parser.skipChildren();
      }
      JsonCodec.requireEnd(parser);
      return outcome;
    }
  }

  /** Like {@link #readOutcome(byte[])}, but null rather than an exception for a body that is not JSON. */
  static @Nullable Outcome readOutcomeOrNull(byte[] body) {
    try {
      return readOutcome(body);
    } catch (IOException notJson) {
      return null;
    }
  }

  static ObjectMapper mapper() {
    return JsonCodec.mapper();
  }

  static JsonNode tree(byte[] body) {
    return JsonCodec.tree(body);
  }
}
