package org.vumi.go.http.contacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reading the fields of the server's contact and group objects, strictly about types, lenient about absence. */
final class Wire {
  private Wire() {}

  // The problems, worded once for the tree reading here and the streaming one (PageReader).

  static Malformed notA(String field, String what, JsonNodeType type) {
    return new Malformed("\"" + field + "\" is not " + what + " but " + type);
  }

  static Malformed missing(String field) {
    return new Malformed("\"" + field + "\" is missing");
  }

  static Malformed notOnlyStrings(String field, JsonNodeType item) {
    return new Malformed("\"" + field + "\" holds " + item + ", not only strings");
  }

  static JsonNode object(@Nullable JsonNode tree, String what) {
    if (tree == null || !tree.isObject()) {
      throw new Malformed(what + " is not a JSON object");
    }
    return tree;
  }

  /** The field's text, or null when it is absent or JSON null. */
  static @Nullable String text(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw notA(field, "a string", value.getNodeType());
    }
    return value.asText();
  }

  static String requiredText(JsonNode object, String field) {
    String value = text(object, field);
    if (value == null || value.isEmpty()) {
      throw missing(field);
    }
    return value;
  }

  /** An array of strings; absent or null is empty. */
  static List<String> texts(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw notA(field, "an array", value.getNodeType());
    }
    List<String> out = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw notOnlyStrings(field, item.getNodeType());
      }
      out.add(item.asText());
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * An object of strings; absent or null is empty. The server stores a created contact's
   * {@code extra} values without checking them, so a number comes back as a number: such a value
   * is given as its JSON text rather than refused.
   */
  static Map<String, @Nullable String> strings(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw notA(field, "an object", value.getNodeType());
    }
    Map<String, @Nullable String> out = new LinkedHashMap<>();
    value.fields().forEachRemaining(entry -> out.put(entry.getKey(),
        entry.getValue().isTextual() ? entry.getValue().asText() : entry.getValue().isNull() ? null
            : entry.getValue().toString()));
    return Collections.unmodifiableMap(out);
  }
}
