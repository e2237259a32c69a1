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
import org.jspecify.annotations.Nullable;

/**
 * Answers as Vumi Go's account API (JSON-RPC on txJSON-RPC 0.3.1) does: any method and sub-path
 * reaches the JSON-RPC parser once Twisted's guard and the auth bouncer know the bearer token (else
 * Twisted's 401); a body that is not a call is a Twisted 500 page; a call is answered {@code
 * {"result", "error", "id": null}} with HTTP 200 (or, without {@code jsonrpc} and {@code id}, in
 * txJSON-RPC's oldest form), its faults in the server's classes, codes and texts. Functions are
 * found as txJSON-RPC finds them, sub-handler by sub-handler, introspection ({@code system.*})
 * and the dialogue poll actions included. Each account has one campaign, keyed by the account, and
 * the conversations, channels, routers and routing entries a test seeds.
 */
final class AccountApi extends GoApiExchanges {
  static final String PATH = VumiGoEmulator.GO_API_PATH + "/api/";
  /** Where the emulator serves it from: Twisted serves {@code /api} without the slash too. */
  static final String CONTEXT = VumiGoEmulator.GO_API_PATH + "/api";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final String PROCESSING_FAILED = "<html><head><title>Processing Failed</title></head><body>"
      + "<b>Processing Failed</b></body></html>";
  private static final List<String> METHODS = List.of("campaigns", "conversations", "channels", "routers",
      "routing_entries", "routing_table", "update_routing_table");
  /**
   * txJSON-RPC's tree of handlers, by prefix: the server's own methods, and its sub-handlers'
   * ({@code system} for introspection; {@code conversation} and {@code router} with a sub-handler per
   * type that has an API dispatcher, which in vumi-go is only {@code dialogue}).
   */
  private static final Map<String, Set<String>> HANDLERS = Map.of("", Set.copyOf(METHODS),
      "system.", Set.of("listMethods", "methodHelp", "methodSignature"),
      "conversation.", Set.of(),
      "conversation.dialogue.", Set.of("get_poll", "save_poll"),
      "router.", Set.of());
  private static final String DIALOGUE_HELP = ":param Unicode campaign_key:\n    Campaign key.\n"
      + ":param Unicode conversation_key:\n    Conversation key.\n:param Dict params:\n"
      + "    Additional action paramaters. May be null. Default: None.\n:rtype Dict:\n    Result of the action.";
  /** Each method's signature and help text, as the server's introspection answers them (vumi.rpc's docs). */
  private static final Map<String, String[]> INTROSPECTION = Map.ofEntries(
      entry("campaigns", "[[\"array\"]]",
          "List the campaigns a user has access to.\n\n:rtype List:\n    List of campaigns."),
      entry("channels", "[[\"array\", \"string\"]]", "List the active channels under a particular campaign.\n\n"
          + ":param Unicode campaign_key:\n    Campaign key.\n:rtype List:\n    List of channels."),
      entry("conversation.dialogue.get_poll", "[[\"struct\", \"string\", \"string\", \"struct\"]]", DIALOGUE_HELP),
      entry("conversation.dialogue.save_poll", "[[\"struct\", \"string\", \"string\", \"struct\"]]", DIALOGUE_HELP),
      entry("conversations", "[[\"array\", \"string\"]]", "List the active conversations under a particular"
          + " campaign.\n\n:param Unicode campaign_key:\n    Campaign key.\n:rtype List:\n    List of conversations."),
      entry("routers", "[[\"array\", \"string\"]]", "List the active routers under a particular campaign.\n\n"
          + ":param Unicode campaign_key:\n    Campaign key.\n:rtype List:\n    List of routers."),
      entry("routing_entries", "[[\"array\", \"string\"]]", "List the routing entries from a particular campaign's"
          + " routing table.\n\n:param Unicode campaign_key:\n    Campaign key.\n:rtype List:\n"
          + "    List of routing table entries."),
      entry("routing_table", "[[\"struct\", \"string\"]]", "List the channels, conversations, routers and routing"
          + " table\nentries that make up a campaign's routing.\n\n:param Unicode campaign_key:\n    Campaign key.\n"
          + ":rtype RoutingType:\n    Complete description of the routing table."),
      entry("system.listMethods", "[[\"array\"]]", "Return a list of the method names implemented by this server."),
      entry("system.methodHelp", "[[\"string\", \"string\"]]",
          "Return a documentation string describing the use of the given method."),
      entry("system.methodSignature", "[[\"array\", \"string\"], [\"string\", \"string\"]]",
          "Return a list of type signatures.\n\n        Each type signature is a list of the form [rtype, type1,"
          + " type2, ...]\n        where rtype is the return type and typeN is the type of the Nth\n        argument."
          + " If no signature information is available, the empty\n        string is returned."),
      entry("update_routing_table", "[[\"null\", \"string\", \"struct\"]]", ":param Unicode campaign_key:\n"
          + "    Campaign key.\n:param RoutingType routing:\n    Description of the new routing table.\n:rtype Null:"));

  private static Map.Entry<String, String[]> entry(String method, String signature, String help) {
    return Map.entry(method, new String[] {signature, help});
  }

