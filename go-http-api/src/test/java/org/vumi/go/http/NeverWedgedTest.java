package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.internal.Backoff;

/**
 * The sender can never stop for good: turns are handed on in a loop, never lost; callbacks run
 * after the turn is released; every operation ends by its deadline; every future completes.
 */
class NeverWedgedTest {
  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final ConnectionPool pool = new ConnectionPool();
  final OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();

  /** Lets the server answer what it holds (see {@link #holdEveryAnswer}). */
  final CountDownLatch answer = new CountDownLatch(1);

  @AfterEach
  void everyResponseClosed() throws InterruptedException {
    answer.countDown();
    // Cancelled calls release their connections a moment after their futures complete.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (pool.connectionCount() != pool.idleConnectionCount() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(), "connections still in use");
  }

  HttpApiSender.Builder builder(OkHttpClient client) {
    return HttpApiSender.builder("acc-key", "conv-key", "conv-token").apiUrl(server.url("/").toString()).client(client);
  }

  /** Answers every request with a message, after a delay. */
  void answerEveryRequestAfter(long millis) {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE).newBuilder()
            .headersDelay(millis, TimeUnit.MILLISECONDS).build();
      }
    });
  }

  /** Answers every request with a message once the test lets it ({@link #answer}). */
  void holdEveryAnswer() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        answer.await(30, TimeUnit.SECONDS);
        return HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE);
      }
    });
  }

  static void awaitRequests(MockWebServer server, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.getRequestCount() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  @Test
  void thousandsOfCancelledWaitersNeitherOverflowTheStackNorLoseTheTurn() throws Exception {
    holdEveryAnswer();
    HttpApiSender single = builder(client).maxInFlight(1).build();
    CompletableFuture<SentMessage> first = CompletableFuture.supplyAsync(() -> send(single, "first"));
    awaitRequests(server, 1);
    List<CompletableFuture<SentMessage>> queued = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      queued.add(single.sendAsync(OutboundMessage.text("+27", "queued " + i)));
    }
    queued.forEach(future -> future.cancel(true));
    answer.countDown();
    assertEquals("4802dff631854967a4e27cca50f73e6b", first.get(30, TimeUnit.SECONDS).messageId(),
        "the accepted message is reported as sent");
    assertEquals("4802dff631854967a4e27cca50f73e6b", single.sendText("+27", "after").messageId(),
        "the turn was handed on, not lost");
    assertEquals(2, server.getRequestCount(), "no cancelled message was sent");
  }

  @Test
  void futuresTimedOutByTheCallerLeakNoTurns() throws Exception {
    holdEveryAnswer();
    HttpApiSender sender = builder(client).maxInFlight(2).build();
    List<CompletableFuture<SentMessage>> futures = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      futures.add(sender.sendAsync(OutboundMessage.text("+27", "m" + i)).orTimeout(100, TimeUnit.MILLISECONDS));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).handle((v, e) -> null).get(30, TimeUnit.SECONDS);
    assertTrue(futures.stream().allMatch(CompletableFuture::isDone));
    answer.countDown(); // only now can a turn come free: every caller gave up before
    awaitRequests(server, 2);
    int sent = server.getRequestCount();
    assertTrue(sent < futures.size() / 10, "those that gave up before their turn were not sent: " + sent);
    List<CompletableFuture<SentMessage>> after = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      after.add(sender.sendAsync(OutboundMessage.text("+27", "after " + i)));
    }
    for (CompletableFuture<SentMessage> future : after) {
      assertEquals("4802dff631854967a4e27cca50f73e6b", future.get(30, TimeUnit.SECONDS).messageId());
    }
    assertEquals(4, server.getRequestCount(), "the two that held turns, and the two after");
  }

  @Test
  void everyFutureCompletesWhenTheCallersDispatcherIsShutDown() throws Exception {
    holdEveryAnswer();
    ExecutorService pool = Executors.newCachedThreadPool();
    java.util.concurrent.atomic.AtomicBoolean shutDown = new java.util.concurrent.atomic.AtomicBoolean();
    // An executor that refuses work once "shut down", as an application's executor does at its end.
    ExecutorService executor = new java.util.concurrent.AbstractExecutorService() {
      @Override public void execute(Runnable task) {
        if (shutDown.get()) {
          throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        pool.execute(task);
      }
      @Override public void shutdown() { shutDown.set(true); pool.shutdown(); }
      @Override public List<Runnable> shutdownNow() { shutdown(); return List.of(); }
      @Override public boolean isShutdown() { return shutDown.get(); }
      @Override public boolean isTerminated() { return pool.isTerminated(); }
      @Override public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
      }
    };
    OkHttpClient own = client.newBuilder().dispatcher(new okhttp3.Dispatcher(executor)).build();
    HttpApiSender single = builder(own).maxInFlight(1).build();
    CompletableFuture<SentMessage> first = CompletableFuture.supplyAsync(() -> send(single, "first"));
    awaitRequests(server, 1);
    List<CompletableFuture<SentMessage>> queued = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      queued.add(single.sendAsync(OutboundMessage.text("+27", "queued " + i)));
    }
    executor.shutdown();
    answer.countDown();
    first.get(30, TimeUnit.SECONDS);
    for (CompletableFuture<SentMessage> future : queued) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
      TransportException failure = assertInstanceOf(TransportException.class, e.getCause());
      assertFalse(failure.mayHaveBeenSent());
    }
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aCallbackMaySendThroughTheSameSenderAndWait() throws Exception {
    answerEveryRequestAfter(0);
    HttpApiSender single = builder(client).maxInFlight(1).build();
    SentMessage second = single.sendAsync(OutboundMessage.text("+27", "a"))
        .thenApply(sent -> send(single, "b"))
        .get(30, TimeUnit.SECONDS);
    assertEquals("4802dff631854967a4e27cca50f73e6b", second.messageId());

    HttpApiSender eight = builder(client).build();
    List<CompletableFuture<SentMessage>> chains = new ArrayList<>();
    for (int i = 0; i < HttpApiSender.DEFAULT_MAX_IN_FLIGHT; i++) {
      chains.add(eight.sendAsync(OutboundMessage.text("+27", "a" + i)).thenApply(sent -> send(eight, "b")));
    }
    for (CompletableFuture<SentMessage> chain : chains) {
      chain.get(30, TimeUnit.SECONDS);
    }
    assertEquals(2 + 2 * HttpApiSender.DEFAULT_MAX_IN_FLIGHT, server.getRequestCount());
  }

  /**
   * The body trickles a byte a second, within every timeout of OkHttp's: only the deadline can end
   * the call before the body's 15 minutes. (Timed on a clock the test moves: FakeTimeTest.)
   */
  @Test
  void aTricklingServerIsCutOffAtTheDeadline() throws Exception {
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE).newBuilder()
        .throttleBody(1, 1, TimeUnit.SECONDS).build());
    HttpApiSender sender = builder(client).deadline(Duration.ofMillis(500)).build();
    CompletableFuture<SentMessage> blocking = CompletableFuture.supplyAsync(() -> send(sender, "hi"));
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> blocking.get(30, TimeUnit.SECONDS));
    TransportException e = assertInstanceOf(TransportException.class, thrown.getCause().getCause());
    assertEquals(TransportException.Timeout.DEADLINE, e.timeout());
    assertTrue(e.mayHaveBeenSent());
    assertTrue(e.getMessage().contains("the deadline of 500 ms passed"), e.getMessage());
  }

  @Test
  void anAsyncSendIsCutOffAtTheDeadlineToo() throws Exception {
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE).newBuilder()
        .throttleBody(1, 1, TimeUnit.SECONDS).build());
    HttpApiSender sender = builder(client).deadline(Duration.ofMillis(500)).build();
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> sender.sendAsync(OutboundMessage.text("+27", "hi")).get(30, TimeUnit.SECONDS));
    TransportException failure = assertInstanceOf(TransportException.class, e.getCause());
    assertEquals(TransportException.Timeout.DEADLINE, failure.timeout());
    assertTrue(failure.mayHaveBeenSent());
  }

  /** A backoff of 20 s against a deadline of 3 s: none is waited (timed on a clock the test moves: FakeTimeTest). */
  @Test
  void noBackoffRunsPastTheDeadline() {
    server.enqueue(RetryTest.html(403, RetryTest.TOO_MANY));
    HttpApiSender patient = builder(client).deadline(Duration.ofSeconds(3))
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofSeconds(20)).maxBackoff(Duration.ofSeconds(30)).build())
        .build();
    HttpApiException e = assertThrows(HttpApiException.class, () -> patient.sendText("+27", "hi"));
    assertEquals(403, e.statusCode());
    assertEquals(1, e.attempts());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void deadlinesAndBackoffsAreBoundedValues() {
    assertEquals("maxBackoff must be from 0 to 1 hour (PT1H), but was " + ChronoUnit.FOREVER.getDuration(),
        assertThrows(IllegalArgumentException.class,
            () -> RetryPolicy.builder().maxBackoff(ChronoUnit.FOREVER.getDuration())).getMessage());
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().initialBackoff(Duration.ofDays(365)));
    RetryPolicy hour = RetryPolicy.builder().initialBackoff(Duration.ofHours(1)).maxBackoff(Duration.ofHours(1)).build();
    for (int attempt = 1; attempt <= 100; attempt++) {
      long wait = Backoff.millis(hour, attempt, java.util.OptionalLong.empty(), 0.99);
      assertTrue(wait >= 0 && wait <= Duration.ofHours(1).toMillis(), "attempt " + attempt + ": " + wait);
    }
    assertEquals("deadline must be from 1 ms to 1 hour (PT1H), but was PT0S", assertThrows(IllegalArgumentException.class,
        () -> HttpApiSender.builder("a", "c", "t").deadline(Duration.ZERO)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> HttpApiSender.builder("a", "c", "t").deadline(Duration.ofDays(2)));
  }

  private static SentMessage send(ConversationSender sender, String content) {
    try {
      return sender.sendText("+27", content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
