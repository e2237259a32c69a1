package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.testing.PublishedMetric;
import org.vumi.go.http.testing.Emulators;
import org.vumi.go.http.testing.VumiGoEmulator;

/** The real sender against the emulator: every operation, every refusal, and many threads at once. */
class EndToEndTest {
  final VumiGoEmulator vumiGo = start();
  final ConnectionPool pool = new ConnectionPool();
  final OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
  final HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", vumiGo.apiUrl(), client);

  static VumiGoEmulator start() {
    return Emulators.started();
  }

  @AfterEach
  void stop() {
    sender.close();
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(), "a response was left open");
    vumiGo.close();
  }

  @Test
  void everyOperationArrives() throws IOException {
    SentMessage text = sender.sendText("+27831234567", "Hello!", "new");
    SentMessage voice = sender.sendVoice("+27831234567", "Hi", "https://example.org/a.ogg", "#", null);
    MetricResult metric = sender.fireMetric("registrations", 2, "sum");
    assertEquals(List.of(text.messageId(), voice.messageId()),
        vumiGo.messages().stream().map(SentMessage::messageId).collect(Collectors.toList()));
    assertEquals("Hello!", vumiGo.messages().get(0).content());
    assertEquals("conv-key", text.json().path("helper_metadata").path("go").path("conversation_key").asText());
    assertTrue(text.timestamp() != null);
    assertEquals(new MetricResult(true, "Metrics published"), metric);
    assertEquals(List.of(new PublishedMetric("acc-key", "registrations", 2, "sum")), vumiGo.metrics());
  }

  @Test
  void optedOutRecipient() {
    vumiGo.optOut("acc-key", "+27820000000");
    UserOptedOutException e = assertThrows(UserOptedOutException.class, () -> sender.sendText("+27820000000", "Hi"));
    assertEquals("Recipient with msisdn +27820000000 has opted out", e.reason());
    assertEquals("+27820000000", e.toAddr());
    assertEquals("Hi", e.content());
    assertTrue(vumiGo.messages().isEmpty());
  }

  @Test
  void wrongTokenIs401() {
    try (HttpApiSender wrong = new HttpApiSender("acc-key", "conv-key", "not-the-token", vumiGo.apiUrl(), client)) {
      HttpApiException e = assertThrows(HttpApiException.class, () -> wrong.sendText("+27", "Hi"));
      assertEquals(401, e.statusCode());
      assertEquals("Unauthorized", e.responseBody());
      assertFalse(e.getMessage().contains("not-the-token"));
    }
  }

  @Test
  void contentTooLongIs400WithTheServersReason() {
    vumiGo.contentLengthLimit("conv-key", 5);
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender.sendText("+27", "123456"));
    assertEquals(400, e.statusCode());
    assertEquals("Payload content too long: 6 > 5", e.reason());
  }

  @Test
  void wrongApiUrlIs404() {
    try (HttpApiSender lost = new HttpApiSender("acc-key", "conv-key", "conv-token",
        vumiGo.apiUrl().replace("http_api_nostream", "http_api"), client)) {
      HttpApiException e = assertThrows(HttpApiException.class, () -> lost.fireMetric("m", 1));
      assertEquals(404, e.statusCode());
      assertTrue(e.getMessage().contains("404 - No Such Resource"), e.getMessage());
    }
  }

  @Test
  void overTheConcurrencyLimitIs403() throws Exception {
    vumiGo.concurrencyLimit(0);
    // Retried as the default policy retries it, without its backoffs: the waits are not what is tested.
    try (HttpApiSender eager = HttpApiSender.builder("acc-key", "conv-key", "conv-token").apiUrl(vumiGo.apiUrl())
        .client(client).retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ZERO).build()).build()) {
      HttpApiException e = assertThrows(HttpApiException.class, () -> eager.sendText("+27", "Hi"));
      assertEquals(403, e.statusCode());
      assertEquals(RetryPolicy.defaults().maxAttempts(), e.attempts());
      assertTrue(e.responseBody().contains("Too many concurrent connections"));
    }
  }

  @Test
  void sixteenThreadsStayUnderTheServersLimitByDefault() throws Exception {
    vumiGo.responseDelay(Duration.ofMillis(5));
    sendFromManyThreads(sender, 16, 20);
    assertEquals(16 * 20, vumiGo.requestCount(), "no request was refused and sent again");
    assertTrue(vumiGo.peakInFlight() <= HttpApiSender.DEFAULT_MAX_IN_FLIGHT, "peak " + vumiGo.peakInFlight());
  }

  @Test
  void sixteenThreadsOverTheServersLimitAreRetriedNotLost() throws Exception {
    // The first sends the server accepts are held until one past its limit has been refused: so the
    // limit is certainly reached, however the threads happen to be scheduled.
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch retried = new CountDownLatch(1);
    Emulators.holdAcceptedPuts(vumiGo, release);
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try (HttpApiSender unbounded = HttpApiSender.builder("acc-key", "conv-key", "conv-token").apiUrl(vumiGo.apiUrl())
        .client(client).maxInFlight(16)
        .retryPolicy(RetryPolicy.builder().maxAttempts(100).initialBackoff(Duration.ofMillis(5))
            .maxBackoff(Duration.ofMillis(20)).build())
        .listener(new ClientListener() {
          @Override
          public void retryScheduled(AttemptInfo attempt, Duration wait) {
            retried.countDown();
          }
        })
        .build()) {
      Future<?> sent = runner.submit(() -> {
        sendFromManyThreads(unbounded, 16, 10);
        return null;
      });
      Emulators.awaitHeldPuts(vumiGo, VumiGoEmulator.DEFAULT_CONCURRENCY_LIMIT);
      assertTrue(retried.await(30, TimeUnit.SECONDS), "a send past the server's limit was refused and retried");
      release.countDown();
      sent.get(60, TimeUnit.SECONDS);
    } finally {
      runner.shutdownNow();
    }
    assertTrue(vumiGo.requestCount() > 16 * 10, "the server's limit was reached and 403s were retried");
  }

  @Test
  void oneSenderSharedByManyThreads() throws Exception {
    vumiGo.noConcurrencyLimit();
    sendFromManyThreads(sender, 8, 40);
  }

  /** Sends from many threads at once and checks each message arrived exactly once. */
  void sendFromManyThreads(HttpApiSender sender, int threads, int perThread) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    List<Future<List<SentMessage>>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(executor.submit(() -> {
        List<SentMessage> sent = new ArrayList<>();
        for (int i = 0; i < perThread; i++) {
          sent.add(sender.sendText("+2783" + thread, "message " + thread + "-" + i));
        }
        return sent;
      }));
    }
    Set<String> sentContents = new HashSet<>();
    Set<String> sentIds = new HashSet<>();
    for (Future<List<SentMessage>> future : futures) {
      for (SentMessage message : future.get(60, TimeUnit.SECONDS)) {
        sentContents.add(message.content());
        sentIds.add(message.messageId());
      }
    }
    executor.shutdown();
    List<SentMessage> received = vumiGo.messages();
    assertEquals(threads * perThread, received.size(), "each message recorded exactly once");
    assertEquals(sentContents, received.stream().map(SentMessage::content).collect(Collectors.toSet()));
    assertEquals(sentIds, received.stream().map(SentMessage::messageId).collect(Collectors.toSet()));
    assertEquals(threads * perThread, sentIds.size());
  }
}
