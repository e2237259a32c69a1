package org.vumi.go.http.contacts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reading the fields of the server's contact and group objects, strictly about types, lenient about absence. */
final class Wire {
  private Wire() {}

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
      throw new Malformed("\"" + field + "\" is not a string but " + value.getNodeType());
    }
    return value.asText();
  }

  static String requiredText(JsonNode object, String field) {
    String value = text(object, field);
    if (value == null || value.isEmpty()) {
      throw new Malformed("\"" + field + "\" is missing");
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
      throw new Malformed("\"" + field + "\" is not an array but " + value.getNodeType());
    }
    List<String> out = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new Malformed("\"" + field + "\" holds " + item.getNodeType() + ", not only strings");
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
      throw new Malformed("\"" + field + "\" is not an object but " + value.getNodeType());
    }
    Map<String, @Nullable String> out = new LinkedHashMap<>();
    value.fields().forEachRemaining(entry -> out.put(entry.getKey(),
        entry.getValue().isTextual() ? entry.getValue().asText() : entry.getValue().isNull() ? null
            : entry.getValue().toString()));
    return Collections.unmodifiableMap(out);
  }
}
