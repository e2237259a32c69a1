package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's opt-outs, metrics and account APIs at the edges the clients never reach: raw
 * methods, odd queries, Python's reprs and Graphite's time syntax.
 */
class OtherApisEmulatorTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  final VumiGoEmulator vumiGo = Emulators.started().addAuthToken("acc-key", "api-token");
  final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  @AfterEach
  void stop() {
    vumiGo.close();
    client.connectionPool().evictAll();
  }

  Response call(String method, String path, String body, String authorization) throws IOException {
    Request.Builder request = new Request.Builder().url(vumiGo.goApiUrl() + path)
        .method(method, body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.newCall(request.build()).execute();
  }

  @Test
  void optOutsAnswerOptionsAndHeadAsWerkzeugDoes() throws Exception {
    try (Response response = call("OPTIONS", "/optouts/msisdn/x", null, null)) {
      assertEquals(405, response.code());
      assertEquals("PUT, HEAD, DELETE, GET", response.header("Allow"));
    }
    try (Response response = call("HEAD", "/optouts/count", null, "Bearer api-token")) {
      assertEquals(200, response.code());
      assertEquals("", response.body().string());
    }
    try (Response response = call("GET", "/optouts//x", null, "Bearer api-token")) {
      assertEquals(404, response.code());
    }
    try (Response response = call("GET", "/optouts/msisdn/", null, "Bearer api-token")) {
      assertEquals(404, response.code());
    }
  }

  @Test
  void metricsAuthenticationDistinguishesNoTokenFromAnUnknownOne() throws Exception {
    try (Response response = call("GET", "/metrics/", null, null)) {
      assertEquals(401, response.code());
    }
    for (String authorization : List.of("Basic YTpi", "Bearer  ")) {
      try (Response response = call("GET", "/metrics/", null, authorization)) {
        assertEquals(403, response.code(), authorization);
      }
    }
    try (Response response = call("GET", "/metrics/", null, "Bearer unknown")) {
      assertEquals(403, response.code());
    }
  }

  @Test
  void metricsQueriesAsPythonsParseQsReadsThem() throws Exception {
    vumiGo.metricLog.add(new VumiGoEmulator.StoredMetric("acc-key", "a.sum", 2, Instant.now()));
    try (Response response = call("GET", "/metrics/", null, "Bearer api-token")) {
      assertEquals("{}", response.body().string(), "no m, no metrics");
    }
    try (Response response = call("GET", "/metrics/?flag;m=a.sum;interval=1h&nulls=omit&from=", null,
        "Bearer api-token")) {
      assertTrue(response.body().string().startsWith("{\"a.sum\":[{\"x\":"));
    }
    try (Response response = call("POST", "/metrics/", "{", "Bearer api-token")) {
      assertEquals(400, response.code());
      assertTrue(response.body().string().contains("Invalid JSON: "));
    }
  }

  @Test
  void valuesOutsideFromAndUntilAreNotCounted() throws Exception {
    Instant now = Instant.now();
    vumiGo.metricLog.add(new VumiGoEmulator.StoredMetric("acc-key", "a.sum", 1, now.minusSeconds(7200)));
    vumiGo.metricLog.add(new VumiGoEmulator.StoredMetric("acc-key", "a.sum", 2, now.plusSeconds(3600)));
    vumiGo.metricLog.add(new VumiGoEmulator.StoredMetric("other", "a.sum", 4, now));
    try (Response response = call("GET", "/metrics/?m=a.sum&from=-1h&until=now&interval=1d&nulls=keep", null,
        "Bearer api-token")) {
      String body = response.body().string();
      assertTrue(body.matches("\\{\"a.sum\":\\[\\{\"x\":\\d+,\"y\":null\\}(,\\{\"x\":\\d+,\"y\":null\\})?\\]\\}"), body);
    }
  }

  @Test
  void accountApiCallsTheClientNeverMakes() throws Exception {
    vumiGo.addCampaignRouter("acc-key", "rtr", "keyword", "K", "D", "running", List.of(), List.of("kw"))
        .addCampaignConversation("acc-key", "conv", "jsbox", "C", "D", "running");
    assertResult("{\"method\": \"system.listMethods\", \"params\": [1]}",
        "{\"fault\":\"Fault\",\"faultCode\":8002,\"faultString\":\"error\"}");
    assertResult("{\"method\": \"conversation.x\", \"params\": []}",
        "{\"fault\":\"NoSuchFunction\",\"faultCode\":-32601,\"faultString\":\"function x not found\"}");
    assertResult("{\"method\": \"system.a.b\", \"params\": []}",
        "{\"fault\":\"NoSuchFunction\",\"faultCode\":-32601,\"faultString\":\"no such sub-handler a\"}");
    assertResult("{\"method\": \"update_routing_table\", \"params\": [1, {}]}",
        "{\"fault\":\"Fault\",\"faultCode\":8002,\"faultString\":\"error\"}");
    String table = "{\"channels\": [], \"conversations\": [], \"routers\": [], \"routing_entries\": [%s]}";
    String entry = "{\"source\": {\"uuid\": \"%s\"}, \"target\": {\"uuid\": \"%s\"}}";
    String routerOut = "ROUTER:keyword:rtr:OUTBOUND::kw";
    String routerIn = "ROUTER:keyword:rtr:INBOUND::default";
    String conversation = "CONVERSATION:jsbox:conv::default";
    assertResult("{\"method\": \"update_routing_table\", \"params\": [\"acc-key\", "
        + String.format(table, String.format(entry, routerOut, conversation) + ", "
            + String.format(entry, conversation, "ROUTER:keyword:rtr:OUTBOUND::default")) + "]}", "null");
    assertResult("{\"method\": \"update_routing_table\", \"params\": [\"acc-key\", "
        + String.format(table, String.format(entry, routerIn, "x::y")) + "]}",
        "{\"fault\":\"InvalidRoutingTable\",\"faultCode\":400,\"faultString\":\"Source inbound-receiving endpoint"
            + " {u'uuid': u'" + routerIn + "'} should link to an outbound-receiving endpoint but links to"
            + " {u'uuid': u'x::y'}\"}");
    for (String bad : List.of("{\"channels\": [{\"uuid\": \"p:t\", \"name\": \"t\", \"description\": \"d\","
        + " \"endpoints\": [], \"tag\": [\"p\", 1]}], \"conversations\": [], \"routers\": [], \"routing_entries\": []}",
        "{\"channels\": [{\"uuid\": \"p:t\", \"name\": \"t\", \"description\": \"d\", \"endpoints\": [],"
            + " \"tag\": \"p:t\"}], \"conversations\": [], \"routers\": [], \"routing_entries\": []}",
        "{\"channels\": [], \"conversations\": [], \"routers\": [], \"routing_entries\": {}}",
        "{\"channels\": [], \"conversations\": [], \"routers\": [], \"routing_entries\": [{\"source\": {\"uuid\": \"a\"},"
            + " \"target\": {}}]}",
        "{\"channels\": [], \"conversations\": [{\"uuid\": \"c\", \"type\": \"t\", \"name\": \"n\", \"description\":"
            + " \"d\", \"endpoints\": {}}], \"routers\": [], \"routing_entries\": []}",
        "{\"channels\": [], \"conversations\": [{\"uuid\": \"c\", \"type\": \"t\", \"name\": \"n\", \"description\":"
            + " \"d\", \"endpoints\": [{\"uuid\": 1, \"name\": \"x\"}]}], \"routers\": [], \"routing_entries\": []}")) {
      assertResult("{\"method\": \"update_routing_table\", \"params\": [\"acc-key\", " + bad + "]}",
          "{\"fault\":\"Fault\",\"faultCode\":8002,\"faultString\":\"error\"}");
    }
  }

  /** Asserts the answer to a call, sent with an id so that it is answered in the envelope. */
  void assertResult(String call, String resultOrError) throws Exception {
    try (Response response = call("POST", "/api/", "{\"id\": 1, " + call.substring(1), "Bearer api-token")) {
      String body = response.body().string();
      String expected = resultOrError.startsWith("{\"fault\"")
          ? "{\"result\":null,\"error\":" + resultOrError + ",\"id\":null}"
          : "{\"result\":" + resultOrError + ",\"error\":null,\"id\":null}";
      assertEquals(MAPPER.readTree(expected), MAPPER.readTree(body), call);
    }
  }

  @Test
  void seedingRefusesBlankKeys() {
    assertThrows(IllegalArgumentException.class, () -> vumiGo.addCampaignChannel(" ", "pool", "tag"));
    assertThrows(IllegalArgumentException.class, () -> vumiGo.addCampaignChannel("acc", "pool", null));
    assertThrows(IllegalArgumentException.class,
        () -> vumiGo.addCampaignConversation("acc", "", "jsbox", "n", "d", "running"));
    assertThrows(IllegalArgumentException.class,
        () -> vumiGo.addCampaignRouter("acc", "r", "", "n", "d", "running", List.of(), List.of()));
    assertThrows(IllegalArgumentException.class, () -> vumiGo.addRoutingEntry("acc", "a", " "));
  }

  @Test
  void pythonReprsOfDecodedJson() throws Exception {
    assertEquals("None", PythonRepr.of(null));
    assertEquals("[None, True, False, 1, 1.5, u'x', [], {}]",
        PythonRepr.of(MAPPER.readTree("[null, true, false, 1, 1.5, \"x\", [], {}]")));
    assertEquals("{u'a': {u'b': [1, 2]}, u'c': None}", PythonRepr.of(MAPPER.readTree("{\"a\": {\"b\": [1, 2]}, \"c\": null}")));
    assertEquals("u\"it's\"", PythonRepr.unicode("it's"));
    assertEquals("u'say \"it\\'s\"'", PythonRepr.unicode("say \"it's\""));
    assertEquals("u'a\\\\b\\n\\r\\t\\x01\\x7f\\xe9\\u20ac'", PythonRepr.unicode("a\\b\n\r\t\u0001\u007fé€"));
    assertEquals("list", PythonRepr.typeName(MAPPER.readTree("[]")));
    assertEquals("unicode", PythonRepr.typeName(MAPPER.readTree("\"x\"")));
    assertEquals("bool", PythonRepr.typeName(MAPPER.readTree("true")));
    assertEquals("int", PythonRepr.typeName(MAPPER.readTree("1")));
    assertEquals("long", PythonRepr.typeName(MAPPER.readTree("123456789012345678901234567890")));
    assertEquals("float", PythonRepr.typeName(MAPPER.readTree("1.5")));
    assertEquals("NoneType", PythonRepr.typeName(MAPPER.readTree("null")));
    assertEquals("dict", PythonRepr.typeName(MAPPER.readTree("{}")));
  }

  @Test
  void graphiteTimes() {
    Instant now = Instant.parse("2024-05-06T07:08:09Z");
    assertEquals(Instant.parse("2024-05-07T07:08:09Z"), GraphiteTime.parse("+1d", now));
    assertEquals(Instant.parse("2024-05-06T06:08:09Z"), GraphiteTime.parse("-60minutes", now));
    assertEquals(Instant.parse("2024-01-31T12:30:00Z"), GraphiteTime.parse("12:30_20240131", now));
    assertEquals(Instant.ofEpochSecond(1800000000), GraphiteTime.parse("1800000000", now));
    assertEquals(Instant.ofEpochSecond(18991231), GraphiteTime.parse("18991231", now), "year 1899: seconds");
    assertEquals(Instant.ofEpochSecond(20240132), GraphiteTime.parse("20240132", now), "day 32: seconds");
    assertThrows(IllegalArgumentException.class, () -> GraphiteTime.parse("-1m", now));
    assertThrows(IllegalArgumentException.class, () -> GraphiteTime.parse("soon", now));
    assertThrows(IllegalArgumentException.class, () -> GraphiteTime.seconds("d"));
    assertThrows(IllegalArgumentException.class, () -> GraphiteTime.parse("20240230", now));
    assertEquals(31536000, GraphiteTime.seconds("1y"));
  }
}