  record Conversation(String uuid, String type, String name, String description, String status,
      List<String> extraEndpoints) {}

  record Channel(String pool, String tag) {}

  record Router(String uuid, String type, String name, String description, String status,
      List<String> extraChannelEndpoints, List<String> extraConversationEndpoints) {}

  record Entry(String source, String target) {}

  /** One account's campaign. */
  static final class World {
    final List<Conversation> conversations = new CopyOnWriteArrayList<>();
    /** The dialogue poll of each conversation that has one saved, by conversation key. */
    final Map<String, JsonNode> polls = new ConcurrentHashMap<>();
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
    String below = below(exchange, CONTEXT);
    if (!below.isEmpty() && !below.startsWith("/")) {
      send(exchange, 404, Pages.ERROR_PAGE_TYPE, Pages.NO_SUCH_CHILD); // such as /apix: Twisted has no such child
      return;
    }
    String account = authenticate(exchange);
    if (account == null) {
      exchange.getResponseHeaders().add("WWW-Authenticate", "basic realm=\"Vumi Go API\"");
      exchange.getResponseHeaders().add("WWW-Authenticate", "bearer realm=\"Vumi Go API\"");
      send(exchange, 401, Pages.DEFAULT_TYPE, "Unauthorized"); // Twisted's guard sets no content type
      return;
    }
    // txJSON-RPC's render: what raises here, outside its error handling, is Twisted's 500 page.
    JsonNode call = Py.loads(exchange.getRequestBody().readAllBytes());
    JsonNode method = call == null ? null : call.get("method");
    JsonNode params = call == null ? null : call.get("params");
    Integer version = call == null || call.has("fault") ? null : version(call);
    List<JsonNode> args = params == null ? null : Py.iterate(params); // function(*params)
    if (version == null || method == null || !method.isTextual()) {
      send(exchange, 500, Pages.DEFAULT_TYPE, PROCESSING_FAILED);
      return;
    }
    JsonNode result;
    try {
      String function = resolve(method.asText(), true);
      if (args == null) {
        send(exchange, 500, Pages.DEFAULT_TYPE, PROCESSING_FAILED);
        return;
      }
      result = dispatch(account, function, args);
    } catch (Fault fault) {
      ObjectNode error = NODES.objectNode().put("fault", fault.type).put("faultCode", fault.code)
          .put("faultString", fault.getMessage());
      // The oldest form answers a fault bare; a fault in finding the function comes before the content type is set.
      JsonNode answer = version == 0 ? error : envelope(NODES.nullNode(), error);
      send(exchange, 200, fault.html ? Pages.DEFAULT_TYPE : "text/json", Py.ASCII_JSON.writeValueAsBytes(answer));
      return;
    }
    JsonNode answer = version == 0 ? NODES.arrayNode().add(result) : envelope(result, NODES.nullNode());
    send(exchange, 200, "text/json", Py.ASCII_JSON.writeValueAsBytes(answer));
  }

  /** {@code {"result", "error", "id"}}; txJSON-RPC 0.3.1 never puts the request's id into it. */
  private static ObjectNode envelope(JsonNode result, JsonNode error) {
    ObjectNode envelope = NODES.objectNode();
    envelope.set("result", result);
    envelope.set("error", error);
    envelope.putNull("id");
    return envelope;
  }

  /**
   * txJSON-RPC's version: {@code int(float(jsonrpc))} when it is given (null where that raises),
   * else 1 with an id, else 0, the oldest form, whose answer is {@code [result]} or the bare fault.
   */
  private static @Nullable Integer version(JsonNode call) {
    JsonNode version = call.get("jsonrpc");
    if (version != null && Py.truthy(version)) {
      Double number = Py.toFloat(version);
      return number == null || number.isNaN() || number.isInfinite() ? null : (int) number.doubleValue();
    }
    JsonNode id = call.get("id");
    return id != null && Py.truthy(id) ? 1 : 0;
  }

  /**
   * The account the request acts for, as Twisted's guard and then the bouncer find it: the
   * {@code bearer} scheme (any case) goes to the bouncer, which reads the token from the header's
   * eighth character; Basic credentials are Vumi Go session ids, which the emulator has none of.
   */
  private @Nullable String authenticate(HttpExchange exchange) {
    String token = VumiGoEmulator.bouncerToken(exchange);
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (token == null || header.strip().split(" ", -1)[0].compareToIgnoreCase("bearer") != 0) {
      return null;
    }
    return emulator.authTokens.get(token);
  }

  /**
   * txJSON-RPC's {@code _getFunction}: the name is split at its first dot into a sub-handler and
   * the rest, until no dot is left; then the function must exist on the handler reached.
   *
   * @param finding true when the server looks for the function to call (its fault comes before the
   *     content type is set), false for introspection's look-ups
   * @return the full name of the function
   */
  private static String resolve(String name, boolean finding) throws Fault {
    String prefix = "";
    String rest = name;
    for (int dot = rest.indexOf('.'); dot >= 0; dot = rest.indexOf('.')) {
      String handler = rest.substring(0, dot);
      if (!HANDLERS.containsKey(prefix + handler + ".")) {
        throw new Fault("NoSuchFunction", -32601, "no such sub-handler " + handler, finding);
      }
      prefix += handler + ".";
      rest = rest.substring(dot + 1);
    }
    if (!HANDLERS.get(prefix).contains(rest)) {
      throw new Fault("NoSuchFunction", -32601, "function " + rest + " not found", finding);
    }
    return prefix + rest;
  }

