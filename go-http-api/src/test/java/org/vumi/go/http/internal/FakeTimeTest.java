package org.vumi.go.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.Api;
import org.vumi.go.http.ClientListener;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.MockServers;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.TransportException;

/**
 * Deadlines and backoffs on a clock the test moves: each happens exactly when the test says, so no
 * assertion here depends on how fast the machine is.
 */
class FakeTimeTest {
  static final String TOO_MANY = "<html><body><p>Too many concurrent connections</p></body></html>";

  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final FakeClock clock = new FakeClock();
  final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();

  Engine engine(RetryPolicy policy, int maxInFlight, Duration deadline) {
    return Engine.create(new EngineConfig(client, null, policy, maxInFlight, deadline, ClientListener.noop()),
        Api.CONVERSATION, null, FakeTimeTest.class, Resources.SHARED.acquire(), clock);
  }

  ApiRequest<String> put() {
    return new ApiRequest<>("PUT", server.url("/conv-key/messages.json"), "{}".getBytes(StandardCharsets.UTF_8), false,
        ApiRequest.DEFAULT_ANSWER_LIMIT, answer -> {
          if (!answer.isSuccessful()) {
            throw answer.refusal();
          }
          return answer.text();
        });
  }

  static <T> CompletableFuture<T> blocking(Engine engine, ApiRequest<T> request) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread caller = new Thread(() -> {
      try {
        result.complete(engine.execute(request));
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, "blocking caller");
    caller.start();
    return result;
  }

  static TransportException failure(CompletableFuture<?> future) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
    return assertInstanceOf(TransportException.class, e.getCause());
  }

