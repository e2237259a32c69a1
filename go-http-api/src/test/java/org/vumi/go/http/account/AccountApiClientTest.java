package org.vumi.go.http.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.MockServers;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.UnexpectedResponseException;

/** The client against a scripted server: the exact JSON-RPC requests, and what each answer becomes. */
class AccountApiClientTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  static final String CONVERSATION = "{\"uuid\": \"conv-1\", \"type\": \"dialogue\", \"name\": \"Test Dialogue\","
      + " \"description\": \"Small dialogue for testing\", \"status\": \"running\","
      + " \"endpoints\": [{\"uuid\": \"CONVERSATION:dialogue:conv-1::default\", \"name\": \"default\"}]}";
  static final String CHANNEL = "{\"uuid\": \"pool:tag1\", \"tag\": [\"pool\", \"tag1\"], \"name\": \"tag1\","
      + " \"description\": \"Pool: tag1\", \"endpoints\": [{\"uuid\": \"TRANSPORT_TAG:pool:tag1::default\","
      + " \"name\": \"default\"}]}";
  static final String ROUTER = "{\"uuid\": \"rtr-1\", \"type\": \"keyword\", \"name\": \"Keywords for my app\","
      + " \"description\": \"Keyword router for my app\", \"status\": \"running\","
      + " \"channel_endpoints\": [{\"uuid\": \"ROUTER:keyword:rtr-1:INBOUND::default\", \"name\": \"default\"}],"
      + " \"conversation_endpoints\": [{\"uuid\": \"ROUTER:keyword:rtr-1:OUTBOUND::default\", \"name\": \"default\"},"
      + " {\"uuid\": \"ROUTER:keyword:rtr-1:OUTBOUND::keyword_one\", \"name\": \"keyword_one\"}]}";
  static final String ENTRY = "{\"source\": {\"uuid\": \"TRANSPORT_TAG:pool:tag1::default\"},"
      + " \"target\": {\"uuid\": \"CONVERSATION:dialogue:conv-1::default\"}}";
  static final String TABLE = "{\"channels\": [" + CHANNEL + "], \"conversations\": [" + CONVERSATION + "],"
      + " \"routers\": [" + ROUTER + "], \"routing_entries\": [" + ENTRY + "]}";

  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final ConnectionPool pool = new ConnectionPool();
  final OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();

  AccountApiClient account() {
    return new AccountApiClient("auth-token", server.url("/api/v1/go").toString(), client);
  }

  AccountApiClient retrying() {
    return AccountApiClient.builder("auth-token").apiUrl(server.url("/api/v1/go").toString()).client(client)
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ZERO).build()).deadline(Duration.ofSeconds(20))
        .build();
  }

  static MockResponse result(String result) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/json")
        .body("{\"result\": " + result + ", \"error\": null, \"id\": null}").build();
  }

  static MockResponse body(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "text/json").body(body).build();
  }

  /** Asserts the one JSON-RPC request: POST to /api/, bearer, and the envelope with these params. */
  JsonNode assertCall(String method, String params) throws Exception {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("POST", request.getMethod());
    assertEquals("/api/v1/go/api/", request.getTarget());
    assertEquals("Bearer auth-token", request.getHeaders().get("Authorization"));
    assertEquals("application/json; charset=utf-8", request.getHeaders().get("Content-Type"));
    JsonNode body = MAPPER.readTree(request.getBody().utf8());
    assertEquals(MAPPER.readTree("{\"method\": \"" + method + "\", \"params\": " + params
        + ", \"jsonrpc\": \"2.0\", \"id\": 0}"), body);
    return body;
  }

  @AfterEach
  void everyResponseClosed() {
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(), "connections still in use");
  }

  @Test
  void defaultApiUrlIsVumiGos() {
    assertEquals("https://go.vumi.org/api/v1/go", AccountApiClient.DEFAULT_API_URL);
    assertTrue(new AccountApiClient("auth-token").toString().contains("https://go.vumi.org/api/v1/go/api/"));
  }

  @Test
  void theBodyIsTheEnvelopeInThePythonClientsOrder() throws Exception {
    server.enqueue(result("[]"));
    account().campaigns();
    assertEquals("{\"method\":\"campaigns\",\"params\":[],\"jsonrpc\":\"2.0\",\"id\":0}",
        server.takeRequest().getBody().utf8());
  }

  @Test
  void campaigns() throws Exception {
    server.enqueue(result("[{\"name\": \"Your Campaign\", \"key\": \"key-hash-1\"}]"));
    assertEquals(List.of(new Campaign("key-hash-1", "Your Campaign")), account().campaigns());
    assertCall("campaigns", "[]");
  }

  @Test
  void conversations() throws Exception {
    server.enqueue(result("[" + CONVERSATION + "]"));
    List<Conversation> conversations = account().conversations("campaign-1");
    assertCall("conversations", "[\"campaign-1\"]");
    assertEquals(List.of(new Conversation("conv-1", "dialogue", "Test Dialogue", "Small dialogue for testing",
        "running", List.of(new Endpoint("CONVERSATION:dialogue:conv-1::default", "default")))), conversations);
    Conversation conversation = conversations.get(0);
    assertEquals("conv-1", conversation.uuid());
    assertEquals("dialogue", conversation.type());
    assertEquals("Test Dialogue", conversation.name());
    assertEquals("running", conversation.status());
  }

  @Test
  void channels() throws Exception {
    server.enqueue(result("[" + CHANNEL + "]"));
    List<Channel> channels = account().channels("campaign-1");
    assertCall("channels", "[\"campaign-1\"]");
    assertEquals(List.of(new Channel("pool:tag1", List.of("pool", "tag1"), "tag1", "Pool: tag1",
        List.of(new Endpoint("TRANSPORT_TAG:pool:tag1::default", "default")))), channels);
  }

  @Test
  void routers() throws Exception {
    server.enqueue(result("[" + ROUTER + "]"));
    List<Router> routers = account().routers("campaign-1");
    assertCall("routers", "[\"campaign-1\"]");
    Router router = routers.get(0);
    assertEquals("rtr-1", router.uuid());
    assertEquals("keyword", router.type());
    assertEquals(List.of(new Endpoint("ROUTER:keyword:rtr-1:INBOUND::default", "default")), router.channelEndpoints());
    assertEquals(List.of(new Endpoint("ROUTER:keyword:rtr-1:OUTBOUND::default", "default"),
        new Endpoint("ROUTER:keyword:rtr-1:OUTBOUND::keyword_one", "keyword_one")), router.conversationEndpoints());
  }

  @Test
  void routingEntries() throws Exception {
    server.enqueue(result("[" + ENTRY + "]"));
    List<RoutingEntry> entries = account().routingEntries("campaign-1");
    assertCall("routing_entries", "[\"campaign-1\"]");
    assertEquals(List.of(RoutingEntry.of("TRANSPORT_TAG:pool:tag1::default", "CONVERSATION:dialogue:conv-1::default")),
        entries);
    assertEquals("TRANSPORT_TAG:pool:tag1::default", entries.get(0).source());
    assertEquals("CONVERSATION:dialogue:conv-1::default", entries.get(0).target());
  }

  @Test
  void routingTable() throws Exception {
    server.enqueue(result(TABLE));
    RoutingTable table = account().routingTable("campaign-1");
    assertCall("routing_table", "[\"campaign-1\"]");
    assertEquals(MAPPER.readTree(TABLE), MAPPER.readTree(table.json()));
    assertEquals("pool:tag1", table.channels().get(0).uuid());
    assertEquals("conv-1", table.conversations().get(0).uuid());
    assertEquals("rtr-1", table.routers().get(0).uuid());
    assertEquals(List.of(RoutingEntry.of("TRANSPORT_TAG:pool:tag1::default", "CONVERSATION:dialogue:conv-1::default")),
        table.routingEntries());
    assertEquals("RoutingTable{channels=1, conversations=1, routers=1, routingEntries=1}", table.toString());
  }

  @Test
  void updateRoutingTableSendsTheTableAndReturnsNothing() throws Exception {
    server.enqueue(result(TABLE));
    RoutingTable table = account().routingTable("campaign-1");
    server.takeRequest();
    server.enqueue(result("null"));
    account().updateRoutingTable("campaign-1", table);
    assertCall("update_routing_table", "[\"campaign-1\", " + TABLE + "]");
  }

  @Test
  void aChangedTableKeepsEverythingElseUnknownKeysIncluded() throws Exception {
    String withExtras = TABLE.substring(0, TABLE.length() - 1) + ", \"future_key\": {\"a\": [1, 2]}}";
    server.enqueue(result(withExtras));
    RoutingTable table = account().routingTable("campaign-1");
    server.takeRequest();
    List<RoutingEntry> entries = new ArrayList<>(table.routingEntries());
    entries.add(RoutingEntry.of("CONVERSATION:dialogue:conv-1::default", "TRANSPORT_TAG:pool:tag1::default"));
    RoutingTable changed = table.withRoutingEntries(entries);
    assertEquals(1, table.routingEntries().size(), "the table read is unchanged");
    assertNotEquals(table, changed);
    server.enqueue(result("null"));
    account().updateRoutingTable("campaign-1", changed);
    JsonNode sent = assertCall("update_routing_table", "[\"campaign-1\", "
        + withExtras.replace("\"routing_entries\": [" + ENTRY + "]", "\"routing_entries\": [" + ENTRY + ", "
            + "{\"source\": {\"uuid\": \"CONVERSATION:dialogue:conv-1::default\"},"
            + " \"target\": {\"uuid\": \"TRANSPORT_TAG:pool:tag1::default\"}}]") + "]");
    assertEquals(MAPPER.readTree("{\"a\": [1, 2]}"), sent.get("params").get(1).get("future_key"));
  }

  @Test
  void aTableOfEntriesOnlyHasEmptyListsBesideThem() throws Exception {
    RoutingTable table = RoutingTable.of(List.of(RoutingEntry.of("a::default", "b::default")));
    assertEquals(MAPPER.readTree("{\"channels\": [], \"conversations\": [], \"routers\": [], \"routing_entries\":"
        + " [{\"source\": {\"uuid\": \"a::default\"}, \"target\": {\"uuid\": \"b::default\"}}]}"),
        MAPPER.readTree(table.json()));
    assertEquals(table, RoutingTable.of(List.of(RoutingEntry.of("a::default", "b::default"))));
    assertEquals(table.hashCode(), RoutingTable.of(List.of(RoutingEntry.of("a::default", "b::default"))).hashCode());
    assertFalse(table.equals("x"));
  }

  @Test
  void aFaultRaisesJsonRpcException() {
    server.enqueue(body(200, "{\"result\": null, \"error\": {\"fault\": \"Fault\", \"faultCode\": 8002,"
        + " \"faultString\": \"Meep\"}, \"id\": null}"));
    JsonRpcException e = assertThrows(JsonRpcException.class, () -> account().campaigns());
    assertEquals("Fault", e.fault());
    assertEquals(8002, e.faultCode());
    assertEquals("Meep", e.faultString());
    assertEquals("JSON-RPC campaigns failed: Fault 8002 \"Meep\"", e.getMessage());
  }

  @Test
  void anUnknownCampaignIsAFault() {
    server.enqueue(body(200, "{\"result\": null, \"error\": {\"fault\": \"GoApiError\", \"faultCode\": 404,"
        + " \"faultString\": \"Unknown campaign key.\"}, \"id\": null}"));
    JsonRpcException e = assertThrows(JsonRpcException.class, () -> account().conversations("other"));
    assertEquals("GoApiError", e.fault());
    assertEquals(404, e.faultCode());
    assertEquals("Unknown campaign key.", e.faultString());
  }

  @Test
  void theJsonRpc2EnvelopeIsUnderstoodToo() throws Exception {
    server.enqueue(body(200, "{\"jsonrpc\": \"2.0\", \"result\": [{\"key\": \"k\", \"name\": \"Your Campaign\"}],"
        + " \"id\": 0}"));
    assertEquals(List.of(new Campaign("k", "Your Campaign")), account().campaigns());
    server.enqueue(body(200, "{\"jsonrpc\": \"2.0\", \"error\": {\"message\": \"Unknown campaign key.\","
        + " \"code\": 404, \"data\": \"\"}, \"id\": 0}"));
    JsonRpcException e = assertThrows(JsonRpcException.class, () -> account().conversations("x"));
    assertEquals("Fault", e.fault());
    assertEquals(404, e.faultCode());
    assertEquals("Unknown campaign key.", e.faultString());
  }

  @Test
  void aFaultWithAnErrorStatusIsStillAFault() {
    server.enqueue(body(500, "{\"jsonrpc\": \"2.0\", \"error\": {\"message\": \"boom\", \"code\": 8002}, \"id\": 0}"));
    JsonRpcException e = assertThrows(JsonRpcException.class, () -> account().updateRoutingTable("c",
        RoutingTable.of(List.of())));
    assertEquals(8002, e.faultCode());
  }

  @Test
  void aFaultWithoutItsTextHasNone() {
    server.enqueue(body(200, "{\"result\": null, \"error\": {\"faultCode\": 8002}, \"id\": null}"));
    JsonRpcException e = assertThrows(JsonRpcException.class, () -> account().campaigns());
    assertNull(e.faultString());
    assertEquals("JSON-RPC campaigns failed: Fault 8002", e.getMessage());
  }

  @Test
  void anAuthFailureIsAnHttpApiException() {
    server.enqueue(new MockResponse.Builder().code(401).setHeader("WWW-Authenticate", "basic realm=\"Vumi Go API\"")
        .body("Unauthorized").build());
    HttpApiException e = assertThrows(HttpApiException.class, () -> account().campaigns());
    assertEquals(401, e.statusCode());
    assertEquals("Unauthorized", e.responseBody());
    assertFalse(e.getMessage().contains("auth-token"));
  }

  @Test
  void aServerErrorPageIsAnHttpApiException() {
    server.enqueue(new MockResponse.Builder().code(500).setHeader("Content-Type", "text/html")
        .body("<html><head><title>Processing Failed</title></head></html>").build());
    HttpApiException e = assertThrows(HttpApiException.class,
        () -> account().updateRoutingTable("c", RoutingTable.of(List.of())));
    assertEquals(500, e.statusCode());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void anErrorThatIsNotAFaultIsUnexpected() {
    server.enqueue(body(200, "{\"result\": null, \"error\": \"bad\", \"id\": null}"));
    assertThrows(UnexpectedResponseException.class, () -> account().campaigns());
    server.enqueue(body(200, "{\"result\": null, \"error\": {\"faultCode\": \"8002\"}, \"id\": null}"));
    assertThrows(UnexpectedResponseException.class, () -> account().campaigns());
    server.enqueue(body(502, "{\"error\": {\"fault\": \"x\"}}"));
    assertEquals(502, assertThrows(HttpApiException.class, () -> retryingOnce().campaigns()).statusCode());
  }

  AccountApiClient retryingOnce() {
    return AccountApiClient.builder("auth-token").apiUrl(server.url("/api/v1/go").toString()).client(client)
        .retryPolicy(RetryPolicy.none()).build();
  }

  @Test
  void aResultOfMoreTokensThanMayBeHeldIsUnexpectedNotAnOutOfMemoryError() {
    // {"key": "k"} is 4 tokens: just past the bound, in about 1 MB.
    int items = (int) (AccountApiClient.MAX_ANSWER_TOKENS / 4) + 10;
    server.enqueue(result("[" + String.join(", ", java.util.Collections.nCopies(items, "{\"key\": \"k\"}")) + "]"));
    UnexpectedResponseException e = assertThrows(UnexpectedResponseException.class, () -> account().campaigns());
    assertTrue(e.getMessage().contains("more than " + AccountApiClient.MAX_ANSWER_TOKENS + " JSON tokens"),
        e.getMessage());
  }

  @Test
  void aFaultsHugeTextIsCutInTheMessageAndKeptWholeInTheException() {
    String huge = "F".repeat(4 * 1024 * 1024);
    server.enqueue(body(200, "{\"result\": null, \"error\": {\"fault\": \"Fault\", \"faultCode\": 8002,"
        + " \"faultString\": \"" + huge + "\"}, \"id\": null}"));
    JsonRpcException e = assertThrows(JsonRpcException.class, () -> account().campaigns());
    assertTrue(e.getMessage().length() < 2 * 1024, "a message of " + e.getMessage().length() + " characters");
    assertTrue(e.getMessage().endsWith("... (" + (huge.length() - 1024) + " more characters)\""), e.getMessage());
    assertEquals(huge, e.faultString());
  }

  @Test
  void malformedResultsAreUnexpected() {
    List<String> bodies = List.of("not json", "[]", "{\"id\": null}", "{\"result\": {}, \"error\": null}",
        "{\"result\": [1], \"error\": null}", "{\"result\": [{\"name\": \"x\"}], \"error\": null}",
        "{\"result\": [{\"key\": \" \"}], \"error\": null}");
    for (String body : bodies) {
      server.enqueue(body(200, body));
      assertThrows(UnexpectedResponseException.class, () -> account().campaigns(), body);
    }
    server.enqueue(result("[]"));
    assertThrows(UnexpectedResponseException.class, () -> account().routingTable("c"));
    server.enqueue(result("{\"routing_entries\": [{\"source\": {\"uuid\": \"a\"}}]}"));
    assertThrows(UnexpectedResponseException.class, () -> account().routingTable("c"));
    server.enqueue(result("[{\"uuid\": \"c\", \"endpoints\": {}}]"));
    assertThrows(UnexpectedResponseException.class, () -> account().conversations("c"));
  }

  @Test
  void missingDescriptiveFieldsAreNullOrEmpty() throws Exception {
    server.enqueue(result("[{\"uuid\": \"pool:t\", \"tag\": null}]"));
    Channel channel = account().channels("c").get(0);
    assertEquals(List.of(), channel.tag());
    assertNull(channel.name());
    assertEquals(List.of(), channel.endpoints());
    server.enqueue(result("null"));
    assertEquals(List.of(), account().routers("c"));
    server.enqueue(result("{}"));
    RoutingTable empty = account().routingTable("c");
    assertEquals(List.of(), empty.routingEntries());
  }

  @Test
  void oddButReadableResults() throws Exception {
    server.enqueue(result("[{\"uuid\": \"p:t\", \"tag\": [\"p\", 5], \"name\": null}]"));
    Channel channel = account().channels("c").get(0);
    assertEquals(List.of("p", "5"), channel.tag());
    assertNull(channel.name());
    server.enqueue(body(200, "{\"result\": null, \"error\": {\"faultCode\": 12345678901}, \"id\": null}"));
    assertThrows(UnexpectedResponseException.class, () -> account().campaigns());
    server.enqueue(body(200, "{\"result\": null, \"error\": {\"fault\": 5, \"code\": 1, \"message\": 2}}"));
    JsonRpcException e = assertThrows(JsonRpcException.class, () -> account().campaigns());
    assertEquals("Fault", e.fault());
    assertNull(e.faultString());
    server.enqueue(result("[{\"source\": {\"uuid\": \"a\"}, \"target\": {\"uuid\": 5}}]"));
    assertThrows(UnexpectedResponseException.class, () -> account().routingEntries("c"));
  }

  @Test
  void theBuilderTakesEverySetting() throws Exception {
    AccountApiClient account = AccountApiClient.builder("auth-token").apiUrl(null).apiUrl(server.url("/").toString())
        .client(null).client(client).retryPolicy(RetryPolicy.none()).deadline(Duration.ofSeconds(5)).build();
    server.enqueue(result("[]"));
    assertEquals(List.of(), account.campaigns());
    assertEquals("/api/", server.takeRequest().getTarget());
    assertTrue(account.toString().contains("deadline=PT5S"), account.toString());
  }

  @Test
  void readsAreSentAgainAfterADroppedConnection() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(result("[]"));
    assertEquals(List.of(), retrying().conversations("c"));
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void updateRoutingTableIsNotSentAgainAfterADroppedConnection() {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(result("null"));
    assertThrows(IOException.class, () -> retrying().updateRoutingTable("c", RoutingTable.of(List.of())));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void badInputFailsFastNamingTheParameterAndSendsNothing() {
    AccountApiClient account = account();
    assertMessage(NullPointerException.class, "campaignKey", () -> account.conversations(null));
    assertMessage(IllegalArgumentException.class, "campaignKey", () -> account.channels(" "));
    assertMessage(IllegalArgumentException.class, "campaignKey", () -> account.routers("a\u0000"));
    assertMessage(IllegalArgumentException.class, "campaignKey", () -> account.routingEntries(""));
    assertMessage(IllegalArgumentException.class, "campaignKey", () -> account.routingTable(""));
    assertMessage(IllegalArgumentException.class, "campaignKey",
        () -> account.updateRoutingTable("", RoutingTable.of(List.of())));
    assertMessage(NullPointerException.class, "table", () -> account.updateRoutingTable("c", null));
    assertMessage(NullPointerException.class, "routingEntries", () -> RoutingTable.of(null));
    List<RoutingEntry> withNull = new ArrayList<>();
    withNull.add(null);
    assertMessage(NullPointerException.class, "routingEntries[0]", () -> RoutingTable.of(withNull));
    assertMessage(IllegalArgumentException.class, "source", () -> RoutingEntry.of(" ", "b"));
    assertMessage(NullPointerException.class, "target", () -> RoutingEntry.of("a", null));
    assertMessage(NullPointerException.class, "authToken", () -> new AccountApiClient(null));
    assertMessage(IllegalArgumentException.class, "authToken", () -> new AccountApiClient("a b"));
    assertMessage(IllegalArgumentException.class, "apiUrl", () -> new AccountApiClient("t", "nope", null));
    assertMessage(NullPointerException.class, "retryPolicy", () -> AccountApiClient.builder("t").retryPolicy(null));
    assertMessage(IllegalArgumentException.class, "deadline", () -> AccountApiClient.builder("t").deadline(Duration.ZERO));
    assertMessage(IllegalArgumentException.class, "deadline",
        () -> AccountApiClient.builder("t").deadline(Duration.ofDays(1)));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void valuesRefuseMissingIds() {
    assertThrows(NullPointerException.class, () -> new Campaign(null, "n"));
    assertThrows(NullPointerException.class, () -> new Endpoint(null, "n"));
    assertThrows(NullPointerException.class, () -> new Conversation(null, "t", "n", "d", "s", List.of()));
    assertThrows(NullPointerException.class, () -> new Channel("u", null, "n", "d", List.of()));
    assertThrows(NullPointerException.class, () -> new Router("u", "t", "n", "d", "s", List.of(), null));
  }

  @Test
  void theTokenIsNeverShown() {
    assertFalse(AccountApiClient.builder("secret-token").build().toString().contains("secret-token"));
  }

  static <T extends Throwable> void assertMessage(Class<T> type, String parameter, Executable call) {
    T e = assertThrows(type, call);
    assertTrue(e.getMessage().startsWith(parameter + " "), e.getMessage());
  }
}
