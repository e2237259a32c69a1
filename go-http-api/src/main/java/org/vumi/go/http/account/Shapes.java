package org.vumi.go.http.account;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the account API's results into values. Ids must be strings; every other field may be
 * missing or null (it is then null, or an empty list), so a server that adds or drops a descriptive
 * field is still understood.
 */
final class Shapes {
  private Shapes() {}

  /** Reads one item of a list. */
  @FunctionalInterface
  interface Reader<T> {
    T read(JsonNode item) throws IOException;
  }

  static <T> List<T> list(@Nullable JsonNode node, Reader<T> reader) throws IOException {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IOException("expected a JSON list, not " + node.getNodeType());
    }
    List<T> items = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      if (!item.isObject()) {
        throw new IOException("expected a list of JSON objects");
      }
      items.add(reader.read(item));
    }
    return List.copyOf(items);
  }

  static Campaign campaign(JsonNode item) throws IOException {
    return new Campaign(id(item, "key"), text(item, "name"));
  }

  static Conversation conversation(JsonNode item) throws IOException {
    return new Conversation(id(item, "uuid"), text(item, "type"), text(item, "name"), text(item, "description"),
        text(item, "status"), list(item.get("endpoints"), Shapes::endpoint));
  }

  static Channel channel(JsonNode item) throws IOException {
    List<String> tag = new ArrayList<>();
    JsonNode tagNode = item.get("tag");
    if (tagNode != null && tagNode.isArray()) {
      for (JsonNode part : tagNode) {
        tag.add(part.asText());
      }
    }
    return new Channel(id(item, "uuid"), tag, text(item, "name"), text(item, "description"),
        list(item.get("endpoints"), Shapes::endpoint));
  }

  static Router router(JsonNode item) throws IOException {
    return new Router(id(item, "uuid"), text(item, "type"), text(item, "name"), text(item, "description"),
        text(item, "status"), list(item.get("channel_endpoints"), Shapes::endpoint),
        list(item.get("conversation_endpoints"), Shapes::endpoint));
  }

  static Endpoint endpoint(JsonNode item) throws IOException {
    return new Endpoint(id(item, "uuid"), text(item, "name"));
  }

  static RoutingEntry routingEntry(JsonNode item) throws IOException {
    return new RoutingEntry(id(item.path("source"), "uuid"), id(item.path("target"), "uuid"));
  }

  private static String id(JsonNode item, String field) throws IOException {
    JsonNode value = item.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IOException("expected a string " + field);
    }
    return value.asText();
  }

  private static @Nullable String text(JsonNode item, String field) {
    JsonNode value = item.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