  @Test
  void waitingForATurnEndsAtTheDeadlineWithNothingSent() throws Exception {
    Engine single = engine(RetryPolicy.defaults(), 1, Duration.ofMillis(200));
    assertTrue(single.turns.tryAcquire(0), "the one turn, held as a slow request would");
    try {
      CompletableFuture<String> blocking = blocking(single, put());
      CompletableFuture<String> async = single.enqueue(put());
      DeadlinesTest.awaitTrue(() -> single.turns.waiting() == 2, () -> single.turns.waiting() + " waiting");
      clock.advance(Duration.ofMillis(199));
      assertFalse(blocking.isDone() || async.isDone(), "not before the deadline");
      clock.advance(Duration.ofMillis(1));
      for (CompletableFuture<String> each : List.of(blocking, async)) {
        TransportException e = failure(each);
        assertEquals(TransportException.Timeout.DEADLINE, e.timeout());
        assertFalse(e.mayHaveBeenSent());
        assertEquals(0, e.attempts());
        assertTrue(e.getMessage().contains("the deadline of 200 ms passed waiting for a turn"), e.getMessage());
        assertTrue(e.getMessage().endsWith("nothing was sent"), e.getMessage());
      }
    } finally {
      single.turns.release();
    }
    assertEquals(0, single.inFlight());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aCallInFlightIsCutOffAtTheDeadline() throws Exception {
    Engine engine = engine(RetryPolicy.defaults(), 8, Duration.ofMillis(500));
    // A body that stops halfway, the connection left open: only the deadline can end the call.
    // (Not throttleBody: MockWebServer throttles its reading of the request body too, and so took
    // a second to record each request.)
    for (int i = 0; i < 2; i++) {
      server.enqueue(new MockResponse.Builder().body("x".repeat(1000)).onResponseBody(SocketEffect.Stall.INSTANCE).build());
    }
    CompletableFuture<String> blocking = blocking(engine, put());
    CompletableFuture<String> async = engine.enqueue(put());
    server.takeRequest(30, TimeUnit.SECONDS);
    server.takeRequest(30, TimeUnit.SECONDS);
    clock.advance(Duration.ofMillis(500));
    for (CompletableFuture<String> each : List.of(blocking, async)) {
      TransportException e = failure(each);
      assertEquals(TransportException.Timeout.DEADLINE, e.timeout());
      assertTrue(e.mayHaveBeenSent());
      assertTrue(e.getMessage().contains("the deadline of 500 ms passed"), e.getMessage());
    }
  }

  @Test
  void noBackoffRunsPastTheDeadline() throws Exception {
    server.enqueue(new MockResponse.Builder().code(403).body(TOO_MANY).build());
    Engine patient = engine(RetryPolicy.builder().initialBackoff(Duration.ofSeconds(20)).maxBackoff(Duration.ofSeconds(30))
        .build(), 8, Duration.ofSeconds(3));
    HttpApiException e = assertThrows(HttpApiException.class, () -> patient.execute(put()));
    assertEquals(403, e.statusCode());
    assertEquals(List.of(), clock.sleeps(), "did not wait for the backoff");
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aBlockingRetryWaitsWhatTheServerAskedCappedAtTheMaximum() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").build());
    server.enqueue(new MockResponse.Builder().body("sent").build());
    Engine engine = engine(RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(300))
        .build(), 8, Duration.ofSeconds(60));
    CompletableFuture<String> result = blocking(engine, put());
    clock.awaitSleeper();
    assertEquals(List.of(Duration.ofMillis(300)), clock.sleeps(), "the capped 300 ms, not the hour asked for");
    assertEquals(1, server.getRequestCount());
    clock.advance(Duration.ofMillis(300));
    assertEquals("sent", result.get(30, TimeUnit.SECONDS));
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void anAsyncRetryStartsWhenItsBackoffEnds() throws Exception {
    server.enqueue(new MockResponse.Builder().code(403).body(TOO_MANY).build());
    server.enqueue(new MockResponse.Builder().body("sent").build());
    Engine engine = engine(RetryPolicy.builder().initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(2))
        .build(), 8, Duration.ofSeconds(60));
    CompletableFuture<String> result = engine.enqueue(put());
    clock.awaitScheduled(2); // the deadline, and the end of the backoff (1 to 2 s)
    assertEquals(1, server.getRequestCount());
    clock.advance(Duration.ofMillis(999));
    assertFalse(result.isDone());
    clock.advance(Duration.ofMillis(1001));
    assertEquals("sent", result.get(30, TimeUnit.SECONDS));
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void waitingToRetryCanBeInterrupted() throws Exception {
    server.enqueue(new MockResponse.Builder().code(403).body(TOO_MANY).build());
    Engine patient = engine(RetryPolicy.builder().initialBackoff(Duration.ofSeconds(30)).build(), 8, Duration.ofSeconds(60));
    CompletableFuture<TransportException> outcome = new CompletableFuture<>();
    Thread caller = new Thread(() -> {
      try {
        patient.execute(put());
        outcome.completeExceptionally(new AssertionError("no failure"));
      } catch (TransportException e) {
        outcome.complete(Thread.currentThread().isInterrupted() ? e : null);
      } catch (IOException | RuntimeException e) {
        outcome.completeExceptionally(e);
      }
    });
    caller.start();
    clock.awaitSleeper();
    caller.interrupt();
    TransportException e = outcome.get(30, TimeUnit.SECONDS);
    assertTrue(e != null, "the interrupt is kept");
    assertInstanceOf(InterruptedIOException.class, e.getCause());
    assertFalse(e.mayHaveBeenSent(), "a 403 for the concurrency limit proves it was not processed");
    assertEquals(1, e.attempts());
    assertTrue(e.getMessage().contains("not sent again"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void retryAfterAsADateIsReadAgainstTheClockGiven() {
    java.time.Instant now = java.time.Instant.parse("2015-10-21T07:27:00Z");
    assertEquals(60_000, RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", now).orElse(-1));
    assertEquals(0, RetryAfter.parse("Wed, 21 Oct 2015 07:26:00 GMT", now).orElse(-1), "a date in the past means now");
    assertEquals(-1, RetryAfter.parse("soon", now).orElse(-1));
  }

  /**
   * A blocking send inside a pool's task (a future's callback, say) waits for its backoff and its
   * answer as managed blocking: the pool may start another thread meanwhile.
   */
  @Test
  void aBlockingSendInAForkJoinPoolWaitsAsManagedBlocking() throws Exception {
    server.enqueue(new MockResponse.Builder().code(403).body(TOO_MANY).build());
    server.enqueue(new MockResponse.Builder().body("sent").build());
    server.enqueue(new MockResponse.Builder().onResponseStart(new mockwebserver3.SocketEffect.CloseSocket()).build());
    Engine engine = engine(RetryPolicy.builder().initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(2))
        .build(), 8, Duration.ofSeconds(60));
    java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(1);
    try {
      java.util.concurrent.Future<String> sent = pool.submit(() -> engine.execute(put()));
      clock.awaitSleeper();
      clock.advance(Duration.ofSeconds(2));
      assertEquals("sent", sent.get(30, TimeUnit.SECONDS));
      java.util.concurrent.Future<String> dropped = pool.submit(() -> engine.execute(put()));
      ExecutionException e = assertThrows(ExecutionException.class, () -> dropped.get(30, TimeUnit.SECONDS));
      Throwable cause = e.getCause();
      while (cause != null && !(cause instanceof TransportException)) {
        cause = cause.getCause(); // ForkJoinPool wraps what a Callable throws, once or twice
      }
      TransportException failure = assertInstanceOf(TransportException.class, cause);
      assertTrue(failure.mayHaveBeenSent());
    } finally {
      pool.shutdown();
    }
    assertEquals(3, server.getRequestCount());
  }
}
