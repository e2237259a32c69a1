package org.vumi.go.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.Api;
import org.vumi.go.http.ClientListener;
import org.vumi.go.http.MockServers;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.TransportException;

/**
 * Deadlines no caller code can stop or delay: the thread that times them never runs a caller's
 * code (OkHttp runs {@code EventListener.canceled()} on whichever thread cancels), survives what it
 * meets, and does nothing while nothing is in flight.
 */
class DeadlinesTest {
  @StartStop
  final MockWebServer server = MockServers.noDelay();

  /** No timeout of OkHttp's: only the deadline can end a call to a server that never answers. */
  final OkHttpClient patient = new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();

  @BeforeEach
  void neverAnswer() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
      }
    });
  }

  Engine engine(OkHttpClient client, Duration deadline) {
    return Engine.create(new EngineConfig(client, null, RetryPolicy.none(), 8, deadline, ClientListener.noop()),
        Api.CONTACTS, null, DeadlinesTest.class);
  }

  ApiRequest<String> get() {
    return new ApiRequest<>("GET", server.url("/thing"), null, true, ApiRequest.DEFAULT_ANSWER_LIMIT, answer -> answer.text());
  }

  static TransportException deadlineFailure(Engine engine, ApiRequest<String> request) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> engine.enqueue(request).get(30, TimeUnit.SECONDS));
    TransportException failure = assertInstanceOf(TransportException.class, e.getCause());
    assertEquals(TransportException.Timeout.DEADLINE, failure.timeout(), failure.getMessage());
    return failure;
  }

  @Test
  void anErrorThrownWhileCancellingEndsNoOtherDeadline() throws Exception {
    OkHttpClient throwing = patient.newBuilder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        throw new AssertionError("a listener's bug");
      }
    }).build();
    Engine engine = engine(throwing, Duration.ofMillis(100));
    for (int i = 0; i < 3; i++) {
      deadlineFailure(engine, get());
    }
    TransportException blocking = assertThrows(TransportException.class, () -> engine.execute(get()));
    assertEquals(TransportException.Timeout.DEADLINE, blocking.timeout());
  }

  @Test
  void aCancelListenerThatBlocksDelaysNoOtherClientsDeadline() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    OkHttpClient blocking = patient.newBuilder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        blocked.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }).build();
    try {
      Engine stuck = engine(blocking, Duration.ofMillis(100));
      stuck.enqueue(get());
      assertTrue(blocked.await(30, TimeUnit.SECONDS), "the deadline cancelled the call");
      Engine other = engine(patient, Duration.ofMillis(100));
      deadlineFailure(other, get());
      TransportException e = assertThrows(TransportException.class, () -> other.execute(get()));
      assertEquals(TransportException.Timeout.DEADLINE, e.timeout());
    } finally {
      release.countDown();
    }
  }

  @Test
  void anInterruptedTimingThreadClearsTheInterruptAndKeepsTiming() throws Exception {
    Engine engine = engine(patient, Duration.ofMillis(100));
    deadlineFailure(engine, get()); // the timing thread runs
    List<Thread> timing = threads(name -> name.startsWith("go-http-api deadlines") || name.startsWith("go-http-api timer"));
    assertFalse(timing.isEmpty(), "a timing thread runs");
    timing.forEach(Thread::interrupt);
    deadlineFailure(engine, get());
    awaitTrue(() -> timing.stream().noneMatch(thread -> thread.isAlive()
        && (thread.isInterrupted() || thread.getState() == Thread.State.RUNNABLE)),
        () -> "the interrupted timing thread spins: " + describe(timing));
  }

  /**
   * While no operation runs, no thread of the library wakes up: none is RUNNABLE or TIMED_WAITING
   * once the pools' idle threads have ended and the timer has seen its last deadline go. The engine
   * runs on resources of its own that go quiet within 20 ms instead of the shared ones' second (how
   * long that takes is not what is tested here), and only threads that did not exist before are
   * looked at: the shared resources' threads, left idle by earlier tests, end one per keep-alive,
   * seconds later.
   */
  @Test
  void nothingOfTheLibraryRunsWhileNothingIsInFlight() throws Exception {
    Set<Thread> before = Set.copyOf(threads(name -> true));
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().body("ok").build();
      }
    });
    Engine engine = Engine.create(new EngineConfig(null, null, RetryPolicy.none(), 8, Duration.ofSeconds(60),
        ClientListener.noop()), Api.CONTACTS, null, DeadlinesTest.class, new Resources.Holder(20).acquire(), null);
    try {
      for (int i = 0; i < 20; i++) {
        assertEquals("ok", engine.execute(get()));
        assertEquals("ok", engine.enqueue(get()).get(30, TimeUnit.SECONDS));
      }
      Predicate<String> library = name -> name.startsWith("go-http-api");
      assertFalse(threads(library).stream().allMatch(before::contains), "the engine's own threads are looked at");
      awaitTrue(() -> threads(library).stream().filter(thread -> !before.contains(thread))
          .allMatch(thread -> thread.getState() == Thread.State.WAITING || !thread.isAlive()),
          () -> "library threads awake while nothing is in flight: " + describe(threads(library).stream()
              .filter(thread -> !before.contains(thread)).collect(Collectors.toList())));
    } finally {
      engine.close();
    }
  }

  static List<Thread> threads(Predicate<String> name) {
    return Thread.getAllStackTraces().keySet().stream().filter(thread -> name.test(thread.getName()))
        .collect(Collectors.toList());
  }

  static String describe(List<Thread> threads) {
    return threads.stream().map(thread -> thread.getName() + " " + thread.getState()
        + (thread.isInterrupted() ? " interrupted" : "")).collect(Collectors.joining(", "));
  }

  /** Waits for a condition that must come to hold; the ceiling is reached only on failure. */
  static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> message) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(message.get());
      }
      Thread.sleep(10);
    }
  }
}
