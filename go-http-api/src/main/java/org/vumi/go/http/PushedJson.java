package org.vumi.go.http;

import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What Vumi Go pushes: a JSON object, kept whole so it can be written back unchanged, with the
 * accessors {@link InboundMessage} and {@link Event} share. Public, so that bean introspection,
 * template engines and serializers in other packages can call the accessors it declares; only
 * those two types extend it.
 */
public abstract sealed class PushedJson permits InboundMessage, Event {
  /** The object as pushed; never handed out, only copies of it. */
  final ObjectNode json;

  PushedJson(ObjectNode json) {
    this.json = json;
  }

  /** A top-level string field, or null when absent or not a string. */
  final @Nullable String string(String field) {
    return optionalString(json, field);
  }

  /**
   * Returns when Vumi Go made it.
   *
   * @return the instant, or null when absent or not in Vumi's {@code yyyy-MM-dd HH:mm:ss.ffffff} UTC form
   */
  public final @Nullable Instant timestamp() {
    return Timestamps.parseOrNull(string("timestamp"));
  }

  /**
   * Returns the whole object as a JSON tree, a fresh copy on every call.
   *
   * @return the JSON object, unknown fields included
   */
  public final JsonNode json() {
    return json.deepCopy();
  }

  /**
   * Returns the object as JSON text; parsing it gives an equal object.
   *
   * @return the JSON object, unknown fields included
   */
  public final String toJson() {
    return write(json);
  }

  /** Equal when of the same kind and of equal JSON. */
  @Override
  public final boolean equals(Object other) {
    return other != null && other.getClass() == getClass() && json.equals(((PushedJson) other).json);
  }

  @Override
  public final int hashCode() {
    return json.hashCode();
  }

  static ObjectNode read(byte[] body, String what) {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedPushException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedPushException(what + " could not be read", e);
    }
    if (tree == null || !tree.isObject()) {
      throw new MalformedPushException(what + " must be a JSON object");
    }
    return (ObjectNode) tree;
  }

  static ObjectNode read(JsonNode tree, String what) {
    Checks.requireNonNull(tree, "json");
    if (!tree.isObject()) {
      throw new MalformedPushException(what + " must be a JSON object");
    }
    return ((ObjectNode) tree).deepCopy(); // the caller's tree stays the caller's
  }

  static ObjectNode read(String body, String what) {
    return read(Checks.requireNonNull(body, "json").getBytes(StandardCharsets.UTF_8), what);
  }

  static ObjectNode read(InputStream body, String what) throws IOException {
    return read(Checks.requireNonNull(body, "json").readAllBytes(), what);
  }

  static String requireString(ObjectNode json, String field, String what) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new MalformedPushException(what + " must have a string \"" + field + "\"");
    }
    return value.asText();
  }

  static @Nullable String optionalString(ObjectNode json, String field) {
    JsonNode value = json.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  static String write(ObjectNode json) {
    try {
      return Json.mapper().writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed tree always writes", e);
    }
  }
}
