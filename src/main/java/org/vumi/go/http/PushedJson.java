package org.vumi.go.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reading what Vumi Go pushes: a JSON object, kept whole so it can be written back unchanged. */
final class PushedJson {
  private PushedJson() {}

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

  static String optionalString(ObjectNode json, String field) {
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
