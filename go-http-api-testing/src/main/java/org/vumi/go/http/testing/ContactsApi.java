package org.vumi.go.http.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.net.URLDecoder;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Text;

/**
 * Answers Vumi Go's contacts and groups API (go-contacts-api behind the auth bouncer) as the real
 * server does: routes, bearer auth (401 without a token, 403 for an unknown one), the
 * {@code {"status_code", "reason"}} envelope with the server's texts and Python reprs, field checks,
 * partial updates, lookups by address, and paging by key with Riak's own continuations as cursors
 * ({@code base64(term_to_binary(Key))}; {@code rot13("staticgroup" + continuation)} or {@code
 * rot13("dynamicgroup" + offset)} for a group's contacts), an exactly full page followed by an
 * empty one, and a group's static members then its query's matches.
 *
 * <p>A smart group's query is matched as {@code field:value} against the contact's field, exactly
 * (a backslash escapes the next character, as in Lucene); the real server runs a Riak search.
 */
final class ContactsApi implements HttpHandler {
  /** The page limit (the server's required {@code max_contacts_per_page} and {@code max_groups_per_page}) at start. */
  static final int DEFAULT_PAGE_LIMIT = 100;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String NOT_FOUND_PAGE = "<html><title>404: Not Found</title><body>404: Not Found</body></html>";
  private static final List<String> BASE_SEGMENTS =
      HttpUrl.get("http://localhost" + VumiGoEmulator.GO_API_PATH).pathSegments();

  static final Set<String> CONTACT_FIELDS = Set.of("user_account", "name", "surname", "email_address", "dob",
      "created_at", "groups", "extra", "subscription", "msisdn", "twitter_handle", "facebook_id", "bbm_pin",
      "gtalk_id", "mxit_id", "wechat_id");
  static final Set<String> GROUP_FIELDS = Set.of("name", "query", "user_account", "created_at");
  static final List<String> ADDRESS_FIELDS = List.of("bbm_pin", "facebook_id", "gtalk_id", "msisdn", "mxit_id",
      "twitter_handle", "wechat_id");
  /** String fields of the Contact model and their maximum lengths (0: none). */
  private static final Map<String, Integer> STRING_FIELDS = Map.of("name", 255, "surname", 255, "msisdn", 255,
      "email_address", 0, "twitter_handle", 100, "facebook_id", 100, "bbm_pin", 100, "gtalk_id", 0, "mxit_id", 0,
      "wechat_id", 0);
  /** The contact object's fields in the server's order; {@code key} comes first. */
  private static final List<String> CONTACT_LAYOUT = List.of("$VERSION", "user_account", "created_at", "name",
      "surname", "email_address", "dob", "msisdn", "twitter_handle", "facebook_id", "bbm_pin", "gtalk_id",
      "mxit_id", "wechat_id", "groups", "extra", "subscription");

  private static final String STATIC = "staticgroup";
  private static final String DYNAMIC = "dynamicgroup";

  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
  private static final Pattern ISO_8601 = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?(Z|[+-]\\d{2}(?::?\\d{2})?)?");

  /** One account's contacts and groups, each by key (so in key order, as Riak's index pages them). */
  private static final class Store {
    /** The account: the term of the contacts' and groups' {@code user_account} index. */
    final String account;
    final TreeMap<String, ObjectNode> contacts = new TreeMap<>();
    final TreeMap<String, ObjectNode> groups = new TreeMap<>();

    Store(String account) {
      this.account = account;
    }
  }

