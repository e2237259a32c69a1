package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-account concurrency limit lets exactly {@code limit} requests through, never more. */
class ConcurrencyLimitTest {
  final VumiGoEmulator vumiGo = VumiGoEmulatorTest.start();
  final ExecutorService pool = Executors.newCachedThreadPool();
  final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false)
      .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).dispatcher(new Dispatcher(pool))
      .readTimeout(Duration.ofSeconds(30)).build();

  @AfterEach
  void stop() {
    vumiGo.close();
    pool.shutdownNow();
  }

  /** Sends {@code n} PUTs at once and returns their statuses to come. */
  List<CompletableFuture<Integer>> burst(int n) {
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Request request = new Request.Builder().url(vumiGo.apiUrl() + "/conv-key/messages.json")
          .header("Authorization", VumiGoEmulatorTest.AUTH)
          .put(RequestBody.create("{\"to_addr\": \"+1\", \"content\": \"x\"}", MediaType.get("application/json")))
          .build();
      answers.add(CompletableFuture.supplyAsync(() -> {
        try {
          go.await();
          try (Response response = client.newCall(request).execute()) {
            return response.code();
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, pool));
    }
    go.countDown();
    return answers;
  }

  /**
   * Sends a burst of {@code n} while the accepted requests are held in flight: those past the limit
   * are refused meanwhile, whenever they arrive. The gate opens only once every request has been
   * accepted or refused, so no wait is guessed.
   */
  List<Integer> heldBurst(int n, int limit) throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    int before = vumiGo.atGate.snapshot().size();
    vumiGo.gate = gate;
    List<CompletableFuture<Integer>> answers = burst(n);
    vumiGo.atGate.await(before + limit, Duration.ofSeconds(30));
    CountDownLatch refused = new CountDownLatch(n - limit);
    answers.forEach(answer -> answer.whenComplete((status, failure) -> refused.countDown()));
    assertTrue(refused.await(30, TimeUnit.SECONDS), "the requests past the limit were answered while the others were held");
    assertEquals(before + limit, vumiGo.atGate.snapshot().size(), "no more requests were accepted");
    vumiGo.gate = null;
    gate.countDown();
    List<Integer> statuses = new ArrayList<>();
    for (CompletableFuture<Integer> answer : answers) {
      statuses.add(answer.get(30, TimeUnit.SECONDS));
    }
    return statuses;
  }

  @Test
  void heldRequestsPastTheLimitAreAllRefused() throws Exception {
    vumiGo.concurrencyLimit(4);
    List<Integer> statuses = heldBurst(12, 4);
    assertEquals(4, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
    assertEquals(8, statuses.stream().filter(s -> s == 403).count(), statuses.toString());
    assertEquals(4, vumiGo.messages().size());
    assertEquals(4, vumiGo.peakInFlight());

    // Every slot was given back: the next burst gets exactly the limit again.
    List<Integer> again = heldBurst(6, 4);
    assertEquals(4, again.stream().filter(s -> s == 200).count(), again.toString());
  }
}