  private JsonNode dispatch(String account, String method, List<JsonNode> args) throws Fault {
    switch (method) {
      case "system.listMethods" -> {
        if (!args.isEmpty()) {
          throw Fault.error();
        }
        ArrayNode names = NODES.arrayNode();
        new java.util.TreeSet<>(INTROSPECTION.keySet()).forEach(names::add);
        return names;
      }
      case "system.methodHelp", "system.methodSignature" -> {
        if (args.size() != 1 || !args.get(0).isTextual()) {
          throw Fault.error();
        }
        String[] found = INTROSPECTION.get(resolve(args.get(0).asText(), false));
        try {
          return method.endsWith("Help") ? NODES.textNode(found[1]) : MAPPER.readTree(found[0]);
        } catch (IOException e) {
          throw new IllegalStateException(e); // the table's signatures are JSON
        }
      }
      case "conversation.dialogue.get_poll", "conversation.dialogue.save_poll" -> {
        return dialogue(account, method.substring(method.lastIndexOf('.') + 1), args);
      }
      default -> {
        return call(account, method, args);
      }
    }
  }

  /**
   * vumi-go's dialogue action dispatcher: the signature ({@code campaign_key}, {@code
   * conversation_key}, optional {@code params}), the campaign, the conversation (any type; an
   * unknown one raises), then the action with the params as keywords.
   */
  private JsonNode dialogue(String account, String action, List<JsonNode> args) throws Fault {
    JsonNode params = args.size() == 3 ? args.get(2) : NODES.nullNode();
    if (args.size() < 2 || args.size() > 3 || !args.get(0).isTextual() || !args.get(1).isTextual()
        || !(params.isNull() || params.isObject())) {
      throw Fault.error();
    }
    if (!args.get(0).asText().equals(account)) {
      throw new Fault("GoApiError", 404, "Unknown campaign key.", false);
    }
    World world = world(account);
    String key = args.get(1).asText();
    if (world.conversations.stream().noneMatch(conversation -> conversation.uuid().equals(key))) {
      throw Fault.error();
    }
    List<String> names = new ArrayList<>();
    params.fieldNames().forEachRemaining(names::add);
    if (action.equals("get_poll")) {
      if (!names.isEmpty()) {
        throw Fault.error();
      }
      ObjectNode result = NODES.objectNode();
      result.set("poll", world.polls.getOrDefault(key, NODES.objectNode()).deepCopy());
      return result;
    }
    if (!names.equals(List.of("poll"))) {
      throw Fault.error();
    }
    world.polls.put(key, params.get("poll").deepCopy());
    return NODES.objectNode().put("saved", true);
  }

  private JsonNode call(String account, String method, List<JsonNode> args) throws Fault {
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

  /**
   * The entries as vumi-go's {@code RoutingTable.entries()} lists them: the table is a dict of
   * source connectors (the uuid before its last {@code ::}), each a dict of source endpoints, and
   * Python 2 iterates both in its dicts' order.
   */
  private static ArrayNode routingEntries(World world) {
    Map<String, Map<String, Entry>> table = new java.util.LinkedHashMap<>();
    for (Entry entry : world.routingEntries) {
      int separator = entry.source().lastIndexOf("::");
      String connector = separator < 0 ? "" : entry.source().substring(0, separator);
      String endpoint = separator < 0 ? entry.source() : entry.source().substring(separator + 2);
      table.computeIfAbsent(connector, any -> new java.util.LinkedHashMap<>()).put(endpoint, entry);
    }
    ArrayNode list = NODES.arrayNode();
    for (String connector : PyDict.order(List.copyOf(table.keySet()))) {
      Map<String, Entry> endpoints = table.get(connector);
      for (String endpoint : PyDict.order(List.copyOf(endpoints.keySet()))) {
        ObjectNode item = list.addObject();
        item.putObject("source").put("uuid", endpoints.get(endpoint).source());
        item.putObject("target").put("uuid", endpoints.get(endpoint).target());
      }
    }
    return list;
  }

  /**
   * The entries with one more, as {@code RoutingTable.add_entry} adds it: an entry from a source
   * already routed replaces that one, in its place (a dict's key keeps its slot).
   */
  static List<Entry> withEntry(List<Entry> entries, Entry added) {
    List<Entry> all = new ArrayList<>(entries);
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).source().equals(added.source())) {
        all.set(i, added);
        return List.copyOf(all);
      }
    }
    all.add(added);
    return List.copyOf(all);
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
    List<Entry> entries = List.of();
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
      entries = withEntry(entries, new Entry(source, target));
    }
    world.routingEntries = entries;
  }

  private static Fault invalid(String text) {
    return new Fault("InvalidRoutingTable", 400, text, false);
  }
}
