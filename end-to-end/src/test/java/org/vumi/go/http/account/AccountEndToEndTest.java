package org.vumi.go.http.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.testing.Emulators;
import org.vumi.go.http.testing.VumiGoEmulator;

/** The client against the emulator, which answers as Vumi Go's account API (txJSON-RPC 0.3.1) does. */
class AccountEndToEndTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String CHANNEL = "TRANSPORT_TAG:pool:tag1::default";
  static final String CONVERSATION = "CONVERSATION:jsbox:conv-1::default";
  static final String ROUTER_IN = "ROUTER:keyword:rtr-1:INBOUND::default";
  static final String ROUTER_OUT = "ROUTER:keyword:rtr-1:OUTBOUND::default";

  final VumiGoEmulator vumiGo = Emulators.started().addAuthToken("acc-key", "api-token");
  final ConnectionPool pool = new ConnectionPool();
  final OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
  final AccountApiClient account = new AccountApiClient("api-token", vumiGo.goApiUrl(), client);

  @AfterEach
  void stop() {
    account.close();
    vumiGo.close();
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(), "connections still in use");
  }

  /** The server tests' account: a channel, a keyword router and a jsbox conversation, routed both ways. */
  void seed() {
    vumiGo.addCampaignChannel("acc-key", "pool", "tag1")
        .addCampaignConversation("acc-key", "conv-1", "jsbox", "My Conversation", "A jsbox app", "running")
        .addCampaignRouter("acc-key", "rtr-1", "keyword", "Keywords", "Keyword router", "running", List.of(), List.of())
        .addRoutingEntry("acc-key", CHANNEL, ROUTER_IN)
        .addRoutingEntry("acc-key", ROUTER_OUT, CONVERSATION)
        .addRoutingEntry("acc-key", CONVERSATION, ROUTER_OUT)
        .addRoutingEntry("acc-key", ROUTER_IN, CHANNEL);
  }

  @Test
  void campaignsIsTheAccountsOne() throws Exception {
    assertEquals(List.of(new Campaign("acc-key", "Your Campaign")), account.campaigns());
  }

  @Test
  void conversationsWithTheirEndpoints() throws Exception {
    vumiGo.addCampaignConversation("acc-key", "conv-1", "jsbox", "My Conversation", "A jsbox app", "running",
        "foo", "bar");
    Conversation conversation = account.conversations("acc-key").get(0);
    assertEquals(new Conversation("conv-1", "jsbox", "My Conversation", "A jsbox app", "running",
        List.of(new Endpoint(CONVERSATION, "default"), new Endpoint("CONVERSATION:jsbox:conv-1::foo", "foo"),
            new Endpoint("CONVERSATION:jsbox:conv-1::bar", "bar"))), conversation);
  }

  @Test
  void noConversationsNoRoutersNoEntries() throws Exception {
    assertEquals(List.of(), account.conversations("acc-key"));
    assertEquals(List.of(), account.routers("acc-key"));
    assertEquals(List.of(), account.channels("acc-key"));
    assertEquals(List.of(), account.routingEntries("acc-key"));
  }

  @Test
  void channelsAreTagsWithTheirPoolsTitle() throws Exception {
    vumiGo.addCampaignChannel("acc-key", "pool", "tag1").addCampaignChannel("acc-key", "apposit_sms", "*121#");
    assertEquals(List.of(new Channel("pool:tag1", List.of("pool", "tag1"), "tag1", "Pool: tag1",
            List.of(new Endpoint(CHANNEL, "default"))),
        new Channel("apposit_sms:*121#", List.of("apposit_sms", "*121#"), "*121#", "Apposit Sms: *121#",
            List.of(new Endpoint("TRANSPORT_TAG:apposit_sms:*121#::default", "default")))),
        account.channels("acc-key"));
  }

  @Test
  void routersWithExtraEndpoints() throws Exception {
    vumiGo.addCampaignRouter("acc-key", "rtr-1", "keyword", "Keywords", "Keyword router", "running", List.of("foo"),
        List.of("bar"));
    Router router = account.routers("acc-key").get(0);
    assertEquals(List.of(new Endpoint(ROUTER_IN, "default"), new Endpoint("ROUTER:keyword:rtr-1:INBOUND::foo", "foo")),
        router.channelEndpoints());
    assertEquals(List.of(new Endpoint(ROUTER_OUT, "default"), new Endpoint("ROUTER:keyword:rtr-1:OUTBOUND::bar", "bar")),
        router.conversationEndpoints());
    assertEquals("running", router.status());
  }

  @Test
  void routingEntriesAndTheRoutingTable() throws Exception {
    seed();
    List<RoutingEntry> entries = new ArrayList<>(account.routingEntries("acc-key"));
    entries.sort(Comparator.comparing(RoutingEntry::source));
    assertEquals(List.of(RoutingEntry.of(CONVERSATION, ROUTER_OUT), RoutingEntry.of(ROUTER_IN, CHANNEL),
        RoutingEntry.of(ROUTER_OUT, CONVERSATION), RoutingEntry.of(CHANNEL, ROUTER_IN)), entries);
    RoutingTable table = account.routingTable("acc-key");
    assertEquals(account.channels("acc-key"), table.channels());
    assertEquals(account.conversations("acc-key"), table.conversations());
    assertEquals(account.routers("acc-key"), table.routers());
    assertEquals(account.routingEntries("acc-key"), table.routingEntries());
  }

  @Test
  void aTableReadChangedAndWrittenBackIsTheNewTable() throws Exception {
    vumiGo.addCampaignChannel("acc-key", "pool", "tag1")
        .addCampaignConversation("acc-key", "conv-1", "jsbox", "My Conversation", "A jsbox app", "running");
    RoutingTable table = account.routingTable("acc-key");
    account.updateRoutingTable("acc-key", table.withRoutingEntries(List.of(RoutingEntry.of(CHANNEL, CONVERSATION),
        RoutingEntry.of(CONVERSATION, CHANNEL))));
    // A set: the server lists a routing table in its Python dicts' order.
    assertEquals(java.util.Set.of(RoutingEntry.of(CHANNEL, CONVERSATION), RoutingEntry.of(CONVERSATION, CHANNEL)),
        java.util.Set.copyOf(account.routingEntries("acc-key")));
    account.updateRoutingTable("acc-key", RoutingTable.of(List.of()));
    assertEquals(List.of(), account.routingEntries("acc-key"));
  }

  @Test
  void entriesAreCheckedAgainstTheAccountsEndpoints() {
    seed();
    assertInvalid(RoutingEntry.of("foo::bar", CONVERSATION), "Unknown source endpoint {u'uuid': u'foo::bar'}");
    assertInvalid(RoutingEntry.of(CHANNEL, "bar::baz"), "Source outbound-receiving endpoint {u'uuid': u'" + CHANNEL
        + "'} should link to an inbound-receiving endpoint but links to {u'uuid': u'bar::baz'}");
    assertInvalid(RoutingEntry.of(CHANNEL, CHANNEL), "Source outbound-receiving endpoint {u'uuid': u'" + CHANNEL
        + "'} should link to an inbound-receiving endpoint but links to {u'uuid': u'" + CHANNEL + "'}");
    assertInvalid(RoutingEntry.of(CONVERSATION, CONVERSATION), "Source inbound-receiving endpoint {u'uuid': u'"
        + CONVERSATION + "'} should link to an outbound-receiving endpoint but links to {u'uuid': u'"
        + CONVERSATION + "'}");
  }

  void assertInvalid(RoutingEntry entry, String faultString) {
    JsonRpcException e = assertThrows(JsonRpcException.class,
        () -> account.updateRoutingTable("acc-key", RoutingTable.of(List.of(entry))));
    assertEquals("InvalidRoutingTable", e.fault());
    assertEquals(400, e.faultCode());
    assertEquals(faultString, e.faultString());
  }

  @Test
  void anotherCampaignKeyIsAFault() {
    JsonRpcException e = assertThrows(JsonRpcException.class, () -> account.conversations("someone-else"));
    assertEquals("GoApiError", e.fault());
    assertEquals(404, e.faultCode());
    assertEquals("Unknown campaign key.", e.faultString());
  }

  @Test
  void anUnknownTokenIsAPlain401() throws Exception {
    try (AccountApiClient unknown = new AccountApiClient("no-such-token", vumiGo.goApiUrl(), client)) {
      HttpApiException e = assertThrows(HttpApiException.class, unknown::campaigns);
      assertEquals(401, e.statusCode());
      assertEquals("Unauthorized", e.responseBody());
    }
    try (Response response = client.newCall(new Request.Builder().url(vumiGo.goApiUrl() + "/api/")
        .post(RequestBody.create("{}", null)).build()).execute()) {
      assertEquals(401, response.code());
      assertEquals(List.of("basic realm=\"Vumi Go API\"", "bearer realm=\"Vumi Go API\""),
          response.headers("WWW-Authenticate"));
    }
  }

  @Test
  void unknownMethodsAndSubHandlers() throws Exception {
    assertFault("{\"method\": \"conversation.unknown.bar\", \"params\": [\"acc-key\", \"x\", null]}",
        "NoSuchFunction", -32601, "no such sub-handler unknown");
    assertFault("{\"method\": \"router.unknown.bar\", \"params\": [\"acc-key\", \"x\", null]}",
        "NoSuchFunction", -32601, "no such sub-handler unknown");
    assertFault("{\"method\": \"nope.bar\", \"params\": []}", "NoSuchFunction", -32601, "no such sub-handler nope");
    assertFault("{\"method\": \"foo\", \"params\": []}", "NoSuchFunction", -32601, "function foo not found");
    assertFault("{\"method\": \"system.methodHelp\", \"params\": [\"nope\"]}", "NoSuchFunction", -32601,
        "function nope not found", "text/json");
  }

  @Test
  void signatureErrorsAreHiddenBehindError() throws Exception {
    assertFault("{\"method\": \"campaigns\", \"params\": [\"x\"]}", "Fault", 8002, "error");
    assertFault("{\"method\": \"conversations\", \"params\": [5]}", "Fault", 8002, "error");
    // An object's keys are the arguments (0.3.1 applies *params): this is conversations("acc-key").
    assertEquals("[]", call("{\"method\": \"conversations\", \"params\": {\"acc-key\": 1}}", "text/json")
        .get("result").toString());
    assertFault("{\"method\": \"update_routing_table\", \"params\": [\"acc-key\", {\"routing_entries\": []}]}",
        "Fault", 8002, "error");
    assertFault("{\"method\": \"update_routing_table\", \"params\": [\"acc-key\", []]}", "Fault", 8002, "error");
    String empty = "\"channels\": [], \"conversations\": [], \"routers\": []";
    assertFault("{\"method\": \"update_routing_table\", \"params\": [\"acc-key\", {" + empty
        + ", \"routing_entries\": [{\"source\": {\"uuid\": 1}, \"target\": {\"uuid\": \"x\"}}]}]}", "Fault", 8002, "error");
    assertFault("{\"method\": \"update_routing_table\", \"params\": [\"acc-key\", {\"channels\": [{\"uuid\": \"p:t\","
        + " \"name\": \"t\", \"description\": \"d\", \"endpoints\": [], \"tag\": [\"p\"]}], \"conversations\": [],"
        + " \"routers\": [], \"routing_entries\": []}]}", "Fault", 8002, "error");
    assertFault("{\"method\": \"update_routing_table\", \"params\": [\"acc-key\", {\"channels\": [], \"conversations\":"
        + " [{\"uuid\": \"c\", \"type\": \"t\", \"name\": \"n\", \"description\": \"d\", \"endpoints\": [{\"uuid\": \"e\"}]}],"
        + " \"routers\": [], \"routing_entries\": []}]}", "Fault", 8002, "error");
    assertFault("{\"method\": \"update_routing_table\", \"params\": [\"acc-key\", {\"channels\": [], \"conversations\":"
        + " [], \"routers\": [{\"uuid\": \"r\", \"type\": \"t\", \"name\": \"n\", \"description\": \"d\"}],"
        + " \"routing_entries\": []}]}", "Fault", 8002, "error");
    assertFault("{\"method\": \"update_routing_table\", \"params\": [\"acc-key\", {\"channels\": [{\"uuid\": 1}],"
        + " \"conversations\": [], \"routers\": [], \"routing_entries\": []}]}", "Fault", 8002, "error");
  }

  @Test
  void listMethodsNamesTheMethods() throws Exception {
    JsonNode answer = call("{\"method\": \"system.listMethods\", \"params\": []}", "text/json");
    assertTrue(answer.get("result").toString().contains("\"conversations\""));
  }

  @Test
  void aBodyThatIsNotACallIsAServerErrorPage() throws Exception {
    for (String body : List.of("", "nope", "[]", "{\"params\": []}", "{\"method\": \"campaigns\"}",
        "{\"method\": \"campaigns\", \"params\": null}", "{\"method\": \"campaigns\", \"params\": 5}")) {
      try (Response response = post(body)) {
        assertEquals(500, response.code(), body);
        assertTrue(response.body().string().contains("Processing Failed"));
      }
    }
  }

  Response post(String body) throws Exception {
    return client.newCall(new Request.Builder().url(vumiGo.goApiUrl() + "/api/").header("Authorization", "Bearer api-token")
        .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
  }

  /** Calls as the client does, with a version and an id (without both, txJSON-RPC answers in its oldest form). */
  JsonNode call(String body, String contentType) throws Exception {
    try (Response response = post("{\"jsonrpc\": \"2.0\", \"id\": 1, " + body.substring(1))) {
      assertEquals(200, response.code());
      assertEquals(contentType, response.header("Content-Type"));
      JsonNode answer = MAPPER.readTree(response.body().string());
      assertTrue(answer.get("id").isNull());
      return answer;
    }
  }

  void assertFault(String body, String fault, int code, String text) throws Exception {
    assertFault(body, fault, code, text, fault.equals("NoSuchFunction") ? "text/html" : "text/json");
  }

  void assertFault(String body, String fault, int code, String text, String contentType) throws Exception {
    JsonNode answer = call(body, contentType);
    assertTrue(answer.get("result").isNull());
    assertEquals(MAPPER.createObjectNode().put("fault", fault).put("faultCode", code).put("faultString", text),
        answer.get("error"), body);
  }
}
