package org.vumi.go.http.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Answers as Vumi Go's account API (JSON-RPC on txJSON-RPC 0.3.1) does: any method and sub-path
 * reaches the JSON-RPC parser once the bearer token is known (else a plain-text 401); a body that is
 * not a call is a Twisted 500 page; a call is answered {@code {"result", "error", "id": null}} with
 * HTTP 200, its faults in the server's classes, codes and texts. Each account has one campaign,
 * keyed by the account, and the conversations, channels, routers and routing entries a test seeds.
 */
final class AccountApi extends GoApiExchanges {
  static final String PATH = VumiGoEmulator.GO_API_PATH + "/api/";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String PROCESSING_FAILED = "<html><head><title>Processing Failed</title></head><body>"
      + "<b>Processing Failed</b></body></html>";
  private static final List<String> METHODS = List.of("campaigns", "conversations", "channels", "routers",
      "routing_entries", "routing_table", "update_routing_table");

  record Conversation(String uuid, String type, String name, String description, String status,
      List<String> extraEndpoints) {}

  record Channel(String pool, String tag) {}

  record Router(String uuid, String type, String name, String description, String status,
      List<String> extraChannelEndpoints, List<String> extraConversationEndpoints) {}

  record Entry(String source, String target) {}

  /** One account's campaign. */
  static final class World {
    final List<Conversation> conversations = new CopyOnWriteArrayList<>();
    final List<Channel> channels = new CopyOnWriteArrayList<>();
    final List<Router> routers = new CopyOnWriteArrayList<>();
    volatile List<Entry> routingEntries = List.of();
  }

  final Map<String, World> worlds = new ConcurrentHashMap<>();

  AccountApi(VumiGoEmulator emulator) {
    super(emulator);
  }

  World world(String accountKey) {
    return worlds.computeIfAbsent(accountKey, key -> new World());
  }

  /** A fault, as txJSON-RPC reports it. */
  private static final class Fault extends Exception {
    private static final long serialVersionUID = 1L;
    final String type;
    final int code;
    final boolean html;

    Fault(String type, int code, String text, boolean html) {
      super(text, null, false, false);
      this.type = type;
      this.code = code;
      this.html = html;
    }

    /** vumi's signature checks and every unexpected error: 0.3.1 hides the text behind "error". */
    static Fault error() {
      return new Fault("Fault", 8002, "error", false);
    }
  }

  @Override
  void answer(HttpExchange exchange) throws IOException {
    String account = emulator.accountForBearer(exchange);
    if (account == null) {
      exchange.getResponseHeaders().add("WWW-Authenticate", "basic realm=\"Vumi Go API\"");
      exchange.getResponseHeaders().add("WWW-Authenticate", "bearer realm=\"Vumi Go API\"");
      send(exchange, 401, "text/plain", "Unauthorized");
      return;
    }
    JsonNode call;
    try {
      call = MAPPER.readTree(exchange.getRequestBody().readAllBytes());
    } catch (IOException notJson) {
      call = null;
    }
    JsonNode method = call == null ? null : call.get("method");
    JsonNode params = call == null ? null : call.get("params");
    if (method == null || !method.isTextual() || params == null || params.isNull()) {
      send(exchange, 500, "text/html", PROCESSING_FAILED);
      return;
    }
    List<JsonNode> args = new ArrayList<>();
    if (params.isObject()) {
      params.fieldNames().forEachRemaining(name -> args.add(NODES.textNode(name))); // *dict gives its keys
    } else if (params.isArray()) {
      params.forEach(args::add);
    } else {
      send(exchange, 500, "text/html", PROCESSING_FAILED);
      return;
    }
    ObjectNode envelope = NODES.objectNode();
    try {
      envelope.set("result", dispatch(account, method.asText(), args));
      envelope.putNull("error");
      envelope.putNull("id");
      send(exchange, 200, "text/json", json(envelope));
    } catch (Fault fault) {
      envelope.putNull("result");
      envelope.putObject("error").put("fault", fault.type).put("faultCode", fault.code)
          .put("faultString", fault.getMessage());
      envelope.putNull("id");
      send(exchange, 200, fault.html ? "text/html" : "text/json", json(envelope));
    }
  }

