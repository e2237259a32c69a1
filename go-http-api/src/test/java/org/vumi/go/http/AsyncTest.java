package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The asynchronous path: the same wire, errors and guarantees as the blocking one. */
class AsyncTest {
  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final ConnectionPool pool = new ConnectionPool();
  final OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();

  HttpApiSender sender() {
    return builder().build();
  }

  HttpApiSender.Builder builder() {
    return HttpApiSender.builder("acc-key", "conv-key", "conv-token").apiUrl(server.url("/").toString()).client(client)
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).build());
  }

  static <T> Throwable failure(CompletableFuture<T> future) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
    return e.getCause();
  }

  String body() throws InterruptedException {
    return server.takeRequest(30, TimeUnit.SECONDS).getBody().utf8();
  }

  @Test
  void everyAsyncFormPutsWhatItsBlockingFormPuts() throws Exception {
    for (int i = 0; i < 9; i++) {
      server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    }
    server.enqueue(HttpApiSenderTest.ok("{\"success\": true, \"reason\": \"Metrics published\"}"));
    server.enqueue(HttpApiSenderTest.ok("{\"success\": true, \"reason\": \"Metrics published\"}"));
    HttpApiSender sender = sender();
    assertEquals("4802dff631854967a4e27cca50f73e6b", sender.sendAsync(OutboundMessage.text("+27", "hi")).get(30, TimeUnit.SECONDS).messageId());
    assertEquals("{\"to_addr\":\"+27\",\"content\":\"hi\"}", body());
    sender.sendAsync(OutboundMessage.text("+27", "hi").withSessionEvent(SessionEvent.CLOSE)).get(30, TimeUnit.SECONDS);
    assertEquals("{\"to_addr\":\"+27\",\"content\":\"hi\",\"session_event\":\"close\"}", body());
    sender.sendAsync(OutboundMessage.voice("+27", "hi", VoiceOptions.builder().waitFor("#").build())).get(30, TimeUnit.SECONDS);
    assertEquals("{\"to_addr\":\"+27\",\"content\":\"hi\",\"helper_metadata\":{\"voice\":{\"wait_for\":\"#\"}}}", body());
    sender.sendAsync(OutboundMessage.reply("in-1", "Bye").withSessionEvent(SessionEvent.CLOSE)).get(30, TimeUnit.SECONDS);
    assertEquals("{\"in_reply_to\":\"in-1\",\"content\":\"Bye\",\"session_event\":\"close\"}", body());
    sender.sendAsync(OutboundMessage.text("+28", "typed")).get(30, TimeUnit.SECONDS);
    assertEquals("{\"to_addr\":\"+28\",\"content\":\"typed\"}", body());
    sender.sendAsync(OutboundMessage.reply("in-2", "Menu")).get(30, TimeUnit.SECONDS);
    assertEquals("{\"in_reply_to\":\"in-2\",\"content\":\"Menu\"}", body());
    sender.sendAsync(OutboundMessage.reply("in-3", "Menu")).get(30, TimeUnit.SECONDS);
    assertEquals("{\"in_reply_to\":\"in-3\",\"content\":\"Menu\"}", body());
    sender.sendAsync(OutboundMessage.reply(InboundMessage.parse(ReplyTest.INBOUND), "Bye").withSessionEvent(SessionEvent.CLOSE)).get(30, TimeUnit.SECONDS);
    assertEquals("{\"in_reply_to\":\"in-1\",\"content\":\"Bye\",\"session_event\":\"close\"}", body());
    sender.sendAsync(OutboundMessage.voice("+27", "spoken", VoiceOptions.builder().build())).get(30, TimeUnit.SECONDS);
    assertEquals("{\"to_addr\":\"+27\",\"content\":\"spoken\"}", body());
    assertEquals(new MetricResult(true, "Metrics published"), sender.fireMetricAsync(Metric.of("m", 2, Aggregate.AVG)).get(30, TimeUnit.SECONDS));
    assertEquals("[[\"m\",2.0,\"avg\"]]", body());
    sender.fireMetricAsync(Metric.of("n", 3)).get(30, TimeUnit.SECONDS);
    assertEquals("[[\"n\",3.0,\"last\"]]", body());
  }

  @Test
  void refusalsFailTheFutureWithTheSameException() throws Exception {
    server.enqueue(HttpApiSenderTest.json(400, "{\"success\": false, \"reason\": \"Recipient with msisdn +27 has opted out\"}"));
    server.enqueue(HttpApiSenderTest.json(400, "{\"success\": false, \"reason\": \"Invalid Message\"}"));
    server.enqueue(HttpApiSenderTest.ok("not json"));
    HttpApiSender sender = sender();
    UserOptedOutException optedOut = assertInstanceOf(UserOptedOutException.class, failure(sender.sendAsync(OutboundMessage.text("+27", "hi"))));
    assertEquals("+27", optedOut.toAddr());
    assertEquals("Invalid Message", assertInstanceOf(HttpApiException.class,
        failure(sender.fireMetricAsync(Metric.of("m", 1)))).reason());
    assertInstanceOf(UnexpectedResponseException.class, failure(sender.sendAsync(OutboundMessage.text("+27", "hi"))));
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(), "a response was left open");
  }

  @Test
  void badInputFailsAtOnceAndSendsNothing() {
    assertThrows(IllegalArgumentException.class, () -> sender().sendAsync(OutboundMessage.text("+27", " ")));
    assertThrows(IllegalArgumentException.class, () -> sender().fireMetricAsync(Metric.of("m", Double.NaN, Aggregate.SUM)));
    assertThrows(NullPointerException.class, () -> sender().sendAsync(null));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void asyncNeverSendsAMessageTwice() throws Exception {
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    HttpApiSender sender = sender();
    sender.sendAsync(OutboundMessage.text("+27", "first")).get(30, TimeUnit.SECONDS);
    Throwable e = failure(sender.sendAsync(OutboundMessage.text("+27", "second")));
    assertTrue(e.getMessage().contains("may or may not have received it"), e.getMessage());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void asyncRetriesWhatTheServerDidNotProcess() throws Exception {
    server.enqueue(RetryTest.html(403, RetryTest.TOO_MANY));
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0").build());
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    assertEquals("4802dff631854967a4e27cca50f73e6b", sender().sendAsync(OutboundMessage.text("+27", "hi")).get(30, TimeUnit.SECONDS).messageId());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void asyncRetriesAreBounded() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(RetryTest.html(403, RetryTest.TOO_MANY));
    }
    HttpApiException e = assertInstanceOf(HttpApiException.class, failure(sender().sendAsync(OutboundMessage.text("+27", "hi"))));
    assertTrue(e.getMessage().contains("(after 3 attempts)"), e.getMessage());
  }

  @Test
  void cancellingTheFutureCancelsTheCall() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(10, TimeUnit.SECONDS).body(HttpApiSenderTest.SERVER_MESSAGE).build());
    CompletableFuture<SentMessage> future = sender().sendAsync(OutboundMessage.text("+27", "hi"));
    server.takeRequest(30, TimeUnit.SECONDS);
    future.cancel(true);
    assertThrows(CancellationException.class, future::join);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (client.dispatcher().runningCallsCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(0, client.dispatcher().runningCallsCount(), "the OkHttp call was cancelled");
  }

  /** Holds every answer until {@code answer} is counted down; counts the requests the server holds at once. */
  void holdAnswers(CountDownLatch answer, AtomicInteger held, AtomicInteger mostHeld) {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
        try {
          answer.await(30, TimeUnit.SECONDS);
        } finally {
          held.decrementAndGet();
        }
        return HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE);
      }
    });
  }

  @Test
  void aCallCancelledWhileWaitingForItsTurnIsNeverSent() throws Exception {
    HttpApiSender single = builder().maxInFlight(1).build();
    CountDownLatch answer = new CountDownLatch(1);
    holdAnswers(answer, new AtomicInteger(), new AtomicInteger());
    CompletableFuture<SentMessage> first = single.sendAsync(OutboundMessage.text("+27", "first"));
    CompletableFuture<SentMessage> second = single.sendAsync(OutboundMessage.text("+27", "second"));
    second.cancel(true);
    answer.countDown();
    first.get(30, TimeUnit.SECONDS);
    single.sendAsync(OutboundMessage.text("+27", "third")).get(30, TimeUnit.SECONDS); // the cancelled one gave its turn back
    assertEquals(2, server.getRequestCount());
    assertEquals("{\"to_addr\":\"+27\",\"content\":\"first\"}", body());
    assertEquals("{\"to_addr\":\"+27\",\"content\":\"third\"}", body());
  }

  @Test
  void asyncCallsWaitForTheirTurn() throws Exception {
    HttpApiSender two = builder().maxInFlight(2).build();
    CountDownLatch answer = new CountDownLatch(1);
    AtomicInteger held = new AtomicInteger();
    AtomicInteger mostHeld = new AtomicInteger();
    holdAnswers(answer, held, mostHeld);
    List<CompletableFuture<SentMessage>> futures = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      futures.add(two.sendAsync(OutboundMessage.text("+27", "m" + i)));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (held.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(1); // until the server holds the two
    }
    // The other four queued for a turn before sendAsync returned: none can be on its way now.
    assertEquals(2, server.getRequestCount(), "only two in flight");
    answer.countDown();
    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
    assertEquals(6, server.getRequestCount());
    // At most two: the second request may be answered before its handler counts it, so not "exactly".
    assertTrue(mostHeld.get() <= 2, "never more than two at the server at once: " + mostHeld.get());
  }

  @Test
  void theDefaultClientsThreadsNeverKeepTheJvmAlive() throws Exception {
    CountDownLatch answer = new CountDownLatch(1);
    holdAnswers(answer, new AtomicInteger(), new AtomicInteger());
    CompletableFuture<SentMessage> sent = new HttpApiSender("acc-key", "conv-key", "conv-token",
        server.url("/").toString(), null).sendAsync(OutboundMessage.text("+27", "hi"));
    server.takeRequest(30, TimeUnit.SECONDS);
    try {
      // While the server holds the answer, a thread of the default client's dispatcher runs the call:
      // OkHttp names it after the call's URL.
      List<Thread> dispatchers = Thread.getAllStackTraces().keySet().stream()
          .filter(thread -> thread.getName().startsWith("OkHttp http://") && thread.getName().contains(":" + server.getPort() + "/"))
          .toList();
      assertTrue(!dispatchers.isEmpty(), "the default client's dispatcher runs the call");
      assertTrue(dispatchers.stream().allMatch(Thread::isDaemon), "every dispatcher thread is a daemon");
      assertTrue(Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().startsWith("go-http-api"))
          .allMatch(Thread::isDaemon), "every thread of the library is a daemon");
    } finally {
      answer.countDown();
    }
    assertEquals("4802dff631854967a4e27cca50f73e6b", sent.get(30, TimeUnit.SECONDS).messageId());
  }

  @Test
  void loggingSenderAnswersAsyncAtOnce() throws Exception {
    LoggingSender logging = new LoggingSender(org.slf4j.helpers.NOPLogger.NOP_LOGGER);
    assertEquals("hi", logging.sendAsync(OutboundMessage.text("+27", "hi")).get().content());
    assertTrue(logging.fireMetricAsync(Metric.of("m", 1)).get().success());
    assertThrows(NullPointerException.class, () -> logging.fireMetricAsync(null));
  }

  @Test
  void aLoggingSenderFailureIsAFailedFuture() {
    ConversationSender broken = new ConversationSender() {
      @Override
      public SentMessage send(OutboundMessage message) throws IOException {
        throw new IOException("down");
      }

      @Override
      public MetricResult fireMetric(Metric metric) throws IOException {
        throw new IOException("down");
      }
    };
    assertEquals("down", failure(broken.sendAsync(OutboundMessage.text("+27", "hi"))).getMessage());
    assertEquals("down", failure(broken.fireMetricAsync(Metric.of("m", 1))).getMessage());
    List<SendOutcome> outcomes = broken.sendAll(List.of(OutboundMessage.text("+27", "a")));
    assertEquals("down", outcomes.get(0).error().getMessage());
  }
}
