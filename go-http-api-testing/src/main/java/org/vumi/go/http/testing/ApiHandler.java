package org.vumi.go.http.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.SentMessage;

/**
 * Answers one request as Vumi Go's {@code http_api_nostream} worker does, walking the same Twisted
 * resource tree: plain resources down to the API, the conversation key, Basic auth, the resource,
 * the concurrency limit, the method, then the payload, checked in the order and the words of
 * vumi-go's {@code resource.py}. Where that code raises (and the server never answers), the
 * request is held open.
 */
final class ApiHandler implements HttpHandler {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> AGGREGATES = Set.of("sum", "avg", "max", "min", "last");
  private static final Set<String> SESSION_EVENTS = Set.of("new", "resume", "close");
  private static final String MESSAGES = "messages.json";
  private static final String METRICS = "metrics.json";

  /** The segments of the API's path: three plain Twisted resources, then the API's own. */
  private static final List<String> API_SEGMENTS = List.of(VumiGoEmulator.API_PATH.substring(1).split("/"));

  private final VumiGoEmulator emulator;
  /** Requests the real server would never answer; closed when the emulator stops. */
  private final Set<HttpExchange> held = ConcurrentHashMap.newKeySet();

  ApiHandler(VumiGoEmulator emulator) {
    this.emulator = emulator;
  }

  void dropHeldExchanges() {
    for (HttpExchange exchange : held) {
      exchange.close();
    }
    held.clear();
  }

  /** Where vumi-go's code raises and never finishes the request: the emulator holds it open. */
  private static final class Hold extends Exception {
    private static final long serialVersionUID = 1L;

    Hold() {
      super(null, null, false, false);
    }
  }

  /**
   * One request being answered, with its place in its account's in-flight count, if it has one.
   * The place is kept here, per request: not in HttpExchange attributes, which the JDK server
   * keeps per context, so that every request would see the place the latest one took.
   */
  private static final class Call {
    final HttpExchange exchange;
    final String method;
    private @Nullable AtomicInteger inFlight;
    private final AtomicBoolean released = new AtomicBoolean();

    Call(HttpExchange exchange) {
      this.exchange = exchange;
      this.method = exchange.getRequestMethod();
    }

    /**
     * Gives up the request's place just before its answer goes out, so that a client that waits
     * for an answer before sending again is never counted twice.
     */
    void release() {
      if (inFlight != null && released.compareAndSet(false, true)) {
        inFlight.decrementAndGet();
      }
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    emulator.requestCount.incrementAndGet();
    Call call = new Call(exchange);
    try {
      route(call);
    } catch (RuntimeException | IOException e) {
      exchange.close();
      throw e;
    } finally {
      call.release();
    }
  }

  private void route(Call call) throws IOException {
    List<String> segments = segments(call.exchange.getRequestURI().getRawPath());
    if (segments.get(0).equals("health")) {
      health(call); // a leaf: every path below it is the health check too
      return;
    }
    for (int at = 0; at < API_SEGMENTS.size(); at++) {
      if (segments.size() == at) {
        plainResource(call); // the path ends at one of the plain resources above the API
        return;
      }
      if (!segments.get(at).equals(API_SEGMENTS.get(at))) {
        page(call, 404, Pages.NO_SUCH_CHILD);
        return;
      }
    }
    int at = API_SEGMENTS.size();
    if (segments.size() == at || segments.get(at).isEmpty()) {
      page(call, 404, Pages.SORRY_NO_LUCK); // the API resource itself, or an empty conversation key
      return;
    }
    String header = call.exchange.getRequestHeaders().getFirst("Authorization");
    VumiGoEmulator.Conversation conversation = authenticate(header, segments.get(at++));
    if (conversation == null) {
      call.exchange.getResponseHeaders().set("WWW-Authenticate", "basic realm=\"Conversation Realm\"");
      answer(call, 401, Pages.DEFAULT_TYPE, "Unauthorized".getBytes(UTF_8), false);
      return;
    }
    String resource = segments.size() == at ? "" : segments.get(at++);
    if (!resource.equals(MESSAGES) && !resource.equals(METRICS)) {
      page(call, 404, Pages.SORRY_NO_LUCK);
      return;
    }
    // The API's code uses the account key Twisted's Request.getUser() reads, not the one the guard
    // logged in with; where the two disagree it works with an empty key.
    String user = BasicAuth.requestUser(header);
    String account = user == null ? "" : user;
    if (!takePlace(call, account)) {
      page(call, 403, Pages.TOO_MANY_CONNECTIONS);
      return;
    }
    if (segments.size() > at) {
      page(call, 404, Pages.NO_SUCH_CHILD);
      return;
    }
    switch (call.method) {
      case "PUT" -> put(call, conversation, resource, conversation.accountKey.equals(account));
      // Twisted's Resource.render_HEAD calls render_GET, which these resources lack: a 500.
      case "HEAD" -> answer(call, 500, Pages.DEFAULT_TYPE, Pages.PROCESSING_FAILED.getBytes(UTF_8), false);
      case "GET", "POST" -> notAllowed(call, "PUT, HEAD");
      default -> page(call, 501, Pages.notImplemented(call.method));
    }
  }