  private JsonNode dispatch(String account, String method, List<JsonNode> args) throws Fault {
    if (method.contains(".")) {
      String[] parts = method.split("\\.", 3);
      boolean known = parts[0].equals("conversation") || parts[0].equals("router") || parts[0].equals("system");
      if (!known || (parts.length == 3 && !parts[0].equals("system"))) {
        // No conversation or router types have action dispatchers here.
        throw new Fault("NoSuchFunction", -32601, "no such sub-handler " + (known ? parts[1] : parts[0]), true);
      }
      if (method.equals("system.listMethods") && args.isEmpty()) {
        ArrayNode names = NODES.arrayNode();
        METHODS.forEach(names::add);
        return names;
      }
      throw new Fault("NoSuchFunction", -32601, "function " + method.substring(method.indexOf('.') + 1)
          + " not found", true);
    }
    if (!METHODS.contains(method)) {
      throw new Fault("NoSuchFunction", -32601, "function " + method + " not found", true);
    }
    int arity = method.equals("campaigns") ? 0 : method.equals("update_routing_table") ? 2 : 1;
    if (args.size() != arity || (arity > 0 && !args.get(0).isTextual())) {
      throw Fault.error();
    }
    if (arity == 2) {
      checkRoutingType(args.get(1));
    }
    if (method.equals("campaigns")) {
      ArrayNode campaigns = NODES.arrayNode();
      campaigns.addObject().put("key", account).put("name", "Your Campaign");
      return campaigns;
    }
    if (!args.get(0).asText().equals(account)) {
      throw new Fault("GoApiError", 404, "Unknown campaign key.", false);
    }
    World world = world(account);
    return switch (method) {
      case "conversations" -> conversations(world);
      case "channels" -> channels(world);
      case "routers" -> routers(world);
      case "routing_entries" -> routingEntries(world);
      case "routing_table" -> {
        ObjectNode table = NODES.objectNode();
        table.set("channels", channels(world));
        table.set("conversations", conversations(world));
        table.set("routers", routers(world));
        table.set("routing_entries", routingEntries(world));
        yield table;
      }
      default -> {
        updateRoutingTable(world, args.get(1));
        yield NODES.nullNode();
      }
    };
  }

  private static ArrayNode conversations(World world) {
    ArrayNode list = NODES.arrayNode();
    for (Conversation conversation : world.conversations) {
      ObjectNode item = list.addObject().put("uuid", conversation.uuid()).put("type", conversation.type())
          .put("name", conversation.name()).put("description", conversation.description())
          .put("status", conversation.status());
      ArrayNode endpoints = item.putArray("endpoints");
      for (String endpoint : names(conversation.extraEndpoints())) {
        endpoints.addObject().put("uuid", conversationEndpoint(conversation, endpoint)).put("name", endpoint);
      }
    }
    return list;
  }

  private static ArrayNode channels(World world) {
    ArrayNode list = NODES.arrayNode();
    for (Channel channel : world.channels) {
      ObjectNode item = list.addObject().put("uuid", channel.pool() + ":" + channel.tag());
      item.putArray("tag").add(channel.pool()).add(channel.tag());
      item.put("name", channel.tag()).put("description", title(channel.pool().replace('_', ' ')) + ": " + channel.tag());
      item.putArray("endpoints").addObject().put("uuid", channelEndpoint(channel)).put("name", "default");
    }
    return list;
  }

  private static ArrayNode routers(World world) {
    ArrayNode list = NODES.arrayNode();
    for (Router router : world.routers) {
      ObjectNode item = list.addObject().put("uuid", router.uuid()).put("type", router.type())
          .put("name", router.name()).put("description", router.description()).put("status", router.status());
      ArrayNode channelSide = item.putArray("channel_endpoints");
      for (String endpoint : names(router.extraChannelEndpoints())) {
        channelSide.addObject().put("uuid", routerEndpoint(router, "INBOUND", endpoint)).put("name", endpoint);
      }
      ArrayNode conversationSide = item.putArray("conversation_endpoints");
      for (String endpoint : names(router.extraConversationEndpoints())) {
        conversationSide.addObject().put("uuid", routerEndpoint(router, "OUTBOUND", endpoint)).put("name", endpoint);
      }
    }
    return list;
  }

  private static ArrayNode routingEntries(World world) {
    ArrayNode list = NODES.arrayNode();
    for (Entry entry : world.routingEntries) {
      ObjectNode item = list.addObject();
      item.putObject("source").put("uuid", entry.source());
      item.putObject("target").put("uuid", entry.target());
    }
    return list;
  }

  /** {@code default} first, then the extra ones, as Vumi Go lists endpoints. */
  private static List<String> names(List<String> extra) {
    List<String> names = new ArrayList<>();
    names.add("default");
    names.addAll(extra);
    return names;
  }

  static String conversationEndpoint(Conversation conversation, String endpoint) {
    return "CONVERSATION:" + conversation.type() + ":" + conversation.uuid() + "::" + endpoint;
  }

  static String channelEndpoint(Channel channel) {
    return "TRANSPORT_TAG:" + channel.pool() + ":" + channel.tag() + "::default";
  }

