package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.SentMessage;

/** Checks the emulator against the statuses, headers and texts of Vumi Go's server. */
class VumiGoEmulatorTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String AUTH = Credentials.basic("acc-key", "conv-token");

  final VumiGoEmulator vumiGo = start();
  final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  static VumiGoEmulator start() {
    try {
      return VumiGoEmulator.start()
          .addConversation("acc-key", "conv-key", "conv-token", "second-token")
          .addConversation("other-acc", "other-conv", "other-token");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void stop() {
    vumiGo.close();
  }

  /** A response read whole, so every test closes what it opens. */
  record Answer(int code, String contentType, String body, okhttp3.Headers headers) {
    JsonNode json() throws IOException {
      return MAPPER.readTree(body);
    }

    String reason() throws IOException {
      return json().get("reason").asText();
    }
  }

  Answer call(String method, String path, String body, String authorization) throws IOException {
    Request.Builder request = new Request.Builder().url(vumiGo.apiUrl() + path);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    request.method(method, body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
    try (Response response = client.newCall(request.build()).execute()) {
      return new Answer(response.code(), response.header("Content-Type"), response.body().string(), response.headers());
    }
  }

  Answer put(String resource, String body) throws IOException {
    return call("PUT", "/conv-key/" + resource, body, AUTH);
  }

  @Test
  void answersWithoutNaglesWaitUnlessTheUserSaidOtherwise() throws IOException {
    // The JDK server's switch is read once per JVM, so what can be checked here is that the emulator
    // sets it before its first server and leaves a user's own choice alone.
    String before = System.getProperty(VumiGoEmulator.NO_DELAY);
    try {
      System.clearProperty(VumiGoEmulator.NO_DELAY);
      VumiGoEmulator.start().close();
      assertEquals("true", System.getProperty(VumiGoEmulator.NO_DELAY));
      System.setProperty(VumiGoEmulator.NO_DELAY, "false");
      VumiGoEmulator.start().close();
      assertEquals("false", System.getProperty(VumiGoEmulator.NO_DELAY));
    } finally {
      System.setProperty(VumiGoEmulator.NO_DELAY, before == null ? "true" : before);
    }
  }

  @Test
  void sendAnswersWithTheWholeOutboundMessage() throws IOException {
    Answer answer = put("messages.json", "{\"to_addr\": \"+2345\", \"content\": \"foo\"}");
    assertEquals(200, answer.code());
    assertEquals("application/json; charset=utf-8", answer.contentType());
    assertNull(answer.headers().get("Content-Length"), "JSON answers are chunked");
    JsonNode message = answer.json();
    assertTrue(message.get("message_id").asText().matches("[0-9a-f]{32}"));
    assertTrue(message.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}"));
    assertEquals("20110921", message.get("message_version").asText());
    assertEquals("user_message", message.get("message_type").asText());
    assertEquals("+2345", message.get("to_addr").asText());
    assertEquals("foo", message.get("content").asText());
    assertTrue(message.get("from_addr").isNull());
    assertTrue(message.get("in_reply_to").isNull());
    assertEquals(MAPPER.readTree("{\"go\": {\"conversation_key\": \"conv-key\", \"conversation_type\": \"http_api_nostream\","
        + " \"user_account\": \"acc-key\"}}"), message.get("helper_metadata"));
    assertEquals(MAPPER.readTree("{\"endpoint_name\": \"default\"}"), message.get("routing_metadata"));
    assertEquals(MAPPER.readTree("{}"), message.get("transport_metadata"));
    for (String field : List.of("transport_name", "transport_type", "group", "provider", "to_addr_type", "from_addr_type")) {
      assertTrue(message.get(field).isNull(), field);
    }
    SentMessage recorded = vumiGo.messages().get(0);
    assertEquals(message.get("message_id").asText(), recorded.messageId());
  }

  @Test
  void sendPathIgnoresSessionEventAndHelperMetadata() throws IOException {
    JsonNode message = put("messages.json", "{\"to_addr\": \"+2345\", \"content\": \"foo\", \"session_event\": \"close\","
        + " \"helper_metadata\": {\"voice\": {\"speech_url\": \"http://x/a.ogg\"}}, \"message_id\": \"mine\"}").json();
    assertTrue(message.get("session_event").isNull());
    assertNull(message.get("helper_metadata").get("voice"));
    assertTrue(!message.get("message_id").asText().equals("mine"));
  }

  @Test
  void nullContentIsAccepted() throws IOException {
    assertEquals(200, put("messages.json", "{\"to_addr\": \"+2345\", \"content\": null}").code());
    assertEquals(200, put("messages.json", "{\"to_addr\": \"+2345\"}").code());
  }

  @Test
  void bodyThatIsNotJsonIsAnInvalidMessage() throws IOException {
    for (String body : List.of("not json", "")) {
      Answer answer = put("messages.json", body);
      assertEquals(400, answer.code());
      assertEquals(MAPPER.readTree("{\"success\": false, \"reason\": \"Invalid Message\"}"), answer.json());
    }
  }

  @Test
  void optedOutRecipientIsRefused() throws IOException {
    vumiGo.optOut("acc-key", "+5432");
    Answer answer = put("messages.json", "{\"to_addr\": \"+5432\", \"content\": \"foo\"}");
    assertEquals(400, answer.code());
    assertEquals(MAPPER.readTree("{\"success\": false, \"reason\": \"Recipient with msisdn +5432 has opted out\"}"),
        answer.json());
    assertEquals(List.of(), vumiGo.messages());
  }

  @Test
  void optOutsAreKeyedByAddressTypeAndAccount() throws IOException {
    vumiGo.optOut("acc-key", "twitter_handle", "@someone").optOut("other-acc", "+5432");
    assertEquals("Recipient with twitter_handle @someone has opted out", put("messages.json",
        "{\"to_addr\": \"@someone\", \"to_addr_type\": \"twitter_handle\", \"content\": \"foo\"}").reason());
    assertEquals(200, put("messages.json", "{\"to_addr\": \"@someone\", \"content\": \"foo\"}").code());
    assertEquals(200, put("messages.json", "{\"to_addr\": \"+5432\", \"content\": \"foo\"}").code());
  }

  @Test
  void payloadErrorsUseTheServersWords() throws IOException {
    assertEquals("Invalid or missing value for payload key 'to_addr'",
        put("messages.json", "{\"content\": \"foo\"}").reason());
    assertEquals("Invalid or missing value for payload key 'content'",
        put("messages.json", "{\"to_addr\": \"+2345\", \"content\": 5}").reason());
    assertEquals("Errors:\n* Invalid or missing value for payload key 'content'\n"
        + "* Invalid or missing value for payload key 'to_addr'",
        put("messages.json", "{\"to_addr\": 1, \"content\": [\"a\"]}").reason());
  }

  @Test
  void contentLengthLimitCountsCodePoints() throws IOException {
    vumiGo.contentLengthLimit("conv-key", 10);
    assertEquals(200, put("messages.json", "{\"to_addr\": \"+2345\", \"content\": \"👋👋👋👋👋👋👋👋👋👋\"}").code());
    Answer tooLong = put("messages.json", "{\"to_addr\": \"+2345\", \"content\": \"12345678901\"}");
    assertEquals(400, tooLong.code());
    assertEquals("Payload content too long: 11 > 10", tooLong.reason());
    assertEquals("Errors:\n* Invalid or missing value for payload key 'to_addr'\n* Payload content too long: 11 > 10",
        put("messages.json", "{\"content\": \"12345678901\"}").reason());
  }

  @Test
  void replyGoesBackToWhoeverWrote() throws IOException {
    String inbound = vumiGo.addInboundMessage("conv-key", "+27831234567", "*120*123#", "ussd").messageId();
    vumiGo.optOut("acc-key", "+27831234567");
    JsonNode reply = put("messages.json", "{\"in_reply_to\": \"" + inbound + "\", \"content\": \"Menu\","
        + " \"to_addr\": \"ignored\", \"session_event\": \"resume\"}").json();
    assertEquals("+27831234567", reply.get("to_addr").asText(), "replies reach opted-out people");
    assertEquals("*120*123#", reply.get("from_addr").asText());
    assertEquals(inbound, reply.get("in_reply_to").asText());
    assertEquals("ussd", reply.get("transport_type").asText());
    assertTrue(reply.get("session_event").isNull(), "only close is kept");
    JsonNode close = put("messages.json", "{\"in_reply_to\": \"" + inbound + "\", \"content\": \"Bye\","
        + " \"session_event\": \"close\"}").json();
    assertEquals("close", close.get("session_event").asText());
  }

  @Test
  void replyErrors() throws IOException {
    String inbound = vumiGo.addInboundMessage("conv-key", "+27831234567", "*120#", "ussd").messageId();
    String elsewhere = vumiGo.addInboundMessage("other-conv", "+27831234567", "*120#", "ussd").messageId();
    assertEquals("Invalid in_reply_to value", put("messages.json", "{\"in_reply_to\": \"nope\", \"content\": \"x\"}").reason());
    assertEquals("Invalid in_reply_to value",
        put("messages.json", "{\"in_reply_to\": \"" + elsewhere + "\", \"content\": \"x\"}").reason());
    assertEquals("Invalid or missing value for payload key 'session_event'",
        put("messages.json", "{\"in_reply_to\": \"" + inbound + "\", \"content\": \"x\", \"session_event\": \"end\"}").reason());
  }

  @Test
  void metricsArePublished() throws IOException {
    Answer answer = put("metrics.json", "[[\"m1\", 5.1, \"max\"], [\"m2\", \"7\", \"SUM\"]]");
    assertEquals(200, answer.code());
    assertEquals(MAPPER.readTree("{\"success\": true, \"reason\": \"Metrics published\"}"), answer.json());
    assertEquals(List.of(new PublishedMetric("acc-key", "m1", 5.1, "max"), new PublishedMetric("acc-key", "m2", 7, "sum")),
        vumiGo.metrics());
    assertEquals(200, put("metrics.json", "[]").code());
  }

  @Test
  void metricErrorsPublishNothing() throws IOException {
    assertEquals("'median' is not a valid aggregate.",
        put("metrics.json", "[[\"m1\", 1, \"sum\"], [\"m2\", 1, \"median\"], [\"m3\", 1, 5]]").reason());
    assertEquals("None is not a valid aggregate.", put("metrics.json", "[[\"m1\", 1, null]]").reason());
    assertEquals(List.of(), vumiGo.metrics());
  }

  @Test
  void unauthorizedInEveryWay() throws IOException {
    List<String> bad = List.of(Credentials.basic("acc-key", "wrong"), Credentials.basic("acc-key", "CONV-TOKEN"),
        Credentials.basic("nobody", "conv-token"), Credentials.basic("other-acc", "other-token"),
        "Bearer conv-token", "Basic !!!notbase64", "Basic " + java.util.Base64.getEncoder().encodeToString("nocolon".getBytes()));
    for (String authorization : bad) {
      Answer answer = call("PUT", "/conv-key/messages.json", "{}", authorization);
      assertEquals(401, answer.code(), authorization);
      assertEquals("basic realm=\"Conversation Realm\"", answer.headers().get("WWW-Authenticate"));
      assertEquals("Unauthorized", answer.body());
    }
    assertEquals(401, call("PUT", "/conv-key/messages.json", "{}", null).code());
    assertEquals(401, call("PUT", "/no-such-conv/messages.json", "{}", AUTH).code(), "unknown conversation is 401");
  }

  @Test
  void wrongPathsAreHtml404() throws IOException {
    for (String path : List.of("//messages.json", "/conv-key/Messages.json", "/conv-key/", "/conv-key/messages.json/x")) {
      Answer answer = call("PUT", path, "{}", AUTH);
      assertEquals(404, answer.code(), path);
      assertEquals("text/html; charset=utf-8", answer.contentType());
      assertTrue(answer.body().contains("<title>404 - No Such Resource</title>"));
    }
    assertEquals(404, call("PUT", "//messages.json", "{}", null).code(), "an empty key is 404 before auth");
  }

  @Test
  void wrongMethods() throws IOException {
    for (String method : List.of("GET", "POST")) {
      Answer answer = call(method, "/conv-key/messages.json", method.equals("GET") ? null : "{}", AUTH);
      assertEquals(405, answer.code());
      assertEquals("PUT, HEAD", answer.headers().get("Allow"));
      assertTrue(answer.body().contains("405 - Method Not Allowed"));
    }
    assertEquals(501, call("DELETE", "/conv-key/messages.json", null, AUTH).code());
  }

  @Test
  void concurrencyLimitAnswers403Html() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    vumiGo.concurrencyLimit(1).gate = gate; // the first PUT stays in flight until the gate opens
    CompletableFuture<Answer> slow = CompletableFuture.supplyAsync(() -> {
      try {
        return put("messages.json", "{\"to_addr\": \"+1\", \"content\": \"a\"}");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    vumiGo.atGate.await(1, Duration.ofSeconds(30));
    Answer refused = put("messages.json", "{\"to_addr\": \"+2\", \"content\": \"b\"}");
    assertEquals(403, refused.code());
    assertEquals("text/html; charset=utf-8", refused.contentType());
    assertTrue(refused.body().contains("Too many concurrent connections"));
    gate.countDown();
    assertEquals(200, slow.get(30, TimeUnit.SECONDS).code());
    assertEquals(1, vumiGo.messages().size());
    assertEquals(1, vumiGo.peakInFlight());
  }

  @Test
  void jsonThatIsNotAnObjectIsNeverAnswered() {
    new Http(vumiGo).assertHeld("messages.json", "[1, 2]");
  }

  @Test
  void apiUrlIsOnLoopback() {
    assertTrue(vumiGo.apiUrl().matches("http://127\\.0\\.0\\.1:\\d+/api/v1/go/http_api_nostream"), vumiGo.apiUrl());
    assertTrue(vumiGo.toString().contains("conv-key"));
  }

  @Test
  void malformedMetricsAreNeverAnswered() {
    Http http = new Http(vumiGo);
    for (String body : List.of("not json", "{\"m\": 1}", "[[\"m\", 1]]", "[\"m\"]", "[[\"m\", \"many\", \"sum\"]]")) {
      http.assertHeld("metrics.json", body);
    }
    assertEquals(List.of(), vumiGo.metrics());
  }

  @Test
  void inReplyToCountsOnlyWhenTruthy() throws IOException {
    for (String falsy : List.of("null", "\"\"", "false", "0", "[]", "{}")) {
      assertEquals(200, put("messages.json", "{\"in_reply_to\": " + falsy + ", \"to_addr\": \"+1\", \"content\": \"x\"}")
          .code(), falsy);
    }
    for (String truthy : List.of("true", "5", "[1]", "{\"a\": 1}")) {
      assertEquals("Invalid in_reply_to value",
          put("messages.json", "{\"in_reply_to\": " + truthy + ", \"content\": \"x\"}").reason(), truthy);
    }
  }

  @Test
  void replyValidation() throws IOException {
    String inbound = vumiGo.addInboundMessage("conv-key", "+27831234567", "*120#", "ussd").messageId();
    assertEquals("Errors:\n* Invalid or missing value for payload key 'content'\n"
        + "* Invalid or missing value for payload key 'session_event'",
        put("messages.json", "{\"in_reply_to\": \"" + inbound + "\", \"content\": 1, \"session_event\": 2}").reason());
    // With a limit set, Vumi Go takes len() of the content: a number or a missing key never gets an answer.
    vumiGo.contentLengthLimit("conv-key", 3);
    assertEquals("Payload content too long: 4 > 3",
        put("messages.json", "{\"in_reply_to\": \"" + inbound + "\", \"content\": \"four\"}").reason());
    JsonNode reply = put("messages.json", "{\"in_reply_to\": \"" + inbound + "\", \"content\": null,"
        + " \"session_event\": null}").json();
    assertTrue(reply.get("content").isNull());
    assertEquals("ussd_transport", reply.get("transport_name").asText());
  }

  @Test
  void explicitNullAddressTypeIsNotMsisdn() throws IOException {
    // Vumi Go looks up the opt-out "None:+5432" (payload.get('to_addr_type', 'msisdn') is None), finds none, sends.
    vumiGo.optOut("acc-key", "+5432");
    assertEquals(200, put("messages.json", "{\"to_addr\": \"+5432\", \"to_addr_type\": null}").code());
  }

  @Test
  void headIsA500WithoutABody() throws IOException {
    Answer answer = call("HEAD", "/conv-key/messages.json", null, AUTH);
    assertEquals(500, answer.code());
    assertEquals("", answer.body());
  }

  @Test
  void configurationIsChecked() {
    assertThrows(IllegalArgumentException.class, () -> vumiGo.addConversation("acc-key", "new-conv"));
    assertEquals("conversation other-conv belongs to another account", assertThrows(IllegalArgumentException.class,
        () -> vumiGo.addConversation("acc-key", "other-conv", "t")).getMessage());
    assertEquals("no conversation nope; add it first", assertThrows(IllegalArgumentException.class,
        () -> vumiGo.contentLengthLimit("nope", 5)).getMessage());
  }

  @Test
  void moreTokensCanBeAdded() throws IOException {
    vumiGo.addConversation("acc-key", "conv-key", "third-token");
    assertEquals(200, call("PUT", "/conv-key/messages.json", "{\"to_addr\": \"+1\"}",
        Credentials.basic("acc-key", "third-token")).code());
    assertEquals(200, call("PUT", "/conv-key/messages.json", "{\"to_addr\": \"+1\"}",
        Credentials.basic("acc-key", "second-token")).code());
  }

  @Test
  void pathsOutsideTheApiAre404() throws IOException {
    Request request = new Request.Builder().url(vumiGo.apiUrl().replace("/api/v1/go/http_api_nostream", "/other"))
        .header("Authorization", AUTH).build();
    try (Response response = client.newCall(request).execute()) {
      assertEquals(404, response.code());
    }
  }

  @Test
  void configurationCallsChain() {
    assertSame(vumiGo, vumiGo.optOut("acc-key", "+1"));
    assertSame(vumiGo, vumiGo.optOut("acc-key", "msisdn", "+2"));
    assertSame(vumiGo, vumiGo.contentLengthLimit("conv-key", 5));
    assertSame(vumiGo, vumiGo.concurrencyLimit(3));
    assertSame(vumiGo, vumiGo.responseDelay(Duration.ZERO));
    assertSame(vumiGo, vumiGo.pushTo("conv-key", null, null));
  }

  @Test
  void aLimitOfZeroAllowsOnlyEmptyContent() throws IOException {
    vumiGo.contentLengthLimit("conv-key", 0);
    assertEquals(200, put("messages.json", "{\"to_addr\": \"+1\", \"content\": \"\"}").code());
    assertEquals("Payload content too long: 1 > 0", put("messages.json", "{\"to_addr\": \"+1\", \"content\": \"x\"}").reason());
  }

  @Test
  void shortOrEmptyCredentialsAreUnauthorized() throws IOException {
    for (String authorization : List.of("Basic", "Basic ", "Basic " + java.util.Base64.getEncoder().encodeToString(
        ":conv-token".getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
      assertEquals(401, call("PUT", "/conv-key/messages.json", "{}", authorization).code(), authorization);
    }
  }

  @Test
  void closingDropsRequestsItWouldNeverAnswer() throws Exception {
    OkHttpClient patient = client.newBuilder().readTimeout(Duration.ofSeconds(30)).build();
    Request request = new Request.Builder().url(vumiGo.apiUrl() + "/conv-key/messages.json").header("Authorization", AUTH)
        .put(RequestBody.create("[1]", MediaType.get("application/json"))).build();
    CompletableFuture<Long> failedAfter = CompletableFuture.supplyAsync(() -> {
      long start = System.nanoTime();
      try {
        patient.newCall(request).execute().close();
      } catch (IOException expected) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      }
      return -1L;
    });
    vumiGo.held.await(1, Duration.ofSeconds(30));
    vumiGo.close();
    long millis = failedAfter.get(10, TimeUnit.SECONDS);
    assertTrue(millis >= 0 && millis < 10_000, "the held request was dropped at close, after " + millis + " ms");
    assertThrows(IOException.class, () -> call("PUT", "/conv-key/messages.json", "{}", AUTH));
  }
}