  /** A refusal in the server's envelope. */
  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refusal(int status, String reason) {
      super(reason, null, false, false);
      this.status = status;
    }
  }

  private final VumiGoEmulator emulator;
  private final Map<String, Store> stores = new ConcurrentHashMap<>();
  volatile int contactsPageLimit = DEFAULT_PAGE_LIMIT;
  volatile int groupsPageLimit = DEFAULT_PAGE_LIMIT;

  ContactsApi(VumiGoEmulator emulator) {
    this.emulator = emulator;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    emulator.requestCount.incrementAndGet();
    try (exchange) {
      route(exchange);
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    List<String> segments = HttpUrl.get("http://localhost" + exchange.getRequestURI().getRawPath()).pathSegments();
    List<String> below = segments.subList(BASE_SEGMENTS.size(), segments.size());
    String collection = below.get(0);
    List<String> rest = below.subList(1, below.size());
    String method = exchange.getRequestMethod();
    String route;
    if (!collection.equals("contacts") && !collection.equals("groups")) {
      route = "none"; // such as /groupsx/: the JDK's server matched the context as a prefix
    } else if (rest.size() == 1 && rest.get(0).isEmpty()) {
      route = "collection";
    } else if (rest.size() == 1) {
      route = "element";
    } else if (collection.equals("groups") && rest.size() == 2 && rest.get(1).equals("contacts")
        && !rest.get(0).isEmpty()) {
      route = "members";
    } else {
      route = "none";
    }
    if (route.equals("none")) {
      // Cyclone's own page for a path no route matches: before any auth.
      send(exchange, 404, "text/html; charset=UTF-8", NOT_FOUND_PAGE.getBytes(UTF_8));
      return;
    }
    try {
      String account = authenticate(exchange);
      Store store = stores.computeIfAbsent(account, Store::new);
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String key = rest.get(0);
      JsonNode answer;
      synchronized (store) {
        answer = switch (collection + " " + route + " " + method) {
          case "contacts collection GET" -> listContacts(exchange, store, query);
          case "contacts collection POST" -> createContact(store, account, body(exchange, "Failed to create object."));
          case "contacts element GET" -> contact(store, key).deepCopy();
          case "contacts element PUT" -> updateContact(store, key, body(exchange, failedTo("update", key)));
          case "contacts element DELETE" -> store.contacts.remove(contact(store, key).get("key").asText());
          case "groups collection GET" -> listGroups(exchange, store, query);
          case "groups collection POST" -> createGroup(store, account, body(exchange, "Failed to create object."));
          case "groups element GET" -> group(store, key).deepCopy();
          case "groups element PUT" -> updateGroup(store, key, body(exchange, failedTo("update", key)));
          case "groups element DELETE" -> store.groups.remove(group(store, key).get("key").asText());
          case "groups members GET" -> listMembers(exchange, store, key, query);
          default -> throw new Refusal(405, "Method Not Allowed");
        };
      }
      if (answer != null) {
        send(exchange, 200, "application/json; charset=utf-8", Py.ASCII_JSON.writeValueAsBytes(answer));
      }
    } catch (Refusal refusal) {
      ObjectNode envelope = NODES.objectNode().put("status_code", refusal.status).put("reason", refusal.getMessage());
      send(exchange, refusal.status, "application/json; charset=utf-8", Py.ASCII_JSON.writeValueAsBytes(envelope));
    }
  }

  /**
   * The auth bouncer's answers: 401 without an {@code Authorization} header, 403 for a token it does
   * not know (read from the header's eighth character, so {@code Basic ...} too).
   */
  private String authenticate(HttpExchange exchange) throws Refusal {
    if (VumiGoEmulator.bouncerToken(exchange) == null) {
      throw new Refusal(401, "Unauthorized");
    }
    String account = emulator.accountForBearer(exchange);
    if (account == null) {
      throw new Refusal(403, "Forbidden");
    }
    return account;
  }

  /** Query parameters as cyclone's get_argument reads them: decoded ({@code +} is a space), stripped, the last wins. */
  private static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
        params.put(name, value.strip());
      }
    }
    return params;
  }

  private static JsonNode body(HttpExchange exchange, String failure) throws IOException, Refusal {
    byte[] raw = exchange.getRequestBody().readAllBytes();
    JsonNode tree = Py.loads(raw);
    if (tree == null) {
      throw new Refusal(400, "Invalid JSON: " + PyJson.reason(raw));
    }
    if (!tree.isObject()) {
      throw new Refusal(500, failure); // the server's field check crashes on anything but an object
    }
    return tree;
  }

  // ---------------------------------------------------------------- contacts

  private static ObjectNode contact(Store store, String key) throws Refusal {
    ObjectNode contact = store.contacts.get(key);
    if (contact == null) {
      throw new Refusal(404, "Contact " + bytesRepr(key) + " not found.");
    }
    return contact;
  }

  private static ObjectNode createContact(Store store, String account, JsonNode body) throws Refusal {
    checkFields(body, CONTACT_FIELDS, "Invalid contact fields: ");
    if (!body.hasNonNull("msisdn")) {
      throw new Refusal(400, "None is not allowed as a value for non-null fields.");
    }
    ObjectNode contact = NODES.objectNode();
    String key = VumiGoEmulator.newMessageId();
    contact.put("key", key);
    for (String field : CONTACT_LAYOUT) {
      contact.putNull(field);
    }
    contact.put("$VERSION", 2);
    contact.put("user_account", account);
    contact.put("created_at", now());
    contact.set("groups", NODES.arrayNode());
    contact.set("extra", NODES.objectNode());
    contact.set("subscription", NODES.objectNode());
    apply(contact, body, true);
    store.contacts.put(key, contact);
    return contact.deepCopy();
  }

  private static ObjectNode updateContact(Store store, String key, JsonNode body) throws Refusal {
    checkFields(body, CONTACT_FIELDS, "Invalid contact fields: ");
    ObjectNode contact = contact(store, key);
    ObjectNode updated = contact.deepCopy();
    apply(updated, body, false);
    store.contacts.put(key, updated);
    return updated.deepCopy();
  }

  /** Sets the fields of {@code body} on {@code contact}, checking each as the vumi field classes do. */
  private static void apply(ObjectNode contact, JsonNode body, boolean create) throws Refusal {
    for (String field : names(body)) {
      JsonNode value = body.get(field);
      switch (field) {
        case "user_account" -> { } // the owner is forced
        case "dob", "created_at" -> contact.set(field, value.isNull() ? value : NODES.textNode(timestamp(value)));
        case "groups" -> contact.set(field, addGroups((ArrayNode) contact.get("groups"), value));
        case "extra", "subscription" -> contact.set(field, stringMap(value, create));
        default -> contact.set(field, string(field, value, field.equals("msisdn")));
      }
    }
  }

  private static JsonNode string(String field, JsonNode value, boolean nonNull) throws Refusal {
    if (value.isNull()) {
      if (nonNull) {
        throw new Refusal(400, "None is not allowed as a value for non-null fields.");
      }
      return value;
    }
    if (!value.isTextual()) {
      throw new Refusal(400, "Value " + Py.repr(value) + " is not a unicode string.");
    }
    int max = STRING_FIELDS.getOrDefault(field, 0);
    if (max > 0 && value.asText().codePointCount(0, value.asText().length()) > max) {
      throw new Refusal(400, "Value " + Py.repr(value) + " too long (maximum length is " + max + ").");
    }
    return value;
  }

  private static ArrayNode addGroups(ArrayNode groups, JsonNode value) throws Refusal {
    if (!value.isArray()) {
      throw new Refusal(400, "Value " + Py.repr(value) + " is not a list of group keys.");
    }
    Set<String> keys = new LinkedHashSet<>();
    groups.forEach(key -> keys.add(key.asText()));
    for (JsonNode key : value) {
      if (!key.isTextual()) {
        throw new Refusal(400, "Value " + Py.repr(key) + " is not a unicode string.");
      }
      keys.add(key.asText());
    }
    ArrayNode out = NODES.arrayNode();
    keys.forEach(out::add);
    return out;
  }

  /** On create the values are not checked (the model skips dynamic fields then); on update they must be strings. */
  private static JsonNode stringMap(JsonNode value, boolean create) throws Refusal {
    if (!value.isObject()) {
      throw new Refusal(400, "Value " + Py.repr(value) + " is not a dict.");
    }
    if (!create) {
      for (JsonNode item : value) {
        if (!item.isTextual()) {
          throw new Refusal(400, "Value " + Py.repr(item) + " is not a unicode string.");
        }
      }
    }
    return value;
  }

  private static String timestamp(JsonNode value) throws Refusal {
    Matcher m = value.isTextual() ? ISO_8601.matcher(value.asText()) : null;
    if (m == null || !m.matches()) {
      throw new Refusal(400, "Timestamp field expects a datetime or an iso8601 formatted string.");
    }
    try {
      String fraction = m.group(7) == null ? "0" : (m.group(7) + "000000").substring(0, 6);
      // An offset is dropped, not converted: the wall-clock time is stored.
      LocalDateTime time = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
          m.group(5) == null ? 0 : Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
          Integer.parseInt(fraction) * 1000);
      return TIMESTAMP.format(time);
    } catch (DateTimeException e) {
      throw new Refusal(400, "Timestamp field expects a datetime or an iso8601 formatted string.");
    }
  }

  private static String now() {
    return TIMESTAMP.format(LocalDateTime.now(ZoneOffset.UTC));
  }

  private static void checkFields(JsonNode body, Set<String> allowed, String reason) throws Refusal {
    Set<String> bad = new TreeSet<>();
    body.fieldNames().forEachRemaining(name -> {
      if (!allowed.contains(name)) {
        bad.add(name);
      }
    });
    if (!bad.isEmpty()) {
      throw new Refusal(400, reason + String.join(", ", bad));
    }
  }

  private @Nullable JsonNode listContacts(HttpExchange exchange, Store store, Map<String, String> query)
      throws IOException, Refusal {
    String lookup = query.get("query");
    if ("true".equals(query.get("stream"))) {
      if (lookup != null) {
        throw new Refusal(400, "query parameter not supported");
      }
      stream(exchange, store.contacts.values());
      return null;
    }
    int size = pageSize(query, contactsPageLimit);
    if (lookup != null) {
      return page(null, List.of(lookup(store, lookup)));
    }
    String cursor = query.get("cursor");
    return keyPage(store.contacts, store.account, cursor, size, cursorError(cursor == null ? null : Py.unicodeRepr(cursor)));
  }

  private static ObjectNode lookup(Store store, String query) throws Refusal {
    String[] parts = query.split("=", -1);
    if (parts.length != 2) {
      throw new Refusal(400, "Query must be of the form 'field=value'");
    }
    String field = parts[0];
    String value = parts[1];
    if (!ADDRESS_FIELDS.contains(field)) {
      throw new Refusal(400, "Query field must be one of: " + listRepr(ADDRESS_FIELDS));
    }
    if (field.equals("msisdn")) {
      value = "+" + value.replaceFirst("^\\++", "");
    }
    ObjectNode newest = null;
    for (ObjectNode contact : store.contacts.values()) {
      if (value.equals(contact.path(field).asText(null)) && (newest == null
          || contact.path("created_at").asText("").compareTo(newest.path("created_at").asText("")) > 0)) {
        newest = contact;
      }
    }
    if (newest == null) {
      throw new Refusal(400, "Object " + Py.unicodeRepr("Contact with " + field + " " + value) + " not found.");
    }
    return newest.deepCopy();
  }

  // ---------------------------------------------------------------- groups

  private static ObjectNode group(Store store, String key) throws Refusal {
    ObjectNode group = store.groups.get(key);
    if (group == null) {
      throw new Refusal(404, "Group " + bytesRepr(key) + " not found.");
    }
    return group;
  }

  private static ObjectNode createGroup(Store store, String account, JsonNode body) throws Refusal {
    checkFields(body, GROUP_FIELDS, "Invalid group fields: ");
    if (!body.has("name")) {
      throw new Refusal(400, "The group name must be specified in group creation");
    }
    ObjectNode group = NODES.objectNode();
    String key = VumiGoEmulator.newMessageId();
    group.put("key", key);
    group.putNull("$VERSION");
    group.put("user_account", account);
    group.put("created_at", now());
    group.putNull("name");
    group.putNull("query");
    applyGroup(group, body);
    store.groups.put(key, group);
    return group.deepCopy();
  }

  private static ObjectNode updateGroup(Store store, String key, JsonNode body) throws Refusal {
    checkFields(body, GROUP_FIELDS, "Invalid group fields: ");
    ObjectNode updated = group(store, key).deepCopy();
    applyGroup(updated, body);
    store.groups.put(key, updated);
    return updated.deepCopy();
  }

  private static void applyGroup(ObjectNode group, JsonNode body) throws Refusal {
    for (String field : names(body)) {
      JsonNode value = body.get(field);
      switch (field) {
        case "user_account" -> { }
        case "created_at" -> group.set(field, value.isNull() ? value : NODES.textNode(timestamp(value)));
        case "name" -> group.set(field, string("name", value, true));
        default -> group.set(field, string("query", value, false));
      }
    }
  }

  private @Nullable JsonNode listGroups(HttpExchange exchange, Store store, Map<String, String> query)
      throws IOException, Refusal {
    if (query.containsKey("query")) {
      throw new Refusal(400, "query parameter not supported");
    }
    if ("true".equals(query.get("stream"))) {
      stream(exchange, store.groups.values());
      return null;
    }
    String cursor = query.get("cursor");
    return keyPage(store.groups, store.account, cursor, pageSize(query, groupsPageLimit),
        cursorError(cursor == null ? null : Py.unicodeRepr(cursor)));
  }

  // ---------------------------------------------------------------- a group's contacts

  private @Nullable JsonNode listMembers(HttpExchange exchange, Store store, String groupKey,
      Map<String, String> query) throws IOException, Refusal {
    if (query.containsKey("query")) {
      throw new Refusal(400, "query parameter not supported");
    }
    TreeMap<String, ObjectNode> members = new TreeMap<>();
    for (ObjectNode contact : store.contacts.values()) {
      for (JsonNode key : contact.get("groups")) {
        if (key.asText().equals(groupKey)) {
          members.put(contact.get("key").asText(), contact);
        }
      }
    }
    ObjectNode group = store.groups.get(groupKey);
    String search = group == null || group.get("query").isNull() ? null : group.get("query").asText();
    if ("true".equals(query.get("stream"))) {
      List<ObjectNode> all = new ArrayList<>(members.values());
      if (search != null) {
        all.addAll(matches(store, search));
      }
      stream(exchange, all);
      return null;
    }
    int size = pageSize(query, contactsPageLimit);
    String cursor = query.get("cursor");
    // rot13 of a unicode cursor: a character past U+00FF cannot be encoded, and the cursor is invalid.
    String decoded = cursor == null ? STATIC : cursor.chars().anyMatch(c -> c > 0xff) ? "" : rot13(cursor);
    if (decoded.startsWith(STATIC)) {
      // The continuation is a byte string here, so Riak's error shows its repr without the u.
      String continuation = decoded.length() == STATIC.length() ? null : decoded.substring(STATIC.length());
      ObjectNode page = keyPage(members, groupKey, continuation, size,
          cursorError(continuation == null ? null : bytesRepr(continuation.getBytes(ISO_8859_1))));
      if (!page.get("cursor").isNull()) {
        page.put("cursor", rot13(STATIC + page.get("cursor").asText()));
      } else if (search != null) {
        page.put("cursor", rot13(DYNAMIC)); // the static members ran out: the query's matches follow
      }
      return page;
    }
    Long offset = decoded.startsWith(DYNAMIC) ? pythonInt(decoded.substring(DYNAMIC.length())) : null;
    if (offset == null) {
      throw new Refusal(400, "Invalid cursor: " + Py.unicodeRepr(cursor));
    }
    if (search == null) {
      // group.query of no group, or a search for None: the server's catch-all answer.
      throw new Refusal(500, "Failed to retrieve contacts for group " + Py.unicodeRepr(groupKey) + ".");
    }
    List<ObjectNode> found = matches(store, search);
    List<ObjectNode> rows = pythonSlice(found, offset, offset + size);
    return page(rows.isEmpty() ? null : rot13(DYNAMIC + (offset + rows.size())), rows);
  }

  /** Python 2's {@code int()} of a byte string: surrounding whitespace, a sign, digits; null where it raises. */
  private static @Nullable Long pythonInt(String text) {
    if (text.isEmpty()) {
      return 0L; // the server reads an empty offset as 0
    }
    String stripped = text.replaceAll("^[ \\t\\n\\r\\u000b\\f]+|[ \\t\\n\\r\\u000b\\f]+$", "");
    if (!stripped.matches("[+-]?[0-9]{1,18}")) {
      return null; // longer numbers are left out: no search has that many matches
    }
    return Long.parseLong(stripped);
  }

  /** Python's {@code items[start:stop]}, negative indexes counting from the end (as the reference's search slices). */
  private static List<ObjectNode> pythonSlice(List<ObjectNode> items, long start, long stop) {
    int from = (int) Math.max(0, Math.min(items.size(), start < 0 ? start + items.size() : start));
    int to = (int) Math.max(0, Math.min(items.size(), stop < 0 ? stop + items.size() : stop));
    return to <= from ? List.of() : items.subList(from, to);
  }

  /** The contacts a smart group's {@code field:value} query finds, by key. */
  private static List<ObjectNode> matches(Store store, String search) throws Refusal {
    int colon = search.indexOf(':');
    if (colon <= 0) {
      throw new Refusal(400, "Invalid query, the emulator only supports queries of the form 'field:value'");
    }
    String field = search.substring(0, colon);
    String value = search.substring(colon + 1).replaceAll("\\\\(.)", "$1"); // Lucene's escapes
    List<ObjectNode> found = new ArrayList<>();
    for (ObjectNode contact : store.contacts.values()) {
      JsonNode actual = contact.has(field) ? contact.get(field) : contact.path("extra").get(field);
      if (actual != null && actual.isTextual() && actual.asText().equals(value)) {
        found.add(contact);
      }
    }
    return found;
  }

  // ---------------------------------------------------------------- paging

  /** {@code max_results}: at most the limit; 0 or none is the limit; a negative one is passed on (Riak refuses it). */
  private static int pageSize(Map<String, String> query, int limit) throws Refusal {
    String text = query.get("max_results");
    if (text == null) {
      return limit;
    }
    if (!text.matches("[+-]?\\d+")) {
      throw new Refusal(400, "max_results must be an integer");
    }
    BigInteger asked = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
    return asked.signum() == 0 ? limit : asked.signum() < 0 ? -1 : asked.min(BigInteger.valueOf(limit)).intValue();
  }

  /** The server's answer to any Riak error while paging, naming the continuation it passed ({@code None} for none). */
  private static Refusal cursorError(@Nullable String continuationRepr) {
    return new Refusal(400, "Riak error, possible invalid cursor: " + (continuationRepr == null ? "None" : continuationRepr));
  }

  /**
   * A page of {@code objects} (all under one index term, such as the account's key) after the
   * continuation, as Riak pages an equality query on an index: by key; a full page always has a
   * continuation, even when nothing follows (the next page is then empty).
   */
  private static ObjectNode keyPage(TreeMap<String, ObjectNode> objects, String indexTerm, @Nullable String continuation,
      int size, Refusal invalid) throws Refusal {
    if (size < 1) {
      throw invalid; // Riak's HTTP interface refuses max_results below 1
    }
    java.util.function.Predicate<byte[]> follows = key -> true;
    if (continuation != null) {
      follows = continuationFilter(continuation, indexTerm.getBytes(UTF_8));
      if (follows == null) {
        throw invalid;
      }
    }
    List<ObjectNode> rows = new ArrayList<>(Math.min(size, objects.size()));
    for (Iterator<ObjectNode> all = objects.values().iterator(); rows.size() < size && all.hasNext();) {
      ObjectNode object = all.next();
      if (follows.test(object.get("key").asText().getBytes(UTF_8))) {
        rows.add(object);
      }
    }
    String next = rows.size() == size ? encodeContinuation(rows.get(rows.size() - 1).get("key").asText()) : null;
    return page(next, rows);
  }

  private static ObjectNode page(@Nullable String cursor, List<ObjectNode> rows) {
    ObjectNode page = NODES.objectNode();
    page.put("cursor", cursor);
    ArrayNode data = page.putArray("data");
    rows.forEach(row -> data.add(row.deepCopy()));
    return page;
  }

  /**
   * Riak's continuation of an equality query's last result, its key: {@code base64(term_to_binary(Key))}
   * (riak_index:make_continuation/1), so {@code g20AAAAg...} for a 32-character key. go-contacts-api
   * passes it through as the cursor.
   */
  static String encodeContinuation(String lastKey) {
    byte[] key = lastKey.getBytes(UTF_8);
    ByteBuffer term = ByteBuffer.allocate(6 + key.length).put((byte) 0x83).put((byte) 'm').putInt(key.length).put(key);
    return Base64.getEncoder().encodeToString(term.array());
  }

  /**
   * Which keys follow a continuation, as Riak decodes and applies one to an equality query on the
   * index term {@code indexTerm}: a key (those after it), or {@code {Term, Key}} (those after it in
   * (term, key) order, an integer term sorting before any byte string, as in Python 2).
   *
   * @return the test, or null where Riak raises (not padded base64 of an external term of those shapes)
   */
  static java.util.function.@Nullable Predicate<byte[]> continuationFilter(String continuation, byte[] indexTerm) {
    if (!continuation.matches("[A-Za-z0-9+/]*={0,2}") || continuation.length() % 4 != 0) {
      return null;
    }
    ByteBuffer term = ByteBuffer.wrap(Base64.getDecoder().decode(continuation));
    try {
      if (term.get() != (byte) 0x83) {
        return null;
      }
      Object decoded = erlangTerm(term);
      if (term.hasRemaining()) {
        return null;
      }
      if (decoded instanceof byte[] key) {
        return candidate -> Arrays.compareUnsigned(candidate, key) > 0;
      }
      if (decoded instanceof Object[] pair && pair.length == 2 && pair[1] instanceof byte[] key
          && !(pair[0] instanceof Object[])) {
        // A number sorts before the index's byte-string term; a byte string is compared with it.
        int order = pair[0] instanceof byte[] first ? Arrays.compareUnsigned(indexTerm, first) : 1;
        return candidate -> order > 0 || (order == 0 && Arrays.compareUnsigned(candidate, key) > 0);
      }
      return null;
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The external terms Riak's continuations hold: a binary (byte[]), a small or 32-bit integer (Integer), a small tuple (Object[]). */
  private static Object erlangTerm(ByteBuffer in) {
    int tag = in.get() & 0xff;
    switch (tag) {
      case 'm' -> {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw new IllegalArgumentException("short binary");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
      }
      case 'a' -> {
        return in.get() & 0xff;
      }
      case 'b' -> {
        return in.getInt();
      }
      case 'h' -> {
        Object[] items = new Object[in.get() & 0xff];
        for (int i = 0; i < items.length; i++) {
          items[i] = erlangTerm(in);
        }
        return items;
      }
      default -> throw new IllegalArgumentException("unsupported term tag " + tag);
    }
  }

  static String rot13(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c >= 'a' && c <= 'z') {
        out.append((char) ('a' + (c - 'a' + 13) % 26));
      } else if (c >= 'A' && c <= 'Z') {
        out.append((char) ('A' + (c - 'A' + 13) % 26));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- answers

  /** {@code stream=true}: one JSON object a line. */
  private static void stream(HttpExchange exchange, Iterable<ObjectNode> objects) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ObjectNode object : objects) {
      out.write(Py.ASCII_JSON.writeValueAsBytes(object));
      out.write('\n');
    }
    send(exchange, 200, "application/json; charset=utf-8", out.toByteArray());
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String failedTo(String what, String key) {
    return "Failed to " + what + " " + bytesRepr(key);
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Python 2's repr of a UTF-8 byte string, such as a key from the path: {@code 'bad-id'}. */
  private static String bytesRepr(String text) {
    return bytesRepr(text.getBytes(UTF_8));
  }

  /** Python 2's repr of a byte string. */
  private static String bytesRepr(byte[] bytes) {
    return Text.pythonRepr(bytes);
  }

  /** Python 2's repr of a list of byte strings: {@code ['a', 'b']}. */
  private static String listRepr(List<String> texts) {
    List<String> items = new ArrayList<>();
    texts.forEach(text -> items.add(bytesRepr(text)));
    return "[" + String.join(", ", items) + "]";
  }
}