  static String routerEndpoint(Router router, String direction, String endpoint) {
    return "ROUTER:" + router.type() + ":" + router.uuid() + ":" + direction + "::" + endpoint;
  }

  /** Python's {@code str.title()}. */
  static String title(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean afterLetter = false;
    for (char c : text.toCharArray()) {
      out.append(afterLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
      afterLetter = Character.isLetter(c);
    }
    return out.toString();
  }

  /**
   * The checks of vumi-go's {@code RoutingType}: four lists, each item with its string fields; extra
   * keys are allowed. A failure is vumi's signature error, which 0.3.1 reports as 8002 {@code error}.
   */
  private static void checkRoutingType(JsonNode routing) throws Fault {
    if (!routing.isObject()) {
      throw Fault.error();
    }
    checkItems(routing.get("channels"), List.of("uuid", "name", "description"), List.of("endpoints"));
    checkItems(routing.get("conversations"), List.of("uuid", "type", "name", "description"), List.of("endpoints"));
    checkItems(routing.get("routers"), List.of("uuid", "type", "name", "description"),
        List.of("channel_endpoints", "conversation_endpoints"));
    JsonNode entries = routing.get("routing_entries");
    if (entries == null || !entries.isArray()) {
      throw Fault.error();
    }
    for (JsonNode entry : entries) {
      if (!entry.path("source").path("uuid").isTextual() || !entry.path("target").path("uuid").isTextual()) {
        throw Fault.error();
      }
    }
    for (JsonNode channel : routing.get("channels")) {
      JsonNode tag = channel.get("tag");
      if (tag == null || !tag.isArray() || tag.size() != 2 || !tag.get(0).isTextual() || !tag.get(1).isTextual()) {
        throw Fault.error();
      }
    }
  }

  private static void checkItems(JsonNode items, List<String> strings, List<String> endpointLists) throws Fault {
    if (items == null || !items.isArray()) {
      throw Fault.error();
    }
    for (JsonNode item : items) {
      for (String field : strings) {
        if (!item.path(field).isTextual()) {
          throw Fault.error();
        }
      }
      for (String field : endpointLists) {
        JsonNode endpoints = item.get(field);
        if (endpoints == null || !endpoints.isArray()) {
          throw Fault.error();
        }
        for (JsonNode endpoint : endpoints) {
          if (!endpoint.path("uuid").isTextual() || !endpoint.path("name").isTextual()) {
            throw Fault.error();
          }
        }
      }
    }
  }

  /**
   * Checks each entry against the account's real endpoints, in order, and replaces the entries
   * wholesale: a route goes from what receives outbound messages (channels, routers' conversation
   * sides) to what receives inbound ones (conversations, routers' channel sides), or back.
   */
  private static void updateRoutingTable(World world, JsonNode routing) throws Fault {
    Set<String> receivesOutbound = new HashSet<>();
    Set<String> receivesInbound = new HashSet<>();
    for (Channel channel : world.channels) {
      receivesOutbound.add(channelEndpoint(channel));
    }
    for (Conversation conversation : world.conversations) {
      for (String endpoint : names(conversation.extraEndpoints())) {
        receivesInbound.add(conversationEndpoint(conversation, endpoint));
      }
    }
    for (Router router : world.routers) {
      for (String endpoint : names(router.extraConversationEndpoints())) {
        receivesOutbound.add(routerEndpoint(router, "OUTBOUND", endpoint));
      }
      for (String endpoint : names(router.extraChannelEndpoints())) {
        receivesInbound.add(routerEndpoint(router, "INBOUND", endpoint));
      }
    }
    List<Entry> entries = new ArrayList<>();
    for (Iterator<JsonNode> items = routing.get("routing_entries").elements(); items.hasNext();) {
      JsonNode item = items.next();
      String source = item.get("source").get("uuid").asText();
      String target = item.get("target").get("uuid").asText();
      if (receivesOutbound.contains(source)) {
        if (!receivesInbound.contains(target)) {
          throw invalid("Source outbound-receiving endpoint " + PythonRepr.of(item.get("source"))
              + " should link to an inbound-receiving endpoint but links to " + PythonRepr.of(item.get("target")));
        }
      } else if (receivesInbound.contains(source)) {
        if (!receivesOutbound.contains(target)) {
          throw invalid("Source inbound-receiving endpoint " + PythonRepr.of(item.get("source"))
              + " should link to an outbound-receiving endpoint but links to " + PythonRepr.of(item.get("target")));
        }
      } else {
        throw invalid("Unknown source endpoint " + PythonRepr.of(item.get("source")));
      }
      entries.add(new Entry(source, target));
    }
    world.routingEntries = List.copyOf(entries);
  }

  private static Fault invalid(String text) {
    return new Fault("InvalidRoutingTable", 400, text, false);
  }
}
