package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the real opt-outs, metrics, contacts and account servers answered where the emulator first
 * answered otherwise, measured side by side against them (docs/fidelity.md): each test is named
 * after what the real server does.
 */
class AsTheRealServersAnswerTest {
  /** Reads what Python's {@code json.dumps} writes, {@code NaN} and {@code Infinity} included. */
  static final ObjectMapper PYTHON_JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  final VumiGoEmulator vumiGo = Emulators.started().addAuthToken("acc-key", "api-token");
  final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  @AfterEach
  void stop() {
    vumiGo.close();
    http.connectionPool().evictAll();
  }

  record Reply(int code, String contentType, String body, okhttp3.Headers headers) {
    JsonNode json() {
      try {
        return PYTHON_JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Reply assertJson(int status, String json) {
      assertEquals(status, code, body);
      try {
        assertEquals(PYTHON_JSON.readTree(json), json(), body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }
  }

  /** A request to a path below {@code goApiUrl()}, the query as given (not encoded again). */
  Reply call(String method, String path, String body, String authorization) {
    Request.Builder request = new Request.Builder().url(vumiGo.goApiUrl() + path)
        .method(method, body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try (Response response = http.newCall(request.build()).execute()) {
      return new Reply(response.code(), response.header("Content-Type"), response.body().string(),
          response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Reply call(String method, String path, String body) {
    return call(method, path, body, "Bearer api-token");
  }

  // ---------------------------------------------------------------- metrics

  @Test
  void aNanValueIsFiredAndAnsweredAsPythonsJsonModuleReadsAndWritesIt() {
    Reply reply = call("POST", "/metrics/", "{\"stores.default.nan.last\": NaN}");
    reply.assertJson(200, "[{\"name\": \"stores.default.nan.last\", \"value\": NaN, \"aggregator\": \"last\"}]");
    assertTrue(reply.body().contains(":NaN"), "unquoted, as json.dumps writes it: " + reply.body());
  }

  @Test
  void infinitiesAndNanInStringsAreFiredAsPythonsFloatReadsThem() {
    call("POST", "/metrics/", "{\"a.sum\": \"inf\", \"b.sum\": \" -Infinity \", \"c.sum\": \"nan\","
        + " \"d.sum\": -Infinity, \"e.sum\": 1e999}").assertJson(200, "[{\"name\": \"a.sum\", \"value\": Infinity,"
        + " \"aggregator\": \"sum\"}, {\"name\": \"b.sum\", \"value\": -Infinity, \"aggregator\": \"sum\"},"
        + " {\"name\": \"c.sum\", \"value\": NaN, \"aggregator\": \"sum\"}, {\"name\": \"d.sum\", \"value\": -Infinity,"
        + " \"aggregator\": \"sum\"}, {\"name\": \"e.sum\", \"value\": Infinity, \"aggregator\": \"sum\"}]");
    call("POST", "/metrics/", "{\"a.sum\": \"1_0\"}").assertJson(400, "{\"status_code\": 400, \"reason\":"
        + " \"u'1_0' is not a valid metric value,should be a floating point number\"}");
  }

  @Test
  void firedValuesAreCheckedAndAnsweredInTheOrderPythonsDictsGiveThem() {
    // As the real server answered these: fire(**data) iterates a dict, not the document.
    Reply reply = call("POST", "/metrics/", "{\"zeta.sum\": 1, \"alpha.sum\": 2, \"mid.avg\": 3, \"b.max\": 4,"
        + " \"stores.default.visits.sum\": 5, \"x.last\": 6, \"y.min\": 7}");
    List<String> names = new ArrayList<>();
    reply.json().forEach(item -> names.add(item.get("name").asText()));
    assertEquals(List.of("stores.default.visits.sum", "alpha.sum", "y.min", "b.max", "zeta.sum", "mid.avg", "x.last"),
        names);
    call("POST", "/metrics/", "{\"zeta.sum\": \"bad\", \"alpha.sum\": \"worse\"}").assertJson(400,
        "{\"status_code\": 400, \"reason\": \"u'worse' is not a valid metric value,should be a floating point number\"}");
  }

  @Test
  void aWholeNumberTooLargeForAFloatIs500AsTheServersUncaughtOverflowError() {
    call("POST", "/metrics/", "{\"a.sum\": 1" + "0".repeat(400) + "}")
        .assertJson(500, "{\"status_code\": 500, \"reason\": \"Failed to fire metrics.\"}");
  }

  @Test
  void badJsonIsRefusedInPythonsWords() {
    call("POST", "/metrics/", "{not json").assertJson(400, "{\"status_code\": 400, \"reason\":"
        + " \"Invalid JSON: Expecting property name: line 1 column 2 (char 1)\"}");
    call("POST", "/metrics/", "{\"a.sum\": 1} x").assertJson(400, "{\"status_code\": 400, \"reason\":"
        + " \"Invalid JSON: Extra data: line 1 column 14 - line 1 column 15 (char 13 - 14)\"}");
    call("POST", "/metrics/", " ").assertJson(400, "{\"status_code\": 400, \"reason\":"
        + " \"Invalid JSON: No JSON object could be decoded\"}");
  }

  // ---------------------------------------------------------------- the auth bouncer

  @Test
  void anyAuthorizationHeaderIsABearerTokenFromItsEighthCharacterAsTheBouncerReadsIt() {
    for (String path : List.of("/metrics/", "/contacts/")) {
      assertEquals(401, call("GET", path, null, null).code(), path + ": no header, no token");
      for (String header : List.of("Basic YWNjLWtleTphcGktdG9rZW4=", "Bearer", "Bearer  api-token", "Bearer nope")) {
        call("GET", path, null, header).assertJson(403, "{\"status_code\": 403, \"reason\": \"Forbidden\"}");
      }
      assertEquals(200, call("GET", path, null, "bearer api-token").code(), path);
      assertEquals(200, call("GET", path, null, "Token: api-token").code(), path + ": any seven characters");
    }
  }

  @Test
  void optOutsTakeTheTokenAsTheBouncerReadsItAndAnswer401ForAnyFailure() {
    assertEquals(200, call("GET", "/optouts/count", null, "Token: api-token").code());
    for (String header : List.of("Basic YWNjLWtleTphcGktdG9rZW4=", "Bearer  api-token")) {
      call("GET", "/optouts/count", null, header)
          .assertJson(401, "{\"status\": {\"code\": 401, \"reason\": \"Owner ID not valid.\"}}");
    }
  }

  @Test
  void theAccountApiTakesOnlyTheBearerSchemeAsTwistedsGuardDoesThenTheBouncersToken() {
    String campaigns = "{\"jsonrpc\": \"2.0\", \"id\": 0, \"method\": \"campaigns\", \"params\": []}";
    assertEquals(200, call("POST", "/api/", campaigns, "bEaReR api-token").code());
    for (String header : List.of("Token: api-token", "Bearer  api-token")) {
      Reply reply = call("POST", "/api/", campaigns, header);
      assertEquals(401, reply.code(), header);
      assertEquals("text/html", reply.contentType(), "Twisted's default, as its guard leaves it");
      assertEquals("Unauthorized", reply.body());
    }
  }

  // ---------------------------------------------------------------- account

  String rpc(String method, String params) {
    return "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"" + method + "\", \"params\": " + params + "}";
  }

  static String result(String json) {
    return "{\"result\": " + json + ", \"error\": null, \"id\": null}";
  }

  static String fault(String type, int code, String text) {
    return "{\"result\": null, \"error\": {\"fault\": \"" + type + "\", \"faultCode\": " + code
        + ", \"faultString\": \"" + text + "\"}, \"id\": null}";
  }

  @Test
  void systemListMethodsListsEveryMethodAsTxJsonRpcsIntrospectionDoes() {
    call("POST", "/api/", rpc("system.listMethods", "[]")).assertJson(200, result("[\"campaigns\", \"channels\","
        + " \"conversation.dialogue.get_poll\", \"conversation.dialogue.save_poll\", \"conversations\", \"routers\","
        + " \"routing_entries\", \"routing_table\", \"system.listMethods\", \"system.methodHelp\","
        + " \"system.methodSignature\", \"update_routing_table\"]"));
    call("POST", "/api/", rpc("system.listMethods", "[1]")).assertJson(200, fault("Fault", 8002, "error"));
  }

  @Test
  void systemMethodHelpAndMethodSignatureAnswerWithTheServersDocstringsAndSignatures() {
    call("POST", "/api/", rpc("system.methodHelp", "[\"campaigns\"]")).assertJson(200,
        result("\"List the campaigns a user has access to.\\n\\n:rtype List:\\n    List of campaigns.\""));
    call("POST", "/api/", rpc("system.methodSignature", "[\"update_routing_table\"]")).assertJson(200,
        result("[[\"null\", \"string\", \"struct\"]]"));
    call("POST", "/api/", rpc("system.methodSignature", "[\"system.methodSignature\"]")).assertJson(200,
        result("[[\"array\", \"string\"], [\"string\", \"string\"]]"));
    call("POST", "/api/", rpc("system.methodHelp", "[\"conversation.dialogue.get_poll\"]")).assertJson(200,
        result("\":param Unicode campaign_key:\\n    Campaign key.\\n:param Unicode conversation_key:\\n"
            + "    Conversation key.\\n:param Dict params:\\n    Additional action paramaters. May be null."
            + " Default: None.\\n:rtype Dict:\\n    Result of the action.\""));
    Reply unknown = call("POST", "/api/", rpc("system.methodHelp", "[\"conversation.dialogue\"]"));
    unknown.assertJson(200, fault("NoSuchFunction", -32601, "function dialogue not found"));
    assertEquals("text/json", unknown.contentType(), "raised inside the call, after the content type was set");
    call("POST", "/api/", rpc("system.methodHelp", "[5]")).assertJson(200, fault("Fault", 8002, "error"));
  }

  @Test
  void methodsAreFoundSubHandlerBySubHandlerAsTxJsonRpcFindsThem() {
    Reply reply = call("POST", "/api/", rpc("system.a.b", "[]"));
    reply.assertJson(200, fault("NoSuchFunction", -32601, "no such sub-handler a"));
    assertEquals("text/html", reply.contentType());
    call("POST", "/api/", rpc("router.keyword.x", "[]"))
        .assertJson(200, fault("NoSuchFunction", -32601, "no such sub-handler keyword"));
    call("POST", "/api/", rpc("conversation.dialogue.x", "[]"))
        .assertJson(200, fault("NoSuchFunction", -32601, "function x not found"));
    call("POST", "/api/", rpc("system.", "[]")).assertJson(200, fault("NoSuchFunction", -32601, "function  not found"));
    call("POST", "/api/", rpc(".campaigns", "[]")).assertJson(200, fault("NoSuchFunction", -32601, "no such sub-handler "));
  }

  @Test
  void theDialoguePollMethodsCheckTheirArgumentsAndCampaignThenKeepEachConversationsPoll() {
    vumiGo.addCampaignConversation("acc-key", "conv-1", "dialogue", "Survey", "", "running");
    call("POST", "/api/", rpc("conversation.dialogue.get_poll", "[\"acc-key\"]")).assertJson(200, fault("Fault", 8002, "error"));
    call("POST", "/api/", rpc("conversation.dialogue.get_poll", "[1, \"conv-1\"]")).assertJson(200, fault("Fault", 8002, "error"));
    call("POST", "/api/", rpc("conversation.dialogue.get_poll", "[\"other\", \"conv-1\"]"))
        .assertJson(200, fault("GoApiError", 404, "Unknown campaign key."));
    call("POST", "/api/", rpc("conversation.dialogue.get_poll", "[\"acc-key\", \"nope\"]"))
        .assertJson(200, fault("Fault", 8002, "error"));
    call("POST", "/api/", rpc("conversation.dialogue.get_poll", "[\"acc-key\", \"conv-1\", null]"))
        .assertJson(200, result("{\"poll\": {}}"));
    call("POST", "/api/", rpc("conversation.dialogue.save_poll", "[\"acc-key\", \"conv-1\", {}]"))
        .assertJson(200, fault("Fault", 8002, "error"));
    call("POST", "/api/", rpc("conversation.dialogue.save_poll", "[\"acc-key\", \"conv-1\", {\"poll\": {\"states\": []}}]"))
        .assertJson(200, result("{\"saved\": true}"));
    call("POST", "/api/", rpc("conversation.dialogue.get_poll", "[\"acc-key\", \"conv-1\"]"))
        .assertJson(200, result("{\"poll\": {\"states\": []}}"));
    call("POST", "/api/", rpc("conversation.dialogue.get_poll", "[\"acc-key\", \"conv-1\", {\"x\": 1}]"))
        .assertJson(200, fault("Fault", 8002, "error"));
  }

  @Test
  void aCallWithoutVersionOrIdIsAnsweredInTheOldestFormAsTxJsonRpcDoes() {
    call("POST", "/api/", "{\"method\": \"campaigns\", \"params\": []}")
        .assertJson(200, "[[{\"key\": \"acc-key\", \"name\": \"Your Campaign\"}]]");
    call("POST", "/api/", "{\"method\": \"nope\", \"params\": []}")
        .assertJson(200, "{\"fault\": \"NoSuchFunction\", \"faultCode\": -32601, \"faultString\": \"function nope not found\"}");
    call("POST", "/api/", "{\"jsonrpc\": 0.5, \"id\": 1, \"method\": \"campaigns\", \"params\": []}")
        .assertJson(200, "[[{\"key\": \"acc-key\", \"name\": \"Your Campaign\"}]]"); // int(0.5) is version 0
    for (String version : List.of("\"two\"", "\"NaN\"", "\"1e999\"", "[1]")) {
      Reply badVersion = call("POST", "/api/", "{\"jsonrpc\": " + version + ", \"id\": 1, \"method\": \"campaigns\","
          + " \"params\": []}");
      assertEquals(500, badVersion.code(), "int(float(version)) raises in render: " + version);
    }
    assertEquals(500, call("POST", "/api/", "{\"fault\": 1, \"id\": 1, \"method\": \"campaigns\", \"params\": []}")
        .code(), "jsonrpclib.loads raises the Fault a body with a fault key is");
    assertEquals(500, call("POST", "/api/", "{\"id\": 1, \"method\": \"campaigns\", \"params\": 5}").code(),
        "function(*5)");
    call("POST", "/api/", "{\"id\": 1, \"method\": \"nope\", \"params\": 5}")
        .assertJson(200, fault("NoSuchFunction", -32601, "function nope not found")); // found before *params
    call("POST", "/api/", "{\"id\": 1, \"method\": \"campaigns\", \"params\": \"ab\"}")
        .assertJson(200, fault("Fault", 8002, "error")); // campaigns('a', 'b')
  }

  @Test
  void postToApiWithoutTheSlashIsServedAsTwistedServesIt() {
    call("POST", "/api", rpc("campaigns", "[]"))
        .assertJson(200, result("[{\"key\": \"acc-key\", \"name\": \"Your Campaign\"}]"));
    Reply elsewhere = call("POST", "/apix", rpc("campaigns", "[]"));
    assertEquals(404, elsewhere.code());
    assertEquals(Pages.NO_SUCH_CHILD, elsewhere.body());
  }

  static final List<List<String>> ROUTES = List.of(
      List.of("TRANSPORT_TAG:longcode:27831230000::default", "CONVERSATION:jsbox:conv-1::default"),
      List.of("CONVERSATION:jsbox:conv-1::default", "TRANSPORT_TAG:longcode:27831230000::default"),
      List.of("ROUTER:keyword:rtr-1:OUTBOUND::default", "CONVERSATION:jsbox:conv-1::default"),
      List.of("ROUTER:keyword:rtr-1:OUTBOUND::kw2", "CONVERSATION:jsbox:conv-2::default"),
      List.of("ROUTER:keyword:rtr-1:INBOUND::default", "TRANSPORT_TAG:longcode:27831230000::default"),
      List.of("CONVERSATION:jsbox:conv-1::default", "ROUTER:keyword:rtr-1:OUTBOUND::default"),
      List.of("CONVERSATION:jsbox:conv-2::default", "TRANSPORT_TAG:longcode:27831230000::default"));

  /** What vumi-go's RoutingTable.entries() gave for ROUTES added in order, under Python 2.7.18. */
  static final String ROUTES_AS_THE_ROUTING_TABLE_LISTS_THEM = "["
      + "{\"source\": {\"uuid\": \"CONVERSATION:jsbox:conv-2::default\"}, \"target\": {\"uuid\": \"TRANSPORT_TAG:longcode:27831230000::default\"}},"
      + "{\"source\": {\"uuid\": \"ROUTER:keyword:rtr-1:OUTBOUND::default\"}, \"target\": {\"uuid\": \"CONVERSATION:jsbox:conv-1::default\"}},"
      + "{\"source\": {\"uuid\": \"ROUTER:keyword:rtr-1:OUTBOUND::kw2\"}, \"target\": {\"uuid\": \"CONVERSATION:jsbox:conv-2::default\"}},"
      + "{\"source\": {\"uuid\": \"ROUTER:keyword:rtr-1:INBOUND::default\"}, \"target\": {\"uuid\": \"TRANSPORT_TAG:longcode:27831230000::default\"}},"
      + "{\"source\": {\"uuid\": \"CONVERSATION:jsbox:conv-1::default\"}, \"target\": {\"uuid\": \"ROUTER:keyword:rtr-1:OUTBOUND::default\"}},"
      + "{\"source\": {\"uuid\": \"TRANSPORT_TAG:longcode:27831230000::default\"}, \"target\": {\"uuid\": \"CONVERSATION:jsbox:conv-1::default\"}}]";

  @Test
  void routingEntriesComeOutAsTheRoutingTablesDictsOfDictsIterateAndALaterEntryReplacesAnEarlierOne() {
    ROUTES.forEach(route -> vumiGo.addRoutingEntry("acc-key", route.get(0), route.get(1)));
    call("POST", "/api/", rpc("routing_entries", "[\"acc-key\"]")).assertJson(200,
        result(ROUTES_AS_THE_ROUTING_TABLE_LISTS_THEM));
  }

  @Test
  void anUpdatedRoutingTableIsListedTheSameWay() {
    vumiGo.addCampaignConversation("acc-key", "conv-1", "jsbox", "One", "", "running")
        .addCampaignConversation("acc-key", "conv-2", "jsbox", "Two", "", "running")
        .addCampaignChannel("acc-key", "longcode", "27831230000")
        .addCampaignRouter("acc-key", "rtr-1", "keyword", "K", "", "running", List.of(), List.of("kw2"));
    StringBuilder entries = new StringBuilder();
    for (List<String> route : ROUTES) {
      entries.append(entries.length() == 0 ? "" : ", ").append("{\"source\": {\"uuid\": \"").append(route.get(0))
          .append("\"}, \"target\": {\"uuid\": \"").append(route.get(1)).append("\"}}");
    }
    call("POST", "/api/", rpc("update_routing_table", "[\"acc-key\", {\"channels\": [], \"conversations\": [],"
        + " \"routers\": [], \"routing_entries\": [" + entries + "]}]")).assertJson(200, result("null"));
    call("POST", "/api/", rpc("routing_entries", "[\"acc-key\"]")).assertJson(200,
        result(ROUTES_AS_THE_ROUTING_TABLE_LISTS_THEM));
  }

  // ---------------------------------------------------------------- opt-outs

  @Test
  void optionsOnARouteIs405AsKleinAnswers() {
    for (String path : List.of("/optouts/count", "/optouts/msisdn/%2B27")) {
      Reply reply = call("OPTIONS", path, null);
      assertEquals(405, reply.code(), path);
      assertEquals("text/html", reply.contentType());
      assertEquals(OptOutsApi.METHOD_NOT_ALLOWED_PAGE, reply.body());
    }
  }

  @Test
  void allowListsTheMethodsInWerkzeugsOrder() {
    assertEquals("HEAD, GET", call("PUT", "/optouts/count", "").headers().get("Allow"));
    assertEquals("PUT, HEAD, DELETE, GET", call("POST", "/optouts/msisdn/%2B27", "").headers().get("Allow"));
  }

  @Test
  void optOutsWithoutTheSlashIsWerkzeugs404() {
    Reply reply = call("GET", "/optouts", null);
    assertEquals(404, reply.code());
    assertEquals("text/html", reply.contentType());
    assertEquals(OptOutsApi.NOT_FOUND_PAGE, reply.body());
  }

  // ---------------------------------------------------------------- contacts

  String create(String collection, String json) {
    Reply reply = call("POST", "/" + collection + "/", json);
    assertEquals(200, reply.code(), reply.body());
    return reply.json().get("key").asText();
  }

  /** Riak's continuation for a key: base64 of {@code term_to_binary(<<Key>>)}. */
  static String continuation(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream term = new ByteArrayOutputStream();
    term.write(0x83);
    term.write('m');
    term.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
    term.writeBytes(bytes);
    return Base64.getEncoder().encodeToString(term.toByteArray());
  }

  static String rot13(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(Character.isLetter(c) && c < 128 ? (char) ((Character.isUpperCase(c) ? 'A' : 'a')
          + ((Character.toLowerCase(c) - 'a' + 13) % 26)) : c);
    }
    return out.toString();
  }

  List<String> contactsInKeyOrder(int n, String groupKey) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(create("contacts", "{\"msisdn\": \"+2783000000" + i + "\""
          + (groupKey == null ? "" : ", \"groups\": [\"" + groupKey + "\"]") + "}"));
    }
    keys.sort(null);
    return keys;
  }

  @Test
  void cursorsAreRiakContinuationsPassedThroughAsTheRealServerMakesThem() {
    List<String> keys = contactsInKeyOrder(3, null);
    Reply first = call("GET", "/contacts/?max_results=2", null);
    assertEquals(continuation(keys.get(1)), first.json().get("cursor").asText());
    assertTrue(first.json().get("cursor").asText().startsWith("g20AAAAg"), first.body());
    assertEquals(List.of(keys.get(0), keys.get(1)), List.of(first.json().get("data").get(0).get("key").asText(),
        first.json().get("data").get(1).get("key").asText()), "in key order, as Riak's index pages them");
  }

  @Test
  void aCursorPutIntoTheUrlUnencodedPagesAsAgainstTheRealServer() {
    List<String> keys = contactsInKeyOrder(3, null);
    String cursor = call("GET", "/contacts/?max_results=2", null).json().get("cursor").asText();
    Reply second = call("GET", "/contacts/?max_results=2&cursor=" + cursor, null); // as go-http 0.3.2 sends it
    assertEquals(200, second.code(), second.body());
    assertEquals(keys.get(2), second.json().get("data").get(0).get("key").asText());
  }

  @Test
  void groupContactCursorsAreRot13OfStaticgroupAndTheContinuation() {
    String group = create("groups", "{\"name\": \"g\"}");
    List<String> keys = contactsInKeyOrder(3, group);
    Reply first = call("GET", "/groups/" + group + "/contacts?max_results=2", null);
    String cursor = first.json().get("cursor").asText();
    assertEquals(rot13("staticgroup" + continuation(keys.get(1))), cursor);
    Reply second = call("GET", "/groups/" + group + "/contacts?max_results=2&cursor=" + cursor, null);
    assertEquals(keys.get(2), second.json().get("data").get(0).get("key").asText(), second.body());
  }

  @Test
  void aContinuationOfATermAndAKeyContinuesAsRiakAppliesIt() {
    List<String> keys = contactsInKeyOrder(2, null);
    // {<<"a">>, <<>>}: the term sorts before the account's, so every contact follows
    Reply fromTheStart = call("GET", "/contacts/?cursor=g2gCbQAAAAFhbQAAAAA%3D", null);
    assertEquals(keys.get(0), fromTheStart.json().get("data").get(0).get("key").asText(), fromTheStart.body());
    // {1, <<>>}: in Python 2 a number sorts before any string
    assertEquals(2, call("GET", "/contacts/?cursor=g2gCYQFtAAAAAA%3D%3D", null).json().get("data").size());
    // a bare key that is not stored continues after it
    assertEquals(2, call("GET", "/contacts/?cursor=" + continuation("0"), null).json().get("data").size());
    // 1: a term, but neither a binary nor {term, binary}
    call("GET", "/contacts/?cursor=g2EB", null).assertJson(400,
        "{\"status_code\": 400, \"reason\": \"Riak error, possible invalid cursor: u'g2EB'\"}");
  }

  @Test
  void whatRiakCannotDecodeIsItsError() {
    contactsInKeyOrder(1, null);
    // an integer; a 3-tuple; a binary longer than the bytes left; trailing bytes; not padded base64;
    // base64 of something that is no external term
    for (String cursor : List.of("g2IAAAAB", "g2gDYQFhAWEB", "g20AAAAFYQ==", "g20AAAAAYQ==", "a=b=", "YWJj")) {
      call("GET", "/contacts/?cursor=" + cursor.replace("=", "%3D"), null).assertJson(400,
          "{\"status_code\": 400, \"reason\": \"Riak error, possible invalid cursor: u'" + cursor + "'\"}");
    }
  }

  @Test
  void theQueryPhaseOffsetIsReadAsPythonsIntAndSlicedAsTheSearchStandInSlices() {
    String smart = create("groups", "{\"name\": \"s\", \"query\": \"msisdn:+22\"}");
    create("contacts", "{\"msisdn\": \"+22\"}");
    String path = "/groups/" + smart + "/contacts?cursor=";
    call("GET", path + "qlanzvptebhc%202%20", null).assertJson(200, "{\"cursor\": null, \"data\": []}");
    assertEquals("qlanzvptebhc1", call("GET", path + "qlanzvptebhc%2B0", null).json().get("cursor").asText());
    assertEquals("qlanzvptebhc0", call("GET", path + "qlanzvptebhc-1", null).json().get("cursor").asText());
    call("GET", path + "%C4%80", null).assertJson(400, "{\"status_code\": 400, \"reason\": \"Invalid cursor: u'\\\\u0100'\"}");
  }

  @Test
  void aBadStaticContinuationIsRiaksErrorNamingTheDecodedContinuation() {
    String group = create("groups", "{\"name\": \"g\"}");
    call("GET", "/groups/" + group + "/contacts?cursor=fgngvptebhcbad", null).assertJson(400,
        "{\"status_code\": 400, \"reason\": \"Riak error, possible invalid cursor: 'onq'\"}");
  }

  @Test
  void theQueryPhaseOfAGroupWithoutAQueryIs500AsTheServersSearchFails() {
    String group = create("groups", "{\"name\": \"g\"}");
    call("GET", "/groups/" + group + "/contacts?cursor=qlanzvptebhc", null).assertJson(500,
        "{\"status_code\": 500, \"reason\": \"Failed to retrieve contacts for group u'" + group + "'.\"}");
    call("GET", "/groups/bad-id/contacts?cursor=qlanzvptebhc", null).assertJson(500,
        "{\"status_code\": 500, \"reason\": \"Failed to retrieve contacts for group u'bad-id'.\"}");
  }

  @Test
  void contactsWithoutTheSlashIsCyclones404() {
    for (String path : List.of("/contacts", "/groups")) {
      Reply reply = call("GET", path, null);
      assertEquals(404, reply.code(), path);
      assertEquals("<html><title>404: Not Found</title><body>404: Not Found</body></html>", reply.body());
    }
  }
}
