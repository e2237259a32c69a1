package org.vumi.go.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.Api;
import org.vumi.go.http.ClientListener;
import org.vumi.go.http.MockServers;
import org.vumi.go.http.RetryPolicy;

/**
 * Closing: nothing new starts, what is in flight finishes, the caller's client stays theirs, and
 * the library's shared resources end with the last engine that used them, to be made anew.
 */
class CloseTest {
  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final CountDownLatch answer = new CountDownLatch(1);
  final Resources.Holder holder = new Resources.Holder();

  @BeforeEach
  void answerWhenLetGo() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        answer.await(30, TimeUnit.SECONDS);
        return new MockResponse.Builder().body("ok").build();
      }
    });
  }

  Engine engine(OkHttpClient client, int maxInFlight) {
    return Engine.create(new EngineConfig(client, null, RetryPolicy.none(), maxInFlight, Duration.ofSeconds(60),
        ClientListener.noop()), Api.OPT_OUTS, "Bearer secret", CloseTest.class, holder.acquire(), null);
  }

  ApiRequest<String> get() {
    return new ApiRequest<>("GET", server.url("/thing"), null, true, ApiRequest.DEFAULT_ANSWER_LIMIT, Answer::text)
        .named("getThing");
  }

  @Test
  void afterCloseNothingStartsAndNothingIsSent() throws Exception {
    Engine engine = engine(null, 8);
    engine.close();
    engine.close();
    assertTrue(engine.isClosed());
    assertEquals("getThing after CloseTest was closed: nothing was sent",
        assertThrows(IllegalStateException.class, () -> engine.execute(get())).getMessage());
    assertThrows(IllegalStateException.class, () -> engine.enqueue(get()));
    assertEquals(0, server.getRequestCount());
    assertTrue(engine.resources.released(), "its lease was the only one");
  }

  @Test
  void whatIsInFlightFinishesAndThenEverythingEnds() throws Exception {
    Engine engine = engine(null, 1);
    CompletableFuture<String> running = engine.enqueue(get());
    CompletableFuture<String> queued = engine.enqueue(get());
    CompletableFuture<String> blocking = CompletableFuture.supplyAsync(() -> {
      try {
        return engine.execute(get());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    server.takeRequest(30, TimeUnit.SECONDS);
    // The blocking call runs on another thread: close only once it, too, waits for its turn.
    DeadlinesTest.awaitTrue(() -> engine.turns.waiting() == 2, () -> engine.turns.waiting() + " waiting, not 2");
    engine.close();
    assertThrows(IllegalStateException.class, () -> engine.enqueue(get()));
    assertFalse(engine.resources.released(), "operations are in flight");
    answer.countDown();
    assertEquals("ok", running.get(30, TimeUnit.SECONDS));
    assertEquals("ok", queued.get(30, TimeUnit.SECONDS));
    assertEquals("ok", blocking.get(30, TimeUnit.SECONDS));
    assertEquals(3, server.getRequestCount());
    Resources resources = engine.resources;
    DeadlinesTest.awaitTrue(resources::released, () -> "the resources were not released");
    DeadlinesTest.awaitTrue(() -> resources.liveThreads() == 0,
        () -> resources.liveThreads() + " threads of the library remain");
  }

  @Test
  void theCallersClientIsTheirs() throws Exception {
    answer.countDown();
    OkHttpClient mine = new OkHttpClient();
    Engine engine = engine(mine, 8);
    assertEquals("ok", engine.enqueue(get()).get(30, TimeUnit.SECONDS));
    engine.close();
    DeadlinesTest.awaitTrue(engine.resources::released, () -> "the resources were not released");
    assertFalse(mine.dispatcher().executorService().isShutdown());
    CompletableFuture<Integer> code = new CompletableFuture<>();
    mine.newCall(new Request.Builder().url(server.url("/mine")).build()).enqueue(new okhttp3.Callback() {
      @Override
      public void onResponse(okhttp3.Call call, Response response) {
        try (response) {
          code.complete(response.code());
        }
      }

      @Override
      public void onFailure(okhttp3.Call call, java.io.IOException e) {
        code.completeExceptionally(e);
      }
    });
    assertEquals(200, code.get(30, TimeUnit.SECONDS), "the caller's client still sends, asynchronously too");
    mine.dispatcher().executorService().shutdown();
  }

  @Test
  void theLastEngineReleasesTheSharedResourcesAndTheNextGetsNewOnes() throws Exception {
    answer.countDown();
    Engine first = engine(null, 8);
    Engine second = engine(null, 8);
    assertSame(first.resources, second.resources);
    assertSame(first.client().connectionPool(), second.client().connectionPool(), "one default client");
    assertEquals("ok", first.execute(get()));
    assertEquals("ok", second.enqueue(get()).get(30, TimeUnit.SECONDS));
    Resources shared = first.resources;
    first.close();
    assertFalse(shared.released(), "the second engine still uses them");
    assertEquals("ok", second.execute(get()));
    second.close();
    // The second engine's asynchronous send ends just after its future completes: the lease is
    // returned then, not necessarily by the time close() returns.
    DeadlinesTest.awaitTrue(shared::released, () -> "the last engine closed and its operations ended, but the resources were kept");
    DeadlinesTest.awaitTrue(() -> shared.liveThreads() == 0, () -> shared.liveThreads() + " threads remain");
    assertTrue(shared.defaultClient(false).dispatcher().executorService().isShutdown());
    assertEquals(0, shared.defaultClient(false).connectionPool().connectionCount(), "connections closed");
    Engine third = engine(null, 8);
    assertNotSame(shared, third.resources, "made anew");
    assertEquals("ok", third.execute(get()));
    assertEquals("ok", third.enqueue(get()).get(30, TimeUnit.SECONDS));
    third.close();
    DeadlinesTest.awaitTrue(() -> third.resources.liveThreads() == 0, () -> "threads remain");
  }

  @Test
  void anEngineNeverClosedKeepsItsResources() throws Exception {
    answer.countDown();
    Engine engine = engine(null, 8);
    assertEquals("ok", engine.execute(get()));
    assertFalse(engine.resources.released());
    assertEquals("ok", engine.enqueue(get()).get(30, TimeUnit.SECONDS));
  }
}
