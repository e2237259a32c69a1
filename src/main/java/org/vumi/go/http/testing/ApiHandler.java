package org.vumi.go.http.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.SentMessage;

/**
 * Answers one request as Vumi Go's {@code http_api_nostream} does, checking in the server's order:
 * conversation key, Basic auth, resource, concurrency limit, method, then the payload.
 */
final class ApiHandler implements HttpHandler {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> AGGREGATES = Set.of("sum", "avg", "max", "min", "last");
  private static final Set<String> SESSION_EVENTS = Set.of("new", "resume", "close");

  /** How many path segments the API's base path has; the conversation key is the next one. */
  private static final int API_SEGMENTS = HttpUrl.get("http://localhost" + VumiGoEmulator.API_PATH).pathSegments().size();

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

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    emulator.requestCount.incrementAndGet();
    try {
      route(exchange);
    } catch (RuntimeException | IOException e) {
      exchange.close();
      throw e;
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String rawPath = exchange.getRequestURI().getRawPath();
    if (!rawPath.startsWith(VumiGoEmulator.API_PATH + "/")) {
      html(exchange, 404, Pages.NO_SUCH_RESOURCE);
      return;
    }
    List<String> segments = HttpUrl.get("http://localhost" + rawPath).pathSegments();
    List<String> below = segments.subList(API_SEGMENTS, segments.size());
    String conversationKey = below.get(0);
    if (conversationKey.isEmpty()) {
      html(exchange, 404, Pages.NO_SUCH_RESOURCE);
      return;
    }
    VumiGoEmulator.Conversation conversation = authenticate(exchange, conversationKey);
    if (conversation == null) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "basic realm=\"Conversation Realm\"");
      send(exchange, 401, "text/plain", "Unauthorized".getBytes(UTF_8));
      return;
    }
    String resource = below.size() == 2 ? below.get(1) : "";
    if (!resource.equals("messages.json") && !resource.equals("metrics.json")) {
      html(exchange, 404, Pages.NO_SUCH_RESOURCE);
      return;
    }
    AtomicInteger inFlight = emulator.inFlight.computeIfAbsent(conversation.accountKey, key -> new AtomicInteger());
    int limit = emulator.concurrencyLimit;
    int now = inFlight.incrementAndGet();
    if (limit >= 0 && now > limit) {
      inFlight.decrementAndGet();
      html(exchange, 403, Pages.TOO_MANY_CONNECTIONS);
      return;
    }
    emulator.peakInFlight.accumulateAndGet(now, Math::max);
    InFlightSlot slot = new InFlightSlot(inFlight);
    exchange.setAttribute(InFlightSlot.ATTRIBUTE, slot);
    try {
      dispatch(exchange, conversation, resource);
    } finally {
      slot.release();
    }
  }

  /**
   * A request's place in its account's count. It is given up just before the answer goes out, so
   * a client that waits for an answer before sending again is never counted twice.
   */
  private static final class InFlightSlot {
    static final String ATTRIBUTE = InFlightSlot.class.getName();
    private final AtomicInteger inFlight;
    private final AtomicBoolean released = new AtomicBoolean();

    InFlightSlot(AtomicInteger inFlight) {
      this.inFlight = inFlight;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        inFlight.decrementAndGet();
      }
    }

    static void release(HttpExchange exchange) {
      Object slot = exchange.getAttribute(ATTRIBUTE);
      if (slot != null) {
        ((InFlightSlot) slot).release();
      }
    }
  }

  private void dispatch(HttpExchange exchange, VumiGoEmulator.Conversation conversation, String resource)
      throws IOException {
    String method = exchange.getRequestMethod();
    if (method.equals("GET") || method.equals("HEAD") || method.equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "PUT, HEAD");
      html(exchange, 405, Pages.methodNotAllowed(exchange.getRequestURI().getRawPath(), method));
      return;
    }
    if (!method.equals("PUT")) {
      html(exchange, 501, Pages.notImplemented(method));
      return;
    }
    byte[] body = exchange.getRequestBody().readAllBytes();
    pause();
    if (resource.equals("messages.json")) {
      putMessage(exchange, conversation, body);
    } else {
      putMetrics(exchange, conversation, body);
    }
  }

  private void pause() {
    Duration delay = emulator.responseDelay;
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private VumiGoEmulator.Conversation authenticate(HttpExchange exchange, String conversationKey) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String credentials;
    try {
      credentials = new String(Base64.getDecoder().decode(header.substring(6).trim()), UTF_8);
    } catch (IllegalArgumentException undecodable) {
      return null;
    }
    int colon = credentials.indexOf(':');
    if (colon < 0) {
      return null;
    }
    VumiGoEmulator.Conversation conversation = emulator.conversations.get(conversationKey);
    if (conversation == null
        || !conversation.accountKey.equals(credentials.substring(0, colon))
        || !conversation.tokens.contains(credentials.substring(colon + 1))) {
      return null;
    }
    return conversation;
  }

  /** The body as JSON; null (or a missing node, for an empty body) when it is not JSON. */
  private static JsonNode readJsonOrNull(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }

  private void putMessage(HttpExchange exchange, VumiGoEmulator.Conversation conversation, byte[] body)
      throws IOException {
    JsonNode payload = readJsonOrNull(body);
    if (payload == null || payload.isMissingNode()) {
      clientError(exchange, "Invalid Message");
      return;
    }
    if (!payload.isObject()) {
      hold(exchange); // the server fails on payload.get(...) and never answers
      return;
    }
    JsonNode inReplyTo = payload.get("in_reply_to");
    if (inReplyTo != null && truthy(inReplyTo)) {
      putReply(exchange, conversation, payload, inReplyTo);
    } else {
      putSend(exchange, conversation, payload);
    }
  }

  private void putSend(HttpExchange exchange, VumiGoEmulator.Conversation conversation, JsonNode payload)
      throws IOException {
    JsonNode toAddrType = payload.get("to_addr_type");
    String addrType = toAddrType == null || toAddrType.isNull() ? "msisdn" : toAddrType.asText();
    String toAddr = payload.path("to_addr").asText(null);
    if (emulator.optOuts.contains(VumiGoEmulator.optOutKey(conversation.accountKey, addrType, toAddr))) {
      clientError(exchange, "Recipient with " + addrType + " " + toAddr + " has opted out");
      return;
    }
    List<String> errors = new ArrayList<>();
    JsonNode content = checkContent(payload, errors);
    JsonNode to = payload.get("to_addr");
    if (to == null || !to.isTextual()) {
      errors.add("Invalid or missing value for payload key 'to_addr'");
    }
    checkLength(conversation, content, errors);
    if (!errors.isEmpty()) {
      clientError(exchange, joinErrors(errors));
      return;
    }
    ObjectNode message = outbound(conversation, to.asText(), null, content, null, null, null);
    accept(exchange, conversation, message);
  }

  private void putReply(HttpExchange exchange, VumiGoEmulator.Conversation conversation, JsonNode payload,
      JsonNode inReplyTo) throws IOException {
    InboundMessage original = inReplyTo.isTextual() ? emulator.inbound.get(inReplyTo.asText()) : null;
    if (original == null || !conversation.key.equals(original.conversationKey())) {
      clientError(exchange, "Invalid in_reply_to value");
      return;
    }
    List<String> errors = new ArrayList<>();
    JsonNode content = checkContent(payload, errors);
    JsonNode sessionEvent = payload.get("session_event");
    boolean validEvent = sessionEvent == null || sessionEvent.isNull()
        || (sessionEvent.isTextual() && SESSION_EVENTS.contains(sessionEvent.asText()));
    if (!validEvent) {
      errors.add("Invalid or missing value for payload key 'session_event'");
    }
    checkLength(conversation, content, errors);
    if (!errors.isEmpty()) {
      clientError(exchange, joinErrors(errors));
      return;
    }
    boolean close = sessionEvent != null && "close".equals(sessionEvent.asText());
    ObjectNode message = outbound(conversation, original.fromAddr(), original.toAddr(), content,
        original.messageId(), close ? "close" : null, original);
    accept(exchange, conversation, message);
  }

  /** The server checks keys in sorted order, so {@code content} always comes first. */
  private static JsonNode checkContent(JsonNode payload, List<String> errors) {
    JsonNode content = payload.get("content");
    if (content != null && !content.isNull() && !content.isTextual()) {
      errors.add("Invalid or missing value for payload key 'content'");
    }
    return content;
  }

  private static void checkLength(VumiGoEmulator.Conversation conversation, JsonNode content, List<String> errors) {
    int limit = conversation.contentLengthLimit;
    if (limit >= 0 && content != null && content.isTextual()) {
      String text = content.asText();
      int length = text.codePointCount(0, text.length());
      if (length > limit) {
        errors.add("Payload content too long: " + length + " > " + limit);
      }
    }
  }

  private static String joinErrors(List<String> errors) {
    return errors.size() == 1 ? errors.get(0) : "Errors:\n* " + String.join("\n* ", errors);
  }

  private ObjectNode outbound(VumiGoEmulator.Conversation conversation, String toAddr, String fromAddr,
      JsonNode content, String inReplyTo, String sessionEvent, InboundMessage original) {
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
    message.set("helper_metadata", Pusher.goMetadata(conversation));
    message.putObject("routing_metadata").put("endpoint_name", "default");
    message.putNull("group");
    message.putNull("provider");
    message.putNull("to_addr_type");
    message.putNull("from_addr_type");
    return message;
  }

  private void accept(HttpExchange exchange, VumiGoEmulator.Conversation conversation, ObjectNode message)
      throws IOException {
    String json = MAPPER.writeValueAsString(message);
    SentMessage sent = SentMessage.fromJson(json);
    emulator.messages.add(sent);
    sendJson(exchange, 200, json.getBytes(UTF_8));
    emulator.accepted(conversation, sent.messageId());
  }

  private void putMetrics(HttpExchange exchange, VumiGoEmulator.Conversation conversation, byte[] body)
      throws IOException {
    JsonNode payload = readJsonOrNull(body);
    if (payload == null || !payload.isArray()) {
      hold(exchange); // json.loads or the unpacking fails outside the server's error handling
      return;
    }
    List<PublishedMetric> parsed = new ArrayList<>();
    for (JsonNode triple : payload) {
      if (!triple.isArray() || triple.size() != 3) {
        hold(exchange);
        return;
      }
      Double value = number(triple.get(1));
      if (value == null) {
        hold(exchange);
        return;
      }
      JsonNode aggregate = triple.get(2);
      if (!aggregate.isTextual()) {
        clientError(exchange, "None is not a valid aggregate.");
        return;
      }
      String name = aggregate.asText().toLowerCase(Locale.ROOT);
      if (!AGGREGATES.contains(name)) {
        clientError(exchange, "'" + aggregate.asText() + "' is not a valid aggregate.");
        return;
      }
      parsed.add(new PublishedMetric(conversation.accountKey, triple.get(0).asText(), value, name));
    }
    emulator.metrics.addAll(parsed);
    emulator.recordConversationMetrics(parsed); // so the metrics API can read them back
    sendJson(exchange, 200, "{\"success\": true, \"reason\": \"Metrics published\"}".getBytes(UTF_8));
  }

  /** Python's {@code float(value)}: numbers and numeric strings; null for anything else. */
  private static Double number(JsonNode value) {
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isTextual()) {
      try {
        return Double.valueOf(value.asText().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** Python truthiness of a JSON value. */
  private static boolean truthy(JsonNode value) {
    if (value.isNull()) {
      return false;
    }
    if (value.isTextual()) {
      return !value.asText().isEmpty();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isNumber()) {
      return value.asDouble() != 0;
    }
    return value.size() > 0;
  }

  private void hold(HttpExchange exchange) {
    held.add(exchange);
  }

  private static void clientError(HttpExchange exchange, String reason) throws IOException {
    ObjectNode body = NODES.objectNode().put("success", false).put("reason", reason);
    sendJson(exchange, 400, MAPPER.writeValueAsBytes(body));
  }

  /** JSON answers go out chunked, without Content-Length, as Twisted sends them. */
  private static void sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    InFlightSlot.release(exchange);
    exchange.sendResponseHeaders(status, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void html(HttpExchange exchange, int status, String page) throws IOException {
    send(exchange, status, "text/html", page.getBytes(UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    InFlightSlot.release(exchange);
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(body);
      }
    }
  }
}
