package org.vumi.go.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpApiSenderTest {
  static final String AUTHORIZATION = "Basic YWNjLWtleTpjb252LXRva2Vu"; // acc-key:conv-token
  static final String SERVER_MESSAGE = "{\"from_addr_type\": null, \"transport_name\": null,"
      + " \"transport_metadata\": {}, \"group\": null, \"timestamp\": \"2016-03-22 13:50:23.123456\","
      + " \"from_addr\": null, \"message_type\": \"user_message\", \"provider\": null, \"to_addr\": \"+2345\","
      + " \"to_addr_type\": null, \"content\": \"foo\", \"routing_metadata\": {\"endpoint_name\": \"default\"},"
      + " \"message_version\": \"20110921\", \"transport_type\": null, \"helper_metadata\": {\"go\":"
      + " {\"conversation_type\": \"http_api_nostream\", \"user_account\": \"test-0-user\","
      + " \"conversation_key\": \"conv-key\"}}, \"in_reply_to\": null, \"session_event\": null,"
      + " \"message_id\": \"4802dff631854967a4e27cca50f73e6b\"}";

  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final ConnectionPool pool = new ConnectionPool();
  final OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();

  HttpApiSender sender() {
    return new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/api/v1/go/http_api_nostream").toString(), client);
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code)
        .setHeader("Content-Type", "application/json; charset=utf-8").body(body).build();
  }

  static MockResponse ok(String body) {
    return json(200, body);
  }

  RecordedRequest assertPut(String resource, String expectedBody) throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("PUT", request.getMethod());
    assertEquals("/api/v1/go/http_api_nostream/conv-key/" + resource, request.getTarget());
    assertEquals("application/json; charset=utf-8", request.getHeaders().get("Content-Type"));
    assertEquals(AUTHORIZATION, request.getHeaders().get("Authorization"));
    assertEquals(expectedBody, request.getBody().utf8());
    return request;
  }

  /** An unclosed response would hold its connection: every connection must be back in the pool. */
  @AfterEach
  void everyResponseClosed() {
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(), "connections still in use");
  }

  @Test
  void sendTextPutsTheOriginalsBody() throws Exception {
    server.enqueue(ok(SERVER_MESSAGE));
    SentMessage sent = sender().sendText("to-addr-1", "Hello!");
    assertPut("messages.json", "{\"to_addr\":\"to-addr-1\",\"content\":\"Hello!\"}");
    assertEquals("4802dff631854967a4e27cca50f73e6b", sent.messageId());
  }

  @Test
  void sendTextWithSessionEvent() throws Exception {
    server.enqueue(ok(SERVER_MESSAGE));
    sender().sendText("to-addr-1", "Hello!", "close");
    assertPut("messages.json", "{\"to_addr\":\"to-addr-1\",\"content\":\"Hello!\",\"session_event\":\"close\"}");
  }

  @Test
  void typedSendWithSessionEvent() throws Exception {
    server.enqueue(ok(SERVER_MESSAGE));
    sender().send(OutboundMessage.text("to-addr-1", "Menu:\n1. Yes").withSessionEvent(SessionEvent.RESUME));
    assertPut("messages.json", "{\"to_addr\":\"to-addr-1\",\"content\":\"Menu:\\n1. Yes\",\"session_event\":\"resume\"}");
  }

  @Test
  void sendVoiceWithoutOptionsSendsNoHelperMetadata() throws Exception {
    server.enqueue(ok(SERVER_MESSAGE));
    sender().sendVoice("to-addr-1", "Hello!");
    assertPut("messages.json", "{\"to_addr\":\"to-addr-1\",\"content\":\"Hello!\"}");
  }

  @Test
  void sendVoiceWithSpeechUrlOnly() throws Exception {
    server.enqueue(ok(SERVER_MESSAGE));
    sender().sendVoice("to-addr-1", "Hello!", "http://example.com/speech.ogg", null, null);
    assertPut("messages.json", "{\"to_addr\":\"to-addr-1\",\"content\":\"Hello!\","
        + "\"helper_metadata\":{\"voice\":{\"speech_url\":\"http://example.com/speech.ogg\"}}}");
  }

  @Test
  void sendVoiceWithAllOptions() throws Exception {
    server.enqueue(ok(SERVER_MESSAGE));
    sender().sendVoice("to-addr-1", "Hello!", "http://example.com/speech.ogg", "#", "new");
    assertPut("messages.json", "{\"to_addr\":\"to-addr-1\",\"content\":\"Hello!\",\"session_event\":\"new\","
        + "\"helper_metadata\":{\"voice\":{\"speech_url\":\"http://example.com/speech.ogg\",\"wait_for\":\"#\"}}}");
  }

  @Test
  void sendVoiceWithWaitForOnly() throws Exception {
    server.enqueue(ok(SERVER_MESSAGE));
    sender().send(OutboundMessage.voice("to-addr-1", "Press keys", VoiceOptions.builder().waitFor("*").build()));
    assertPut("messages.json", "{\"to_addr\":\"to-addr-1\",\"content\":\"Press keys\","
        + "\"helper_metadata\":{\"voice\":{\"wait_for\":\"*\"}}}");
  }

  @Test
  void unicodeIsSentAsUtf8() throws Exception {
    server.enqueue(ok(SERVER_MESSAGE));
    sender().sendText("to-addr-1", "Sawubona 👋 — مرحبا");
    RecordedRequest request = assertPut("messages.json", "{\"to_addr\":\"to-addr-1\",\"content\":\"Sawubona 👋 — مرحبا\"}");
    assertEquals(request.getBody().size(), request.getBodySize());
  }

  @Test
  void fireMetricDefaultsToLast() throws Exception {
    server.enqueue(ok("{\"success\": true, \"reason\": \"Metrics published\"}"));
    MetricResult result = sender().fireMetric("metric-1", 5.1);
    assertPut("metrics.json", "[[\"metric-1\",5.1,\"last\"]]");
    assertTrue(result.success());
    assertEquals("Metrics published", result.reason());
  }

  @Test
  void fireMetricWithAggregate() throws Exception {
    server.enqueue(ok("{\"success\": true, \"reason\": \"Metrics published\"}"));
    assertEquals(new MetricResult(true, "Metrics published"), sender().fireMetric("metric-1", 5.1, "max"));
    assertPut("metrics.json", "[[\"metric-1\",5.1,\"max\"]]");
  }

  @Test
  void typedFireMetric() throws Exception {
    server.enqueue(ok("{\"success\": true, \"reason\": \"Metrics published\"}"));
    sender().fireMetric(Metric.of("registrations", -0.0, Aggregate.SUM));
    assertPut("metrics.json", "[[\"registrations\",-0.0,\"sum\"]]");
  }

  @Test
  void resultCarriesEveryServerField() throws Exception {
    server.enqueue(ok(SERVER_MESSAGE));
    SentMessage sent = sender().sendText("+2345", "foo");
    assertEquals("4802dff631854967a4e27cca50f73e6b", sent.messageId());
    assertEquals("user_message", sent.messageType());
    assertEquals("20110921", sent.messageVersion());
    assertEquals(Instant.parse("2016-03-22T13:50:23.123456Z"), sent.timestamp());
    assertEquals("+2345", sent.toAddr());
    assertEquals("foo", sent.content());
    assertNull(sent.fromAddr());
    assertNull(sent.inReplyTo());
    assertNull(sent.sessionEvent());
    assertNull(sent.transportName());
    assertNull(sent.transportType());
    assertNull(sent.toAddrType());
    assertNull(sent.group());
    JsonNode json = sent.json();
    assertEquals("test-0-user", json.path("helper_metadata").path("go").path("user_account").asText());
    assertEquals("default", json.path("routing_metadata").path("endpoint_name").asText());
  }

  @Test
  void jsonIsACopyAndUnknownFieldsAreIgnored() throws Exception {
    server.enqueue(ok("{\"message_id\": \"abc\", \"session_event\": \"close\", \"transport_type\": \"ussd\","
        + " \"__cache__\": {\"x\": [1, 2]}, \"content\": 42, \"timestamp\": \"yesterday\"}"));
    SentMessage sent = sender().sendText("+2345", "foo");
    assertEquals(SessionEvent.CLOSE, sent.sessionEvent());
    assertEquals("ussd", sent.transportType());
    assertNull(sent.content(), "a field of the wrong type reads as null");
    assertNull(sent.timestamp(), "a timestamp not in Vumi's form reads as null");
    ((ObjectNode) sent.json()).put("message_id", "changed");
    assertEquals("abc", sent.json().get("message_id").asText());
  }

  @Test
  void trailingSlashInApiUrlGivesNoDoubleSlash() throws Exception {
    server.enqueue(ok(SERVER_MESSAGE));
    new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/api/v1/go/http_api_nostream/").toString(), client)
        .sendText("to-addr-1", "Hello!");
    assertEquals("/api/v1/go/http_api_nostream/conv-key/messages.json", server.takeRequest().getTarget());
  }

  @Test
  void conversationKeyIsOneEncodedPathSegment() throws Exception {
    server.enqueue(ok(SERVER_MESSAGE));
    new HttpApiSender("acc-key", "a/b%c?d", "conv-token", server.url("/api").toString(), client)
        .sendText("to-addr-1", "Hello!");
    assertEquals("/api/a%2Fb%25c%3Fd/messages.json", server.takeRequest().getTarget());
  }

  @Test
  void defaultApiUrlIsVumiGoProduction() {
    assertEquals("https://go.vumi.org/api/v1/go/http_api_nostream", HttpApiSender.DEFAULT_API_URL);
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token");
    assertEquals("HttpApiSender{messagesUrl=https://go.vumi.org/api/v1/go/http_api_nostream/conv-key/messages.json,"
        + " retryPolicy=RetryPolicy[maxAttempts=3, initialBackoff=PT0.25S, maxBackoff=PT10S, retryServiceUnavailable=false],"
        + " maxInFlight=8, deadline=PT1M}",
        sender.toString());
  }

  @Test
  void optedOutRecipientRaisesUserOptedOut() throws Exception {
    String body = "{\"success\": false, \"reason\": \"Recipient with msisdn to-addr-1 has opted out\"}";
    server.enqueue(json(400, body));
    UserOptedOutException e = assertThrows(UserOptedOutException.class, () -> sender().sendText("to-addr-1", "foo"));
    assertEquals("to-addr-1", e.toAddr());
    assertEquals("foo", e.content());
    assertEquals("Recipient with msisdn to-addr-1 has opted out", e.reason());
    assertEquals(400, e.statusCode());
    assertEquals(body, e.responseBody());
  }

  @Test
  void optedOutVoiceMessageRaisesUserOptedOut() throws Exception {
    server.enqueue(json(400, "{\"success\": false, \"reason\": \"Recipient with msisdn +27 has opted out\"}"));
    UserOptedOutException e = assertThrows(UserOptedOutException.class,
        () -> sender().sendVoice("+27", "foo", "http://example.com/a.ogg", null, null));
    assertEquals("+27", e.toAddr());
  }

  @Test
  void otherBadRequestRaisesHttpApiException() throws Exception {
    String body = "{\"success\": false, \"reason\": \"No unicorns were found\"}";
    server.enqueue(json(400, body));
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender().sendText("to-addr-1", "foo"));
    assertFalse(e instanceof UserOptedOutException);
    assertEquals(400, e.statusCode());
    assertEquals("No unicorns were found", e.reason());
    assertEquals(body, e.responseBody());
    assertTrue(e.getMessage().startsWith("HTTP 400 from PUT http://"), e.getMessage());
    assertTrue(e.getMessage().endsWith("/conv-key/messages.json: No unicorns were found"), e.getMessage());
  }

  @Test
  void optedOutReasonWithSuccessTrueIsNotAnOptOut() throws Exception {
    server.enqueue(json(400, "{\"success\": true, \"reason\": \"Recipient has opted out\"}"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender().sendText("to-addr-1", "foo"));
    assertFalse(e instanceof UserOptedOutException);
  }

  @Test
  void optedOutReasonOnAnotherStatusIsNotAnOptOut() throws Exception {
    server.enqueue(json(500, "{\"success\": false, \"reason\": \"Recipient has opted out\"}"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender().sendText("to-addr-1", "foo"));
    assertFalse(e instanceof UserOptedOutException);
    assertEquals(500, e.statusCode());
  }

  @Test
  void metricsNeverRaiseUserOptedOut() throws Exception {
    server.enqueue(json(400, "{\"success\": false, \"reason\": \"Recipient has opted out\"}"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender().fireMetric("m", 1));
    assertFalse(e instanceof UserOptedOutException);
  }

  @Test
  void nonJsonErrorRaisesHttpApiExceptionWithTheBody() throws Exception {
    server.enqueue(new MockResponse.Builder().code(400).body("Bad request, not JSON").build());
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender().sendText("to-addr-1", "foo"));
    assertEquals(400, e.statusCode());
    assertNull(e.reason());
    assertEquals("Bad request, not JSON", e.responseBody());
    assertTrue(e.getMessage().endsWith(": Bad request, not JSON"), e.getMessage());
  }

  @Test
  void htmlErrorPageIsShownInTheMessage() throws Exception {
    String page = "<html>\n  <head><title>404 - No Such Resource</title></head>\n  <body>\n"
        + "  <h1>No Such Resource</h1>\n  <p>No such child resource.</p>\n  </body>\n</html>\n";
    server.enqueue(new MockResponse.Builder().code(404).setHeader("Content-Type", "text/html").body(page).build());
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender().fireMetric("m", 1));
    assertEquals(404, e.statusCode());
    assertEquals(page, e.responseBody());
    assertTrue(e.getMessage().contains("<html> <head><title>404 - No Such Resource</title>"), e.getMessage());
  }

  @Test
  void unauthorizedNeverShowsCredentials() throws Exception {
    server.enqueue(new MockResponse.Builder().code(401)
        .setHeader("WWW-Authenticate", "basic realm=\"Conversation Realm\"").body("Unauthorized").build());
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender().sendText("to-addr-1", "foo"));
    assertEquals(401, e.statusCode());
    assertEquals("Unauthorized", e.responseBody());
    assertFalse(e.getMessage().contains("conv-token"));
    assertFalse(e.getMessage().contains("YWNjLWtleTpjb252LXRva2Vu"));
    assertFalse(sender().toString().contains("conv-token"));
    assertFalse(sender().toString().contains("acc-key"));
  }

  @Test
  void successThatIsNotJsonRaisesUnexpectedResponse() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("<html>Welcome to nginx!</html>").build());
    UnexpectedResponseException e = assertThrows(UnexpectedResponseException.class,
        () -> sender().sendText("to-addr-1", "foo"));
    assertEquals(200, e.statusCode());
    assertTrue(e.getMessage().contains("HTTP 200"), e.getMessage());
    assertTrue(e.getMessage().contains("Body starts: <html>Welcome to nginx!</html>"), e.getMessage());
  }

  @Test
  void truncatedJsonIsNotAMessage() throws Exception {
    server.enqueue(ok("{\"message_id\": \"abc\", \"content\": \"fo"));
    server.enqueue(ok("{\"message_id\": \"abc\""));
    assertThrows(UnexpectedResponseException.class, () -> sender().sendText("to-addr-1", "foo"));
    assertThrows(UnexpectedResponseException.class, () -> sender().sendText("to-addr-1", "foo"));
  }

  @Test
  void successWithoutMessageIdRaisesUnexpectedResponse() throws Exception {
    server.enqueue(ok("{\"success\": true}"));
    assertThrows(UnexpectedResponseException.class, () -> sender().sendText("to-addr-1", "foo"));
  }

  @Test
  void metricAnswerThatIsNotAnObjectRaisesUnexpectedResponse() throws Exception {
    server.enqueue(ok("[true]"));
    UnexpectedResponseException e = assertThrows(UnexpectedResponseException.class, () -> sender().fireMetric("m", 1));
    assertTrue(e.getMessage().contains("Body starts: [true]"), e.getMessage());
  }

  @Test
  void oversizedAnswerIsRefusedWithoutReadingItAll() throws Exception {
    Buffer huge = new Buffer();
    huge.writeUtf8("{\"message_id\": \"abc\", \"content\": \"");
    for (int i = 0; i < 10_000; i++) {
      huge.writeUtf8("0123456789");
    }
    huge.writeUtf8("\"}");
    server.enqueue(new MockResponse.Builder().code(200).chunkedBody(huge, 4096).build());
    UnexpectedResponseException e = assertThrows(UnexpectedResponseException.class,
        () -> sender().sendText("to-addr-1", "foo"));
    assertTrue(e.getMessage().contains("larger than 65770 bytes"), e.getMessage());
  }

  @Test
  void oversizedAnswerWithContentLengthIsRefused() throws Exception {
    server.enqueue(ok("{\"message_id\": \"abc\", \"content\": \"" + "x".repeat(70_000) + "\"}"));
    assertThrows(UnexpectedResponseException.class, () -> sender().sendText("to-addr-1", "foo"));
  }

  @Test
  void chunkedAnswerIsRead() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).chunkedBody(SERVER_MESSAGE, 7).build());
    assertEquals("4802dff631854967a4e27cca50f73e6b", sender().sendText("+2345", "foo").messageId());
  }

  @Test
  void injectedClientIsUsedWithItsInterceptors() throws Exception {
    OkHttpClient traced = client.newBuilder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("X-Trace", "t-1").build()))
        .build();
    server.enqueue(ok(SERVER_MESSAGE));
    new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), traced).sendText("a", "b");
    assertEquals("t-1", server.takeRequest().getHeaders().get("X-Trace"));
  }

  @Test
  void injectedClientsTimeoutApplies() throws Exception {
    OkHttpClient impatient = client.newBuilder().readTimeout(200, TimeUnit.MILLISECONDS).build();
    server.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS).body(SERVER_MESSAGE).build());
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), impatient);
    TransportException e = assertThrows(TransportException.class, () -> sender.sendText("a", "b"));
    assertInstanceOf(SocketTimeoutException.class, e.getCause());
    assertTrue(e.mayHaveBeenSent());
    assertEquals(TransportException.Timeout.READ, e.timeout());
    assertTrue(e.getMessage().contains("(no answer within the read timeout of 200 ms)"), e.getMessage());
    assertTrue(e.getMessage().contains("may or may not have received it"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void connectionRefusedSaysNothingWasSent() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    HttpApiSender sender = HttpApiSender.builder("acc-key", "conv-key", "conv-token").apiUrl("http://127.0.0.1:" + port + "/")
        .client(client).retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).build()).build();
    TransportException e = assertThrows(TransportException.class, () -> sender.sendText("a", "b"));
    assertInstanceOf(ConnectException.class, e.getCause());
    assertFalse(e.mayHaveBeenSent());
    assertEquals(3, e.attempts());
    assertTrue(e.getMessage().contains("failed after 3 attempts"), e.getMessage());
    assertTrue(e.getMessage().endsWith("nothing was sent"), e.getMessage());
  }

  @Test
  void connectionsAreReused() throws Exception {
    HttpApiSender sender = sender();
    for (int i = 0; i < 3; i++) {
      server.enqueue(ok(SERVER_MESSAGE));
      sender.sendText("to-addr-1", "Hello " + i);
    }
    server.takeRequest();
    server.takeRequest();
    assertEquals(2, server.takeRequest().getExchangeIndex(), "third request on the first connection");
  }

  @Test
  void resultToStringHoldsNoCredentials() throws Exception {
    server.enqueue(ok(SERVER_MESSAGE));
    String text = sender().sendText("+2345", "foo").toString();
    assertTrue(text.contains("4802dff631854967a4e27cca50f73e6b"), text);
    assertFalse(text.contains("conv-token"));
  }

  @Test
  void answerInDeclaredCharsetIsDecoded() throws Exception {
    server.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "text/plain; charset=iso-8859-1")
        .body(new Buffer().write("Caf\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).build());
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender().sendText("a", "b"));
    assertEquals("Café", e.responseBody());
  }

  @Test
  void bodyBytesAreUtf8() throws Exception {
    server.enqueue(ok(SERVER_MESSAGE));
    sender().sendText("a", "é");
    assertEquals("{\"to_addr\":\"a\",\"content\":\"é\"}", new String(server.takeRequest().getBody().toByteArray(), UTF_8));
  }

  @Test
  void truncatedAnswerIsAnIOExceptionNotAResend() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body(SERVER_MESSAGE.substring(0, 40)).setHeader("Content-Length", "500")
        .onResponseEnd(mockwebserver3.SocketEffect.ShutdownConnection.INSTANCE).build());
    IOException e = assertThrows(IOException.class, () -> sender().sendText("a", "b"));
    assertInstanceOf(IOException.class, e.getCause());
    assertTrue(e.getMessage().contains("may or may not have received it"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void messageAnswerThatIsNotAnObjectRaisesUnexpectedResponse() throws Exception {
    server.enqueue(ok("[\"message_id\"]"));
    assertThrows(UnexpectedResponseException.class, () -> sender().sendText("a", "b"));
  }

  @Test
  void metricAnswerWithExtraFieldsIsRead() throws Exception {
    server.enqueue(ok("{\"extra\": {\"a\": [1]}, \"success\": true, \"reason\": 5}"));
    assertEquals(new MetricResult(true, null), sender().fireMetric("m", 1));
  }

  @Test
  void longErrorPagesAreCutInTheMessageButKeptWhole() throws Exception {
    String page = "<html>" + "x".repeat(500) + "</html>";
    server.enqueue(new MockResponse.Builder().code(500).body(page).build());
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender().sendText("a", "b"));
    assertTrue(e.getMessage().endsWith("x…"), e.getMessage());
    assertEquals(page, e.responseBody());
  }

  @Test
  void errorBodiesAreCutAt64KiB() throws Exception {
    server.enqueue(new MockResponse.Builder().code(500).body("y".repeat(100_000)).build());
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender().sendText("a", "b"));
    assertEquals(65536, e.responseBody().length());
  }

  @Test
  void emptyErrorBody() throws Exception {
    server.enqueue(new MockResponse.Builder().code(502).build());
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender().sendText("a", "b"));
    assertTrue(e.getMessage().endsWith("/conv-key/messages.json"), e.getMessage());
    assertEquals("", e.responseBody());
  }

  @Test
  void builderDefaultsAndChecks() {
    assertTrue(HttpApiSender.builder("a", "c", "t").apiUrl(null).build().toString()
        .contains("https://go.vumi.org/api/v1/go/http_api_nostream/c/messages.json"));
    assertThrows(IllegalArgumentException.class, () -> HttpApiSender.builder("a", "c", "t").apiUrl("https://:pw@go.vumi.org/"));
    assertThrows(IllegalArgumentException.class, () -> HttpApiSender.builder("a", "c", "t").maxInFlight(1001));
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().maxAttempts(101));
    assertEquals("retryPolicy must not be null",
        assertThrows(NullPointerException.class, () -> HttpApiSender.builder("a", "c", "t").retryPolicy(null)).getMessage());
  }

  @Test
  void interceptorThatRebuildsTheRequestIsFine() throws Exception {
    OkHttpClient rebuilding = client.newBuilder().addNetworkInterceptor(chain -> {
      okhttp3.Request original = chain.request();
      return chain.proceed(new okhttp3.Request.Builder().url(original.url()).headers(original.headers())
          .method(original.method(), original.body()).build());
    }).build();
    server.enqueue(ok(SERVER_MESSAGE));
    new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), rebuilding).sendText("a", "b");
    assertEquals(AUTHORIZATION, server.takeRequest().getHeaders().get("Authorization"));
  }

  @Test
  void waitingForATurnCanBeInterruptedAndSendsNothing() throws Exception {
    HttpApiSender single = HttpApiSender.builder("acc-key", "conv-key", "conv-token").apiUrl(server.url("/").toString())
        .client(client).maxInFlight(1).build();
    java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest request) throws InterruptedException {
        answer.await(30, TimeUnit.SECONDS); // the first send holds the one turn until the test lets it go
        return ok(SERVER_MESSAGE);
      }
    });
    Thread slow = new Thread(() -> {
      try {
        single.sendText("+27", "first");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    slow.start();
    server.takeRequest(30, TimeUnit.SECONDS);
    try {
      Thread.currentThread().interrupt();
      TransportException e = assertThrows(TransportException.class, () -> single.sendText("+27", "second"));
      assertInstanceOf(java.io.InterruptedIOException.class, e.getCause());
      assertFalse(e.mayHaveBeenSent());
      assertEquals(0, e.attempts());
      assertTrue(Thread.interrupted(), "the interrupt is kept");
      assertTrue(e.getMessage().endsWith("nothing was sent"), e.getMessage());
    } finally {
      answer.countDown();
    }
    slow.join();
    assertEquals(1, server.getRequestCount());
  }

  /** The wait that is interrupted is the backoff: the only timed wait of a blocking send (see also FakeTimeTest). */
  @Test
  void waitingToRetryCanBeInterrupted() throws Exception {
    HttpApiSender patient = HttpApiSender.builder("acc-key", "conv-key", "conv-token").apiUrl(server.url("/").toString())
        .client(client).retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofSeconds(30)).build()).build();
    server.enqueue(RetryTest.html(403, RetryTest.TOO_MANY));
    Thread caller = Thread.currentThread();
    Thread interrupter = new Thread(() -> {
      try {
        server.takeRequest();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (caller.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
          Thread.sleep(1); // until the caller sleeps out its backoff
        }
      } catch (InterruptedException ignored) {
        return;
      }
      caller.interrupt();
    });
    interrupter.start();
    TransportException e = assertThrows(TransportException.class, () -> patient.sendText("+27", "hi"));
    assertInstanceOf(java.io.InterruptedIOException.class, e.getCause());
    assertFalse(e.mayHaveBeenSent(), "a 403 for the concurrency limit proves it was not processed");
    assertEquals(1, e.attempts());
    assertTrue(Thread.interrupted());
    assertTrue(e.getMessage().contains("not sent again"), e.getMessage());
    interrupter.join();
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void anAnswerThatIsNotExactlyOneMessageIsUnexpected() {
    for (String answer : new String[] {
        "{\"message_id\":\"abc\"} trailing",
        "{\"message_id\":\"abc\"}{\"message_id\":\"def\"}",
        "{\"message_id\":\"\"}",
        "{\"message_id\":\"abc\",\"message_id\":\"def\"}"}) {
      server.enqueue(ok(answer));
      UnexpectedResponseException e = assertThrows(UnexpectedResponseException.class, () -> sender().sendText("+27", "hi"),
          answer);
      assertTrue(e.getMessage().contains("the server did accept the request"), e.getMessage());
    }
  }

  @Test
  void serverTextIsEscapedBeforeItReachesAMessage() {
    server.enqueue(json(400, "{\"success\": false, \"reason\": \"bad\\u001b[31m red\\u0000 \\u2028 line\"}"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender().sendText("+27", "hi"));
    assertFalse(e.getMessage().contains("\u001b") || e.getMessage().contains("\u0000") || e.getMessage().contains("\u2028"),
        e.getMessage());
    assertTrue(e.getMessage().contains("bad\\u001b[31m red\\u0000 \\u2028 line"), e.getMessage());
    assertEquals("bad\u001b[31m red\u0000 \u2028 line", e.reason(), "the reason itself is kept as the server sent it");
    server.enqueue(new MockResponse.Builder().code(500).body("<html>\u001b[2Jboom\u0085</html>").build());
    HttpApiException page = assertThrows(HttpApiException.class, () -> sender().sendText("+27", "hi"));
    assertFalse(page.getMessage().contains("\u001b") || page.getMessage().contains("\u0085"), page.getMessage());
  }

  @Test
  void requestsNameTheLibrary() throws Exception {
    server.enqueue(ok(SERVER_MESSAGE));
    sender().sendText("+27", "hi");
    String userAgent = server.takeRequest().getHeaders().get("User-Agent");
    assertTrue(userAgent.matches("go-http-api-java/\\S+ okhttp/5\\.\\S+"), userAgent);
    assertFalse(userAgent.contains("unknown"), userAgent);
  }
}