  /** The path's segments after the leading slash, each percent-decoded, as Twisted splits them. */
  private static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String raw : rawPath.substring(1).split("/", -1)) {
      segments.add(unquote(raw));
    }
    return segments;
  }

  /** Python's {@code urllib.unquote}: {@code %XX} becomes its byte; a malformed escape stays as it is. */
  private static String unquote(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()
          && Character.digit(raw.charAt(i + 1), 16) >= 0 && Character.digit(raw.charAt(i + 2), 16) >= 0) {
        bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(UTF_8);
  }

  /** A plain Twisted {@code Resource} on the way to the API: it only has {@code render_HEAD}. */
  private static void plainResource(Call call) throws IOException {
    switch (call.method) {
      // render_HEAD calls render_GET, which a plain Resource lacks: a 500.
      case "HEAD" -> answer(call, 500, Pages.DEFAULT_TYPE, Pages.PROCESSING_FAILED.getBytes(UTF_8), false);
      case "GET", "POST" -> notAllowed(call, "HEAD");
      default -> page(call, 501, Pages.notImplemented(call.method));
    }
  }

  /** The worker's health check, served on the API's port: {@code OK}. */
  private static void health(Call call) throws IOException {
    switch (call.method) {
      case "GET", "HEAD" -> answer(call, 200, Pages.DEFAULT_TYPE, "OK".getBytes(UTF_8), false);
      case "POST" -> notAllowed(call, "HEAD, GET");
      default -> page(call, 501, Pages.notImplemented(call.method));
    }
  }

  private static void notAllowed(Call call, String allowed) throws IOException {
    call.exchange.getResponseHeaders().set("Allow", allowed);
    page(call, 405, Pages.methodNotAllowed(call.exchange.getRequestURI().toString(), call.method, allowed));
  }

  /** Counts the request against its account, as the server does once it knows the resource. */
  private boolean takePlace(Call call, String account) {
    AtomicInteger inFlight = emulator.inFlight.computeIfAbsent(account, key -> new AtomicInteger());
    int limit = emulator.concurrencyLimit;
    int now = inFlight.incrementAndGet();
    if (limit >= 0 && now > limit) { // a negative limit is none
      inFlight.decrementAndGet();
      return false;
    }
    call.inFlight = inFlight;
    emulator.peakInFlight.accumulateAndGet(now, Math::max);
    return true;
  }

  private VumiGoEmulator.@Nullable Conversation authenticate(@Nullable String header, String conversationKey) {
    BasicAuth.Credentials credentials = BasicAuth.guard(header);
    VumiGoEmulator.Conversation conversation = emulator.conversations.get(conversationKey);
    if (credentials == null || conversation == null
        || !conversation.accountKey.equals(credentials.user())
        || !conversation.tokens.contains(credentials.password())) {
      return null;
    }
    return conversation;
  }

  private void put(Call call, VumiGoEmulator.Conversation conversation, String resource, boolean knownAccount)
      throws IOException {
    byte[] body = readBody(call);
    if (body == null) {
      call.exchange.getResponseHeaders().set("Connection", "close");
      json(call, 413, clientErrorJson("Request body too large: the emulator takes at most "
          + VumiGoEmulator.MAX_REQUEST_BODY_BYTES + " bytes"));
      return;
    }
    pause(call);
    try {
      if (resource.equals(MESSAGES)) {
        putMessage(call, conversation, body, knownAccount);
      } else {
        putMetrics(call, conversation, body, knownAccount);
      }
    } catch (Hold hold) {
      held.add(call.exchange);
      emulator.held.add(call.method + " " + call.exchange.getRequestURI());
    }
  }

  /**
   * The request body, read no further than the limit; null past it. A declared Content-Length
   * past the limit is refused before a byte is read.
   */
  private static byte @Nullable [] readBody(Call call) throws IOException {
    String declared = call.exchange.getRequestHeaders().getFirst("Content-Length");
    String length = declared == null ? "" : declared.strip();
    if (length.matches("\\d+")
        && (length.length() > 18 || Long.parseLong(length) > VumiGoEmulator.MAX_REQUEST_BODY_BYTES)) {
      return null;
    }
    byte[] body = call.exchange.getRequestBody().readNBytes(VumiGoEmulator.MAX_REQUEST_BODY_BYTES + 1);
    return body.length > VumiGoEmulator.MAX_REQUEST_BODY_BYTES ? null : body;
  }

  private void pause(Call call) {
    Duration delay = emulator.responseDelay;
    CountDownLatch gate = emulator.gate;
    try {
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      if (gate != null) {
        emulator.atGate.add(call.method + " " + call.exchange.getRequestURI());
        gate.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void putMessage(Call call, VumiGoEmulator.Conversation conversation, byte[] body, boolean knownAccount)
      throws IOException, Hold {
    JsonNode payload = Py.loads(body);
    if (payload == null) {
      json(call, 400, clientErrorJson("Invalid Message"));
      return;
    }
    if (!payload.isObject() || !knownAccount) {
      throw new Hold(); // payload.get(...) of a non-dict; or the account "" has no account record
    }
    JsonNode inReplyTo = payload.get("in_reply_to");
    if (inReplyTo != null && Py.truthy(inReplyTo)) {
      putReply(call, conversation, payload, inReplyTo);
    } else {
      putSend(call, conversation, payload);
    }
  }

  private void putSend(Call call, VumiGoEmulator.Conversation conversation, JsonNode payload)
      throws IOException, Hold {
    JsonNode toAddrType = payload.get("to_addr_type");
    JsonNode toAddr = payload.get("to_addr");
    // The opt-out id is "%s:%s" % (to_addr_type, to_addr): an explicit null type is "None".
    String type = toAddrType == null ? "msisdn" : Py.format(toAddrType);
    if (emulator.optOuts.contains(VumiGoEmulator.optOutKey(conversation.accountKey, type, Py.format(toAddr)))) {
      try {
        String shownType = toAddrType == null ? "msisdn" : Py.str(toAddrType);
        json(call, 400, clientErrorJson("Recipient with " + shownType + " " + Py.str(toAddr) + " has opted out"));
      } catch (Py.UnicodeEncodeError nonAscii) {
        throw new Hold(); // str() of a non-ASCII address
      }
      return;
    }
    List<String> errors = new ArrayList<>();
    JsonNode content = payload.get("content");
    if (!isTextOrNull(content)) {
      errors.add("Invalid or missing value for payload key 'content'");
    }
    if (toAddr == null || !toAddr.isTextual()) {
      errors.add("Invalid or missing value for payload key 'to_addr'");
    }
    checkLength(conversation, payload, errors);
    if (!errors.isEmpty()) {
      json(call, 400, clientErrorJson(joinErrors(errors)));
      return;
    }
    accept(call, conversation, outbound(conversation, toAddr.asText(), null, content, null, null, null, null));
  }

  private void putReply(Call call, VumiGoEmulator.Conversation conversation, JsonNode payload, JsonNode inReplyTo)
      throws IOException, Hold {
    InboundMessage original = inReplyTo.isTextual() ? emulator.inbound.get(inReplyTo.asText()) : null;
    if (original == null || !conversation.key.equals(original.conversationKey())) {
      json(call, 400, clientErrorJson("Invalid in_reply_to value"));
      return;
    }
    List<String> errors = new ArrayList<>();
    JsonNode content = payload.get("content");
    if (!isTextOrNull(content)) {
      errors.add("Invalid or missing value for payload key 'content'");
    }
    JsonNode sessionEvent = payload.get("session_event");
    if (sessionEvent != null && sessionEvent.isContainerNode()) {
      throw new Hold(); // `value in frozenset(...)` of a list or dict: unhashable
    }
    boolean validEvent = sessionEvent == null || sessionEvent.isNull()
        || (sessionEvent.isTextual() && SESSION_EVENTS.contains(sessionEvent.asText()));
    if (!validEvent) {
      errors.add("Invalid or missing value for payload key 'session_event'");
    }
    checkLength(conversation, payload, errors);
    if (!errors.isEmpty()) {
      json(call, 400, clientErrorJson(joinErrors(errors)));
      return;
    }
    JsonNode loadBalancer = loadBalancer(payload);
    boolean close = sessionEvent != null && "close".equals(sessionEvent.asText());
    accept(call, conversation, outbound(conversation, original.fromAddr(), original.toAddr(), content,
        original.messageId(), close ? "close" : null, original, loadBalancer));
  }

  private static boolean isTextOrNull(@Nullable JsonNode value) {
    return value == null || value.isNull() || value.isTextual();
  }

  /**
   * A reply keeps the request's {@code helper_metadata.load_balancer}; vumi-go reads it with
   * {@code payload.get('helper_metadata', {}).get('load_balancer')}, which raises for anything
   * but an object (an explicit null included).
   */
  private static @Nullable JsonNode loadBalancer(JsonNode payload) throws Hold {
    if (!payload.has("helper_metadata")) {
      return null;
    }
    JsonNode helperMetadata = payload.get("helper_metadata");
    if (!helperMetadata.isObject()) {
      throw new Hold();
    }
    JsonNode loadBalancer = helperMetadata.get("load_balancer");
    return loadBalancer == null || loadBalancer.isNull() ? null : loadBalancer.deepCopy();
  }

  /**
   * vumi-go's length check: with a limit set it reads {@code payload["content"]} (no such key
   * raises) and takes {@code len()} of any non-null value (a number raises), after the key checks.
   */
  private static void checkLength(VumiGoEmulator.Conversation conversation, JsonNode payload, List<String> errors)
      throws Hold {
    int limit = conversation.contentLengthLimit;
    if (limit < 0) {
      return;
    }
    JsonNode content = payload.get("content");
    if (content == null) {
      throw new Hold();
    }
    if (content.isNull()) {
      return;
    }
    int length = Py.len(content);
    if (length < 0) {
      throw new Hold();
    }
    if (length > limit) {
      errors.add("Payload content too long: " + length + " > " + limit);
    }
  }

  private static String joinErrors(List<String> errors) {
    return errors.size() == 1 ? errors.get(0) : "Errors:\n* " + String.join("\n* ", errors);
  }

  private static ObjectNode outbound(VumiGoEmulator.Conversation conversation, String toAddr,
      @Nullable String fromAddr, @Nullable JsonNode content, @Nullable String inReplyTo,
      @Nullable String sessionEvent, @Nullable InboundMessage original, @Nullable JsonNode loadBalancer) {
    ObjectNode message = NODES.objectNode();
    message.put("message_id", VumiGoEmulator.newMessageId());
    message.put("message_version", "20110921");
    message.put("message_type", "user_message");
    message.put("timestamp", Pusher.now());
    message.put("to_addr", toAddr);
    message.put("from_addr", fromAddr);
    message.set("content", content == null ? NODES.nullNode() : content);
    message.put("in_reply_to", inReplyTo);
    message.put("session_event", sessionEvent);
    message.put("transport_name", original == null ? null : original.transportName());
    message.put("transport_type", original == null ? null : original.transportType());
    message.putObject("transport_metadata");
    ObjectNode helperMetadata = Pusher.goMetadata(conversation);
    if (loadBalancer != null) {
      helperMetadata.set("load_balancer", loadBalancer);
    }
    message.set("helper_metadata", helperMetadata);
    message.putObject("routing_metadata").put("endpoint_name", "default");
    message.putNull("group");
    message.putNull("provider");
    message.putNull("to_addr_type");
    message.putNull("from_addr_type");
    return message;
  }

  private void accept(Call call, VumiGoEmulator.Conversation conversation, ObjectNode message) throws IOException {
    String json = Py.ASCII_JSON.writeValueAsString(message);
    SentMessage sent = SentMessage.parse(json);
    emulator.messages.add(sent);
    json(call, 200, json);
    emulator.accepted(conversation, sent.messageId(), message.path("transport_name").textValue());
  }

  private void putMetrics(Call call, VumiGoEmulator.Conversation conversation, byte[] body, boolean knownAccount)
      throws IOException, Hold {
    // json.loads and the unpacking run outside the server's error handling: any failure raises.
    JsonNode data = Py.loads(body);
    List<JsonNode> items = data == null ? null : Py.iterate(data);
    if (items == null) {
      throw new Hold();
    }
    List<JsonNode[]> parsed = new ArrayList<>();
    for (JsonNode item : items) {
      List<JsonNode> triple = Py.iterate(item);
      if (triple == null || triple.size() != 3) {
        throw new Hold();
      }
      Double value = Py.toFloat(triple.get(1));
      if (value == null) {
        throw new Hold();
      }
      String invalid = invalidAggregate(triple.get(2));
      if (invalid != null) {
        json(call, 400, clientErrorJson(invalid));
        return;
      }
      parsed.add(new JsonNode[] {triple.get(0), NODES.numberNode(value), triple.get(2)});
    }
    if (!knownAccount) {
      throw new Hold(); // the conversation of account "" is not found
    }
    for (JsonNode[] metric : parsed) {
      if (!metric[0].isTextual()) {
        throw new Hold(); // prefix + name, with a name that is not a string; earlier ones are published
      }
      PublishedMetric published = new PublishedMetric(conversation.accountKey, metric[0].asText(),
          metric[1].doubleValue(), metric[2].asText().toLowerCase(Locale.ROOT));
      emulator.metrics.add(published);
      emulator.recordConversationMetrics(List.of(published)); // so the metrics API can read them back
    }
    json(call, 200, "{\"reason\": \"Metrics published\", \"success\": true}");
  }

  /** vumi-go's {@code find_aggregate}: the error it raises, or null for a known aggregate. */
  private static @Nullable String invalidAggregate(JsonNode aggregate) throws Hold {
    if (!aggregate.isTextual()) {
      return Py.repr(aggregate) + " is not a valid aggregate.";
    }
    String name = aggregate.asText();
    try {
      Py.str(aggregate); // str(name): a non-ASCII name raises
    } catch (Py.UnicodeEncodeError nonAscii) {
      throw new Hold();
    }
    return AGGREGATES.contains(name.toLowerCase(Locale.ROOT)) ? null : "'" + name + "' is not a valid aggregate.";
  }

  /** {@code json.dumps({"success": False, "reason": reason})}, as Python 2 orders and escapes it. */
  private static String clientErrorJson(String reason) throws JsonProcessingException {
    return "{\"reason\": " + Py.ASCII_JSON.writeValueAsString(reason) + ", \"success\": false}";
  }

  /** JSON answers go out chunked, without Content-Length, as Twisted sends them. */
  private static void json(Call call, int status, String json) throws IOException {
    answer(call, status, "application/json; charset=utf-8", json.getBytes(UTF_8), true);
  }

  private static void page(Call call, int status, String page) throws IOException {
    answer(call, status, Pages.ERROR_PAGE_TYPE, page.getBytes(UTF_8), false);
  }

  private static void answer(Call call, int status, String contentType, byte[] body, boolean chunked)
      throws IOException {
    HttpExchange exchange = call.exchange;
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = call.method.equals("HEAD");
    call.release();
    exchange.sendResponseHeaders(status, head ? -1 : chunked ? 0 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(body);
      }
    }
  }
}
