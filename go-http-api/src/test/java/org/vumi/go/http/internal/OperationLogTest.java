package org.vumi.go.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vumi.go.http.Api;
import org.vumi.go.http.MockServers;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.internal.RaceKit.Events;

/**
 * The log line of an attempt that ended without an answer of its own: cancelled while queued, its
 * future completed by the caller while on the wire, cut off by the deadline before its call failed.
 * And a client whose log is set to errors only is not asked to format warnings.
 */
@Timeout(60) // a ceiling reached only on failure
class OperationLogTest {
  /** Owns a logger at DEBUG. */
  static final class Debugged {
  }

  /** Owns a logger at ERROR. */
  static final class Quiet {
  }

  static {
    System.setProperty("org.slf4j.simpleLogger.log." + Debugged.class.getName(), "debug");
    System.setProperty("org.slf4j.simpleLogger.log." + Quiet.class.getName(), "error");
  }

  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final HookClock clock = new HookClock();
  final CountDownLatch answer = new CountDownLatch(1);
  final CountDownLatch intercepted = new CountDownLatch(1);
  final CountDownLatch proceed = new CountDownLatch(1);

  Engine engine(OkHttpClient client, Class<?> owner, int maxInFlight, Events events) {
    return Engine.create(new EngineConfig(client, null, RetryPolicy.defaults(), maxInFlight, OperationRaceTest.DEADLINE,
        events), Api.CONTACTS, null, owner, new Resources.Holder().acquire(), clock);
  }

  ApiRequest<String> get(String path) {
    return new ApiRequest<>("GET", server.url(path), null, true, ApiRequest.DEFAULT_ANSWER_LIMIT, OperationRaceTest::text);
  }

  /** Runs {@code body}, and returns the lines {@code owner}'s logger wrote meanwhile. */
  static List<String> logged(Class<?> owner, ThrowingRunnable body) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      body.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains(owner.getName()))
        .collect(Collectors.toList());
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void eachAttemptsLineSaysHowItEndedWithoutAnAnswerOfItsOwn() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        answer.await(30, TimeUnit.SECONDS);
        return new MockResponse.Builder().body("late").build();
      }
    });
    OkHttpClient holding = OperationRaceTest.BASE.newBuilder().addInterceptor(chain -> {
      if (chain.request().url().encodedPath().equals("/held")) {
        intercepted.countDown();
        RaceKit.await(proceed, "the test lets the call go on");
      }
      return chain.proceed(chain.request());
    }).build();
    Events events = new Events();
    Engine engine = engine(holding, Debugged.class, 1, events);
    List<String> lines;
    try {
      lines = logged(Debugged.class, () -> {
        // On the wire, no answer yet: the caller completes the future.
        CompletableFuture<String> completed = engine.enqueue(get("/answered-late"));
        server.takeRequest(30, TimeUnit.SECONDS);
        // Queued behind it: the caller cancels.
        CompletableFuture<String> cancelled = engine.enqueue(get("/queued"));
        assertTrue(cancelled.cancel(true));
        assertTrue(completed.complete("mine"));
        RaceKit.await(() -> events.operationsEnded.get() == 2, events.seen::toString);
        answer.countDown();
        RaceKit.await(() -> engine.inFlight() == 0, () -> "a turn is still held");
        // Held by an interceptor before the network: the deadline ends it before its call fails.
        CompletableFuture<String> cutOff = engine.enqueue(get("/held"));
        RaceKit.await(intercepted, "the interceptor holds the call");
        clock.advance(OperationRaceTest.DEADLINE);
        ExecutionException e = assertThrows(ExecutionException.class, () -> cutOff.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("passed in attempt 1"), e.getCause().getMessage());
      });
    } finally {
      proceed.countDown();
      answer.countDown();
      RaceKit.await(() -> engine.inFlight() == 0, () -> "a turn is still held");
      engine.close();
    }
    assertEquals(3, lines.size(), String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(line -> line.matches(".*DEBUG .* - GET /queued: java\\.util\\.concurrent"
        + "\\.CancellationException in 0 ms \\(attempt 1\\)")), String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(line -> line.matches(".*DEBUG .* - GET /answered-late: no answer in \\d+ ms"
        + " \\(attempt 1\\)")), String.join("\n", lines));
    assertTrue(lines.stream().anyMatch(line -> line.matches(".*DEBUG .* - GET /held: org\\.vumi\\.go\\.http\\.Transport"
        + "Exception: GET http://.*/held: the deadline of 10000 ms passed in attempt 1; nothing was sent in \\d+ ms"
        + " \\(attempt 1\\)")), String.join("\n", lines));
  }

  @Test
  void aClientLoggingErrorsOnlyWritesNoLineForARetry() throws Exception {
    server.enqueue(OperationRaceTest.busy(0));
    server.enqueue(new MockResponse.Builder().body("ok").build());
    Events events = new Events();
    Engine engine = engine(OperationRaceTest.BASE, Quiet.class, 8, events);
    try {
      List<String> lines = logged(Quiet.class, () -> assertEquals("ok", engine.execute(get("/thing"))));
      assertEquals(List.of(), lines);
      assertEquals(List.of("attemptStarted 1", "attemptEnded 1 503", "retryScheduled 1", "attemptStarted 2",
          "attemptEnded 2 200", "operationEnded 2 succeeded"), events.seen(), "the listener hears of it all the same");
    } finally {
      engine.close();
    }
  }

  /**
   * Lines met before a client's logger is made are kept and written once it is, by a thread
   * the first of them starts; past {@value Engine#MAX_EARLY_LINES} kept, a line is written at once.
   * However the two race, every line comes out once, in the order it was logged.
   */
  @Test
  void linesKeptUntilTheLoggerIsMadeComeOutOnceEachInOrder() throws Exception {
    Engine engine = engine(OperationRaceTest.BASE, Debugged.class, 8, new Events());
    int count = 3 * Engine.MAX_EARLY_LINES;
    try {
      List<String> lines = logged(Debugged.class, () -> {
        for (int i = 0; i < count; i++) {
          engine.logLater(i % 2 == 0, "kept line {}", i);
        }
        RaceKit.await(() -> engine.logIfMade() != null, () -> "the logger is not made");
      });
      assertEquals(count, lines.size(), String.join("\n", lines));
      for (int i = 0; i < count; i++) {
        assertTrue(lines.get(i).matches(".*" + (i % 2 == 0 ? "WARN" : "DEBUG") + " .* - kept line " + i), lines.get(i));
      }
    } finally {
      engine.close();
    }
  }
}
