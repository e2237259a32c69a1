package org.vumi.go.http.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

/**
 * A campaign's routing table: its channels, conversations and routers, and the routing entries
 * between their endpoints.
 *
 * <p>The table keeps the JSON object the server sent, whole: {@link #withRoutingEntries} changes only
 * {@code routing_entries}, so a table read, changed and given to
 * {@link AccountApiClient#updateRoutingTable} sends everything else back as it came, keys this
 * library does not know included. Immutable.
 *
 * <pre>{@code
 * RoutingTable table = account.routingTable(campaignKey);
 * List<RoutingEntry> entries = new ArrayList<>(table.routingEntries());
 * entries.add(RoutingEntry.of("TRANSPORT_TAG:pool:tag1::default", "CONVERSATION:jsbox:conv-1::default"));
 * account.updateRoutingTable(campaignKey, table.withRoutingEntries(entries));
 * }</pre>
 */
public final class RoutingTable {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Never handed out: every change makes a new table. */
  private final ObjectNode json;
  private final List<Channel> channels;
  private final List<Conversation> conversations;
  private final List<Router> routers;
  private final List<RoutingEntry> routingEntries;

  private RoutingTable(ObjectNode json, List<Channel> channels, List<Conversation> conversations,
      List<Router> routers, List<RoutingEntry> routingEntries) {
    this.json = json;
    this.channels = channels;
    this.conversations = conversations;
    this.routers = routers;
    this.routingEntries = routingEntries;
  }

  /** Reads the server's table; it must be an object whose lists, where present, are well formed. */
  static RoutingTable fromJson(@Nullable JsonNode json) throws IOException {
    if (json == null || !json.isObject()) {
      throw new IOException("a routing table must be a JSON object");
    }
    return new RoutingTable(((ObjectNode) json).deepCopy(),
        Shapes.list(json.get("channels"), Shapes::channel),
        Shapes.list(json.get("conversations"), Shapes::conversation),
        Shapes.list(json.get("routers"), Shapes::router),
        Shapes.list(json.get("routing_entries"), Shapes::routingEntry));
  }

  /**
   * Makes a table of routing entries only, with empty lists of channels, conversations and routers,
   * which the server accepts: it checks the entries against the account's real endpoints.
   *
   * @param routingEntries the entries; not null, nor any of them
   * @return the table
   * @throws NullPointerException if the list or an entry is null
   */
  public static RoutingTable of(List<RoutingEntry> routingEntries) {
    ObjectNode json = NODES.objectNode();
    json.putArray("channels");
    json.putArray("conversations");
    json.putArray("routers");
    json.putArray("routing_entries");
    return new RoutingTable(json, List.of(), List.of(), List.of(), List.of()).withRoutingEntries(routingEntries);
  }

  /**
   * Returns a table like this one with other routing entries; everything else is kept as it is.
   *
   * @param routingEntries the new entries, in order; not null, nor any of them
   * @return the new table
   * @throws NullPointerException if the list or an entry is null
   */
  public RoutingTable withRoutingEntries(List<RoutingEntry> routingEntries) {
    Checks.requireNonNull(routingEntries, "routingEntries");
    for (int i = 0; i < routingEntries.size(); i++) {
      Checks.requireNonNull(routingEntries.get(i), "routingEntries[" + i + "]");
    }
    List<RoutingEntry> entries = List.copyOf(routingEntries);
    ObjectNode copy = json.deepCopy();
    ArrayNode array = copy.putArray("routing_entries");
    for (RoutingEntry entry : entries) {
      ObjectNode item = array.addObject();
      item.putObject("source").put("uuid", entry.source());
      item.putObject("target").put("uuid", entry.target());
    }
    return new RoutingTable(copy, channels, conversations, routers, entries);
  }

  /**
   * Returns the campaign's channels, as the server listed them.
   *
   * @return an unmodifiable list
   */
  public List<Channel> channels() {
    return channels;
  }

  /**
   * Returns the campaign's active conversations, as the server listed them.
   *
   * @return an unmodifiable list
   */
  public List<Conversation> conversations() {
    return conversations;
  }

  /**
   * Returns the campaign's active routers, as the server listed them.
   *
   * @return an unmodifiable list
   */
  public List<Router> routers() {
    return routers;
  }

  /**
   * Returns the routing entries.
   *
   * @return an unmodifiable list, in the table's order
   */
  public List<RoutingEntry> routingEntries() {
    return routingEntries;
  }

  /**
   * Returns the table as JSON, as it will be sent.
   *
   * @return a JSON object
   */
  public String json() {
    return json.toString(); // a tree's toString() is its JSON
  }

  /** The table's tree for a request body; callers must not change it. */
  JsonNode tree() {
    return json;
  }

  /**
   * Two tables are equal when their JSON is.
   *
   * @param other another object
   * @return true for the same JSON
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof RoutingTable that && json.equals(that.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  /**
   * Shows the table's size.
   *
   * @return such as {@code RoutingTable{channels=1, conversations=2, routers=0, routingEntries=2}}
   */
  @Override
  public String toString() {
    return "RoutingTable{channels=" + channels.size() + ", conversations=" + conversations.size() + ", routers="
        + routers.size() + ", routingEntries=" + routingEntries.size() + "}";
  }
}
