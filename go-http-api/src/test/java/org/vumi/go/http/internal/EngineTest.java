package org.vumi.go.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.Api;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.MockServers;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.TransportException;

/** The engine as every client uses it: idempotent and not, turns, deadlines, answers. */
class EngineTest {
  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final ConnectionPool pool = new ConnectionPool();
  final OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
  final RetryPolicy quick = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).build();

  @AfterEach
  void everyResponseClosed() {
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(), "connections still in use");
  }

  EngineConfig config() {
    return new EngineConfig(client, null, quick, Engine.DEFAULT_MAX_IN_FLIGHT, Engine.DEFAULT_DEADLINE,
        org.vumi.go.http.ClientListener.noop());
  }

  Engine engine() {
    return Engine.create(config(), Api.CONTACTS, "Bearer t", EngineTest.class);
  }

  ApiRequest<String> request(String method, boolean idempotent) {
    byte[] body = method.equals("GET") || method.equals("DELETE") ? null : "{}".getBytes(StandardCharsets.UTF_8);
    return new ApiRequest<>(method, server.url("/thing"), body, idempotent, ApiRequest.DEFAULT_ANSWER_LIMIT, answer -> {
      if (answer.code() == 404) {
        return "absent";
      }
      if (!answer.isSuccessful()) {
        throw answer.refusal();
      }
      return answer.text();
    });
  }

  @Test
  void anIdempotentReadIsRetriedAfterGatewayErrorsAndDrops() throws Exception {
    server.enqueue(new MockResponse.Builder().code(502).build());
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(new MockResponse.Builder().code(200).body("found").build());
    assertEquals("found", engine().execute(request("GET", true)));
    assertEquals(3, server.getRequestCount());
    assertEquals("Bearer t", server.takeRequest().getHeaders().get("Authorization"));
  }

  @Test
  void anIdempotentRefusalThatIsNotTransientIsRead() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).build());
    assertEquals("absent", engine().enqueue(request("DELETE", true)).get(5, TimeUnit.SECONDS));
    server.enqueue(new MockResponse.Builder().code(400).body("{\"status\": {\"code\": 400, \"reason\": \"bad\"}}").build());
    HttpApiException e = assertThrows(HttpApiException.class, () -> engine().execute(request("GET", true)));
    assertEquals("bad", e.reason());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void aCreateIsNotRetriedOnceItMayHaveArrived() {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(new MockResponse.Builder().code(503).build());
    TransportException e = assertThrows(TransportException.class, () -> engine().execute(request("POST", false)));
    assertTrue(e.mayHaveBeenSent());
    assertEquals(1, e.attempts());
    HttpApiException refused = assertThrows(HttpApiException.class, () -> engine().execute(request("POST", false)));
    assertEquals(503, refused.statusCode());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void idempotentRetriesStopAtTheirLimit() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(504).setHeader("Retry-After", "0").build());
    }
    HttpApiException e = assertThrows(HttpApiException.class, () -> engine().execute(request("PUT", true)));
    assertEquals(3, e.attempts());
    assertTrue(e.getMessage().contains("(after 3 attempts)"), e.getMessage());
  }

  /** OkHttp on its own repeats a request without a body once when a 503 says {@code Retry-After: 0}. */
  @Test
  void attemptsAreTheRequestsOnTheWire() throws Exception {
    for (int i = 0; i < 12; i++) {
      server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "0").body("busy").build());
    }
    HttpApiException blocking = assertThrows(HttpApiException.class, () -> engine().execute(request("DELETE", true)));
    assertEquals(3, blocking.attempts());
    assertEquals(3, server.getRequestCount(), "every request on the wire is an attempt");
    ExecutionException async = assertThrows(ExecutionException.class,
        () -> engine().enqueue(request("GET", true)).get(30, TimeUnit.SECONDS));
    assertEquals(3, assertInstanceOf(HttpApiException.class, async.getCause()).attempts());
    assertEquals(6, server.getRequestCount(), "every request on the wire is an attempt");
  }

  @Test
  void theServersRetryAfterIsStillReadOnA503() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "0").body("busy").build());
    server.enqueue(new MockResponse.Builder().code(200).body("found").build());
    RetryPolicy slow = RetryPolicy.builder().initialBackoff(Duration.ofHours(1)).maxBackoff(Duration.ofHours(1)).build();
    Engine patient = Engine.create(new EngineConfig(client, null, slow, 8, Duration.ofMinutes(30),
        org.vumi.go.http.ClientListener.noop()), Api.CONTACTS, null, EngineTest.class);
    // Retry-After: 0 is the wait: the policy's hour-long backoff would never end within the test
    assertEquals("found", patient.enqueue(request("GET", true)).get(30, TimeUnit.SECONDS));
    assertEquals(2, server.getRequestCount());
  }

  // The deadline while waiting for a turn: FakeTimeTest, on a clock the test moves.

  @Test
  void queuedCallsWaitForTheirTurn() throws Exception {
    java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest request) throws InterruptedException {
        answer.await(30, TimeUnit.SECONDS);
        return new MockResponse.Builder().body("ok").build();
      }
    });
    Engine two = Engine.create(new EngineConfig(client, null, quick, 2, Duration.ofSeconds(60),
        org.vumi.go.http.ClientListener.noop()), Api.CONTACTS, null, EngineTest.class);
    java.util.List<java.util.concurrent.CompletableFuture<String>> futures = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      futures.add(two.enqueue(request("GET", true)));
    }
    assertEquals(2, two.inFlight(), "two started at once");
    assertEquals(4, two.turns.waiting(), "the others wait for a turn");
    server.takeRequest(30, TimeUnit.SECONDS);
    server.takeRequest(30, TimeUnit.SECONDS);
    answer.countDown();
    for (java.util.concurrent.CompletableFuture<String> future : futures) {
      assertEquals("ok", future.get(30, TimeUnit.SECONDS));
    }
    assertEquals(6, server.getRequestCount());
    assertEquals(0, two.turns.waiting());
    DeadlinesTest.awaitTrue(() -> two.inFlight() == 0, () -> two.inFlight() + " turns held");
  }

  @Test
  void aBlockingWaitForATurnCanBeInterruptedAndPassesNoTurnOn() throws Exception {
    Turns turns = new Turns(1);
    assertTrue(turns.tryAcquire(0));
    assertFalse(turns.tryAcquire(TimeUnit.MILLISECONDS.toNanos(20)), "none free");
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> turns.tryAcquire(TimeUnit.SECONDS.toNanos(5)));
    turns.release();
    assertEquals(0, turns.inUse());
    assertTrue(turns.tryAcquire(0), "the turn came back");
    turns.release();
  }

  @Test
  void escapingMakesEveryControlVisible() {
    assertEquals("null", Text.escape(null));
    assertEquals("plain ✓ 😀 عربى", Text.escape("plain ✓ 😀 عربى"));
    assertEquals("a\\u001b[31mb\\u0000c\\u007fd\\u0085e\\u2028f\\u2029g", Text.escape("a\u001b[31mb\u0000c\u007fd\u0085e\u2028f\u2029g"));
    assertEquals("lone \\ud83d", Text.escape("lone \ud83d"));
    assertEquals("\\ude00 low first", Text.escape("\ude00 low first"));
    assertEquals("pair 😀 then \\u0007", Text.escape("pair 😀 then \u0007"));
    assertEquals("\"a\\u000ab\"", Text.quote("a\nb"));
    assertEquals("null", Text.quote(null));
    String excerpt = Text.excerpt("x".repeat(500));
    assertEquals(201, excerpt.length());
    assertTrue(excerpt.endsWith("…"));
    assertEquals("a b", Text.excerpt("  a\n\t b  "));
  }

  @Test
  void oneJsonPlaceReadsEveryEnvelope() throws IOException {
    assertEquals("top", JsonCodec.reasonOrNull("{\"reason\": \"top\"}".getBytes(StandardCharsets.UTF_8)));
    assertEquals("nested", JsonCodec.reasonOrNull("{\"status\": {\"code\": 404, \"reason\": \"nested\"}}"
        .getBytes(StandardCharsets.UTF_8)));
    assertNull(JsonCodec.reasonOrNull("<html>".getBytes(StandardCharsets.UTF_8)));
    assertNull(JsonCodec.reasonOrNull("[\"reason\"]".getBytes(StandardCharsets.UTF_8)));
    assertNull(JsonCodec.reasonOrNull(new byte[0]));
    assertFalse(JsonCodec.readObject("[1, {\"a\": 2}]".getBytes(StandardCharsets.UTF_8), (name, parser) -> { }));
    assertThrows(IOException.class, () -> JsonCodec.readObject("[1] 2".getBytes(StandardCharsets.UTF_8), (n, p) -> { }));
    assertThrows(IOException.class, () -> JsonCodec.readTree("{} {}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IOException.class, () -> JsonCodec.readTree(new byte[0]));
    assertThrows(IOException.class, () -> JsonCodec.readTree("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(2, JsonCodec.tree("{\"a\": 2}".getBytes(StandardCharsets.UTF_8)).get("a").asInt());
  }

  @Test
  void apiUrlsAreBasesOnly() {
    assertEquals("http://h/api/a%2Fb/", Urls.endpoint(okhttp3.HttpUrl.get("http://h/api/"), "a/b", "").toString());
    assertEquals("apiUrl must not have a query or fragment, but was \"http://h…\"",
        assertThrows(IllegalArgumentException.class, () -> Urls.parseApiUrl("http://h/api#x", "authToken")).getMessage());
    assertEquals("apiUrl must not hold credentials; pass them as authToken",
        assertThrows(IllegalArgumentException.class, () -> Urls.parseApiUrl("http://u@h/api", "authToken")).getMessage());
    assertEquals("apiUrl must be an absolute http or https URL, such as https://go.vumi.org/api/v1/go, but has no"
        + " http:// or https:// scheme (the rest is not shown: it may hold a secret)",
        assertThrows(IllegalArgumentException.class, () -> Urls.parseApiUrl("u:p@h", "authToken")).getMessage());
  }

  @Test
  void theEngineTakesOneCheckedValue() {
    EngineConfig defaults = EngineConfig.defaults();
    assertNull(defaults.client());
    assertEquals(RetryPolicy.defaults(), defaults.retryPolicy());
    assertEquals(8, defaults.maxInFlight());
    assertEquals(Duration.ofSeconds(60), defaults.deadline());
    assertEquals("maxInFlight must be from 1 to 1000, but was 0", assertThrows(IllegalArgumentException.class,
        () -> new EngineConfig(null, null, RetryPolicy.defaults(), 0, Duration.ofSeconds(1), defaults.listener())).getMessage());
    assertEquals("deadline must be from 1 ms to 1 hour (PT1H), but was PT2H", assertThrows(IllegalArgumentException.class,
        () -> new EngineConfig(null, null, RetryPolicy.defaults(), 1, Duration.ofHours(2), defaults.listener())).getMessage());
    assertEquals("listener must not be null", assertThrows(NullPointerException.class,
        () -> new EngineConfig(null, null, RetryPolicy.defaults(), 1, Duration.ofSeconds(1), null)).getMessage());
    assertEquals("the Call.Factory that callFactory returned must not be null", assertThrows(NullPointerException.class,
        () -> Engine.create(new EngineConfig(client, c -> null, RetryPolicy.defaults(), 1, Duration.ofSeconds(1),
            defaults.listener()), Api.METRICS, null, EngineTest.class)).getMessage());
    Engine engine = engine();
    assertEquals(Api.CONTACTS, engine.api);
    assertEquals(EngineTest.class, engine.owner);
  }
}
