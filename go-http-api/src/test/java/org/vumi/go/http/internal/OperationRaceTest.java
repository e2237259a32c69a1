package org.vumi.go.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vumi.go.http.internal.RaceKit.await;
import static org.vumi.go.http.internal.RaceKit.awaitManaged;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vumi.go.http.Api;
import org.vumi.go.http.AttemptInfo;
import org.vumi.go.http.MockServers;
import org.vumi.go.http.OperationInfo;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.TransportException;
import org.vumi.go.http.internal.RaceKit.Busy;
import org.vumi.go.http.internal.RaceKit.Caller;
import org.vumi.go.http.internal.RaceKit.Events;

/**
 * The races of one operation, each interleaving driven step by step: the caller's cancel or
 * completion, the deadline, the answer and the hand-over of a turn meet in the order the test
 * chooses, at hooks on the engine's own threads (the clock, the listener, the call factory, an
 * interceptor, a held answer) or while its pools are held busy. Whichever order, the future completes
 * once with the outcome the caller can rely on, the listener hears one end, the turn comes back and
 * nothing is sent that should not be.
 */
@Timeout(60) // a ceiling reached only on failure
class OperationRaceTest {
  static final OkHttpClient BASE = new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();
  static final Duration DEADLINE = Duration.ofSeconds(10);

  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final HookClock clock = new HookClock();
  final Resources resources = new Resources.Holder().acquire();
  final Events events = new Events();
  final CountDownLatch answer = new CountDownLatch(1);
  @Nullable Engine engine;

  /** Once every operation has ended, the marker tracks no call: none is kept after it returned. */
  @AfterEach
  void close() {
    answer.countDown();
    if (engine != null) {
      Engine ended = engine;
      RaceKit.await(() -> ended.inFlight() == 0, () -> ended.inFlight() + " turns still held");
      RaceKit.await(() -> ended.marker.tracked() == 0, () -> ended.marker.tracked() + " calls still tracked");
      engine.close();
    }
  }

  Engine engine(OkHttpClient client, @Nullable Function<OkHttpClient, Call.Factory> calls, RetryPolicy policy,
      int maxInFlight) {
    engine = Engine.create(new EngineConfig(client, calls, policy, maxInFlight, DEADLINE, events), Api.CONTACTS, null,
        OperationRaceTest.class, resources, clock);
    return engine;
  }

  Engine engine(int maxInFlight) {
    return engine(BASE, null, RetryPolicy.defaults(), maxInFlight);
  }

  ApiRequest<String> get() {
    return new ApiRequest<>("GET", server.url("/thing"), null, true, ApiRequest.DEFAULT_ANSWER_LIMIT, OperationRaceTest::text);
  }

  static String text(Answer answer) throws IOException {
    if (!answer.isSuccessful()) {
      throw answer.refusal();
    }
    return answer.text();
  }

  /** Every request waits for {@link #answer}, then gets {@code response}. */
  void answerWhenLetGo(MockResponse response) {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        answer.await(30, TimeUnit.SECONDS);
        return response;
      }
    });
  }

  static MockResponse busy(int retryAfterSeconds) {
    return new MockResponse.Builder().code(503).setHeader("Retry-After", retryAfterSeconds).body("busy").build();
  }

  static TransportException failure(CompletableFuture<?> future) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
    return assertInstanceOf(TransportException.class, e.getCause());
  }

  static TransportException deadline(CompletableFuture<?> future, String where) {
    TransportException e = failure(future);
    assertEquals(TransportException.Timeout.DEADLINE, e.timeout(), e.getMessage());
    assertTrue(e.getMessage().contains("the deadline of 10000 ms passed " + where), e.getMessage());
    return e;
  }

  /** Once OkHttp is done with every call (its callbacks returned) and the callback pool with what they handed it. */
  void everythingReturned(Engine engine) {
    await(() -> engine.inFlight() == 0, () -> engine.inFlight() + " turns still held");
    okhttp3.Dispatcher calls = engine.client().dispatcher();
    await(() -> calls.runningCallsCount() == 0, () -> calls.runningCallsCount() + " calls still running");
    assertEquals(0, engine.turns.waiting(), "no one waits for a turn");
    RaceKit.awaitQuiet(resources.callbacks());
    assertEquals(0, clock.scheduled(), "a deadline or wake-up left on the clock");
    assertEquals(1, events.operationsEnded.get(), events.seen().toString());
  }

  // ---------------------------------------------------------------- the deadline meets the start

  /** The deadline passes while the listener hears of the first attempt: the turn it then gets goes back unused. */
  @Test
  void anAsyncSendWhoseDeadlinePassesAsItStartsSendsNothing() throws Exception {
    Engine engine = engine(8);
    events.onAttemptStarted = info -> {
      clock.advance(DEADLINE); // the deadline fires now; its end runs in the callback pool
      RaceKit.await(events.ended, "the deadline's end");
    };
    CompletableFuture<String> future = engine.enqueue(get()); // then takes a free turn, and gives it back
    TransportException e = deadline(future, "waiting for a turn");
    assertEquals(0, e.attempts());
    assertFalse(e.mayHaveBeenSent());
    assertTrue(e.getMessage().endsWith("nothing was sent"), e.getMessage());
    everythingReturned(engine);
    assertEquals(0, server.getRequestCount());
    assertEquals(List.of("attemptStarted 1", "attemptEnded 1 TransportException", "operationEnded 0 failed"), events.seen());
  }

  @Test
  void aBlockingSendWhoseDeadlinePassesAsItStartsSendsNothing() {
    Engine engine = engine(8);
    events.onAttemptStarted = info -> clock.advance(DEADLINE);
    TransportException e = assertThrows(TransportException.class, () -> engine.execute(get()));
    assertEquals(TransportException.Timeout.DEADLINE, e.timeout());
    assertTrue(e.getMessage().contains("passed waiting for a turn; nothing was sent"), e.getMessage());
    assertEquals(0, e.attempts());
    assertFalse(e.mayHaveBeenSent());
    everythingReturned(engine);
    assertEquals(0, server.getRequestCount());
  }

  /**
   * The deadline passes after a blocking caller found no turn free and before it waits on its
   * ticket: the deadline had no ticket to abandon, so the caller abandons it itself, and never takes
   * the turn released later.
   */
  @Test
  void aBlockingSendWhoseDeadlinePassesAsItQueuesForATurnNeverTakesOne() throws Exception {
    Engine engine = engine(1);
    assertTrue(engine.turns.tryAcquire(0), "the one turn, held as a slow request would");
    Caller<String> caller;
    synchronized (engine.turns) { // the caller stops on its way into the queue
      caller = new Caller<>("blocking caller", () -> engine.execute(get()));
      RaceKit.awaitBlockedIn(caller.thread, Turns.class, "ticket");
      clock.advance(DEADLINE);
    }
    TransportException e = deadline(caller.result, "waiting for a turn");
    assertEquals(0, e.attempts());
    assertFalse(e.mayHaveBeenSent());
    assertEquals(1, engine.turns.waiting(), "its abandoned ticket, passed over at the next release");
    engine.turns.release();
    everythingReturned(engine);
    assertEquals(0, server.getRequestCount());
  }

  /**
   * The deadline passes as a released turn is handed to a queued send, before the deadline's end
   * has run in the (busy) callback pool: the send declines the turn.
   */
  @Test
  void aQueuedSendDeclinesATurnHandedOverAfterItsDeadline() throws Exception {
    Engine engine = engine(1);
    assertTrue(engine.turns.tryAcquire(0));
    CompletableFuture<String> future = engine.enqueue(get());
    try (Busy busy = Busy.callbacks(resources)) {
      clock.advance(DEADLINE);
      engine.turns.release(); // the deadline's end waits in the pool: the send must decline by itself
      assertEquals(0, engine.inFlight(), "the turn was not taken");
    }
    TransportException e = deadline(future, "waiting for a turn");
    assertEquals(0, e.attempts());
    assertFalse(e.mayHaveBeenSent());
    everythingReturned(engine);
    assertEquals(0, server.getRequestCount());
  }

  /** The deadline passes while the call is being made: the call is cancelled before it is sent. */
  @Test
  void aBlockingSendWhoseDeadlinePassesAsItsCallIsMadeSendsNothing() {
    Engine engine = engine(BASE, client -> request -> {
      clock.advance(DEADLINE); // fires while the operation has no call to cancel yet
      return client.newCall(request);
    }, RetryPolicy.defaults(), 8);
    TransportException e = assertThrows(TransportException.class, () -> engine.execute(get()));
    assertEquals(TransportException.Timeout.DEADLINE, e.timeout(), e.getMessage());
    assertTrue(e.getMessage().contains("Canceled (the deadline of 10000 ms passed); nothing was sent"), e.getMessage());
    assertEquals(1, e.attempts());
    assertFalse(e.mayHaveBeenSent());
    everythingReturned(engine);
    assertEquals(0, server.getRequestCount());
  }

  // ---------------------------------------------------------------- the deadline meets the call

  /**
   * The deadline passes while the caller's interceptor holds the call, before it reached the
   * network: the failure says nothing was sent, and the call, cancelled, never is.
   */
  @Test
  void theDeadlineWhileAnInterceptorHoldsTheCallSaysNothingWasSent() throws Exception {
    CountDownLatch intercepted = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    OkHttpClient holding = BASE.newBuilder().addInterceptor(chain -> {
      intercepted.countDown();
      RaceKit.await(proceed, "the test lets the call go on");
      return chain.proceed(chain.request());
    }).eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        cancelled.countDown();
      }
    }).build();
    Engine engine = engine(holding, null, RetryPolicy.defaults(), 8);
    CompletableFuture<String> future = engine.enqueue(get());
    RaceKit.await(intercepted, "the interceptor holds the call");
    clock.advance(DEADLINE);
    TransportException e = deadline(future, "in attempt 1");
    assertFalse(e.mayHaveBeenSent());
    assertTrue(e.getMessage().endsWith("nothing was sent"), e.getMessage());
    assertEquals(1, e.attempts());
    AttemptInfo attempt = events.attemptsEnded.get(0);
    assertEquals(e, attempt.failure().orElseThrow(), "the attempt ended with the deadline");
    RaceKit.await(cancelled, "the deadline cancels the call");
    proceed.countDown();
    everythingReturned(engine);
    assertEquals(0, server.getRequestCount(), "a cancelled call is never sent");
  }

  /**
   * The deadline ends an operation whose call is on the wire while the call's own cancel still
   * waits (the cancel pool is busy): the listener hears of the deadline, and when the server then
   * drops the connection, a failure that would be retried is not: the operation has ended.
   */
  @Test
  void aFailureAfterTheDeadlineIsNotRetried() throws Exception {
    answerWhenLetGo(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    Engine engine = engine(8);
    CompletableFuture<String> future = engine.enqueue(get());
    server.takeRequest(30, TimeUnit.SECONDS);
    try (Busy cancels = Busy.cancels(resources)) {
      clock.advance(DEADLINE);
      TransportException e = deadline(future, "in attempt 1");
      assertTrue(e.mayHaveBeenSent(), "the request was on the wire");
      assertTrue(e.getMessage().contains("it was not sent again"), e.getMessage());
      assertEquals(1, e.attempts());
      assertEquals(List.of("attemptStarted 1", "attemptEnded 1 TransportException", "operationEnded 1 failed"), events.seen());
      answer.countDown(); // the server drops the connection: a retryable failure, after the end
      await(() -> engine.inFlight() == 0, () -> "the failed call kept its turn");
    }
    everythingReturned(engine);
    assertEquals(1, server.getRequestCount(), "not sent again after the deadline");
  }

  // ---------------------------------------------------------------- the caller meets the engine

  /**
   * The caller cancels while a queued send's call is being made (the turn was just handed over):
   * the call is cancelled as soon as it exists, before it is sent.
   */
  @Test
  void aCancelWhileTheCallIsBeingMadeSendsNothing() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    CountDownLatch inFactory = new CountDownLatch(1);
    CountDownLatch makeCall = new CountDownLatch(1);
    OkHttpClient waitsForCancel = BASE.newBuilder().addInterceptor(chain -> {
      try {
        cancelled.await(30, TimeUnit.SECONDS); // nothing goes to the network before the cancel; without one, it goes
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return chain.proceed(chain.request());
    }).eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        cancelled.countDown();
      }
    }).build();
    Engine engine = engine(waitsForCancel, client -> request -> {
      inFactory.countDown();
      RaceKit.await(makeCall, "the test lets the call be made");
      return client.newCall(request);
    }, RetryPolicy.defaults(), 1);
    assertTrue(engine.turns.tryAcquire(0));
    CompletableFuture<String> future = engine.enqueue(get());
    Thread releaser = new Thread(engine.turns::release, "releaser"); // runs the queued send
    releaser.start();
    RaceKit.await(inFactory, "the call is being made");
    assertTrue(future.cancel(true));
    RaceKit.await(events.ended, "the cancel's end");
    makeCall.countDown();
    releaser.join(TimeUnit.SECONDS.toMillis(30));
    everythingReturned(engine);
    assertTrue(future.isCancelled());
    assertEquals(0, server.getRequestCount());
    OperationInfo operation = events.operation();
    assertInstanceOf(CancellationException.class, operation.failure().orElseThrow());
    assertFalse(operation.mayHaveBeenSent(), "the call had not reached the network");
    AttemptInfo attempt = events.attemptsEnded.get(0);
    assertInstanceOf(CancellationException.class, attempt.failure().orElseThrow());
  }

  /**
   * The caller cancels as the engine decides to retry (a 503 asked for it): the retry is never
   * scheduled, and nothing is sent again.
   */
  @Test
  void aCancelAsTheEngineDecidesToRetryPreventsTheRetry() throws Exception {
    server.enqueue(busy(1));
    AtomicReference<CompletableFuture<String>> sent = new AtomicReference<>();
    CountDownLatch queued = new CountDownLatch(1);
    Engine engine = engine(8);
    ApiRequest<String> request = new ApiRequest<>("GET", server.url("/thing"), null, true,
        ApiRequest.DEFAULT_ANSWER_LIMIT, answer -> {
          RaceKit.await(queued, "the future is known");
          // The next time this thread (OkHttp's) reads the clock is for the retry's wait: cancel then.
          clock.onNextRead(() -> {
            sent.get().cancel(true);
            RaceKit.await(events.ended, "the cancel's end");
          });
          return text(answer);
        });
    sent.set(engine.enqueue(request));
    queued.countDown();
    RaceKit.await(events.ended, "the cancel's end");
    everythingReturned(engine);
    assertTrue(sent.get().isCancelled());
    assertEquals(List.of("attemptStarted 1", "attemptEnded 1 503", "operationEnded 1 failed"), events.seen());
    assertTrue(events.operation().mayHaveBeenSent(), "a 503 may come after the request was processed");
    clock.advance(Duration.ofSeconds(5));
    assertEquals(1, server.getRequestCount(), "never sent again");
  }

  /**
   * The caller cancels while the retry is being scheduled (the listener hears of it): the wake-up
   * scheduled just after is taken off the clock again.
   */
  @Test
  void aCancelAsTheRetryIsScheduledLeavesNoWakeUp() throws Exception {
    server.enqueue(busy(1));
    CountDownLatch retrying = new CountDownLatch(1);
    events.onRetryScheduled = info -> {
      retrying.countDown();
      awaitManaged(events.ended, "the cancel's end");
    };
    Engine engine = engine(8);
    CompletableFuture<String> future = engine.enqueue(get());
    RaceKit.await(retrying, "the retry is scheduled");
    assertTrue(future.cancel(true));
    RaceKit.await(events.ended, "the cancel's end");
    everythingReturned(engine);
    clock.advance(Duration.ofSeconds(5));
    assertEquals(1, server.getRequestCount(), "never sent again");
    assertEquals(List.of("attemptStarted 1", "attemptEnded 1 503", "retryScheduled 1", "operationEnded 1 failed"),
        events.seen());
  }

  /** The caller cancels during the backoff: the wake-up is cancelled, the attempt is reported once. */
  @Test
  void aCancelDuringTheBackoffCancelsTheWakeUp() throws Exception {
    server.enqueue(busy(1));
    Engine engine = engine(8);
    CompletableFuture<String> future = engine.enqueue(get());
    clock.awaitScheduled(2); // the deadline and the wake-up
    assertTrue(future.cancel(true));
    RaceKit.await(events.ended, "the cancel's end");
    everythingReturned(engine);
    clock.advance(Duration.ofSeconds(5));
    assertEquals(1, server.getRequestCount(), "never sent again");
    assertEquals(List.of("attemptStarted 1", "attemptEnded 1 503", "retryScheduled 1", "operationEnded 1 failed"),
        events.seen());
    assertTrue(events.operation().mayHaveBeenSent());
  }

  /**
   * The wake-up fires as the caller's cancel ends the operation (the timing thread took it off the
   * clock a moment before the end could): the next attempt it asks for does not begin.
   */
  @Test
  void aWakeUpFiringAsTheOperationEndsBeginsNoAttempt() throws Exception {
    server.enqueue(busy(1));
    Engine engine = engine(8);
    CompletableFuture<String> future = engine.enqueue(get());
    clock.awaitScheduled(2);
    Timed wake = clock.tasks().stream().filter(task -> !(task instanceof Operation)).findFirst().orElseThrow();
    AtomicBoolean fired = new AtomicBoolean();
    clock.beforeCancel = task -> {
      if (task instanceof Operation<?> && fired.compareAndSet(false, true)) {
        clock.fire(wake); // the end has begun: the operation's deadline is being taken off the clock
      }
    };
    assertTrue(future.cancel(true));
    RaceKit.await(events.ended, "the cancel's end");
    everythingReturned(engine);
    assertTrue(fired.get());
    assertEquals(List.of("attemptStarted 1", "attemptEnded 1 503", "retryScheduled 1", "operationEnded 1 failed"),
        events.seen());
    assertEquals(1, server.getRequestCount(), "never sent again");
  }

  /**
   * The deadline passes during the backoff, before the wake-up (scheduled late: the callback pool
   * was slow): the failure says where it was, and nothing is sent again.
   */
  @Test
  void theDeadlineDuringTheBackoffSaysSo() throws Exception {
    server.enqueue(busy(5));
    events.onRetryScheduled = info -> clock.advance(Duration.ofSeconds(6)); // the wake-up then comes after the deadline
    Engine engine = engine(8);
    CompletableFuture<String> future = engine.enqueue(get());
    clock.awaitScheduled(2);
    clock.advance(Duration.ofSeconds(4));
    TransportException e = deadline(future, "waiting to retry after attempt 1");
    assertTrue(e.mayHaveBeenSent(), "a 503 does not prove the request was not processed");
    assertTrue(e.getMessage().contains("it was not sent again"), e.getMessage());
    assertEquals(1, e.attempts());
    everythingReturned(engine);
    clock.advance(Duration.ofSeconds(10));
    assertEquals(1, server.getRequestCount());
  }

  /**
   * The caller cancels a queued send, and the turn is handed to it before the cancel's end has run
   * (the callback pool is busy): the send declines the turn and ends too. Two ends race: the
   * operation ends once.
   */
  @Test
  void twoEndsAtOnceEndTheOperationOnce() throws Exception {
    Engine engine = engine(1);
    assertTrue(engine.turns.tryAcquire(0));
    CompletableFuture<String> future = engine.enqueue(get());
    try (Busy busy = Busy.callbacks(resources)) {
      assertTrue(future.cancel(true)); // its end waits in the pool
      engine.turns.release(); // the send sees its future done: declines, and asks for its end too
      assertEquals(0, engine.inFlight());
    }
    RaceKit.await(events.ended, "the end");
    everythingReturned(engine);
    assertEquals(List.of("attemptStarted 1", "attemptEnded 1 CancellationException", "operationEnded 0 failed"),
        events.seen());
    assertTrue(future.isCancelled());
    assertEquals(0, server.getRequestCount());
  }

  /** A future completed behind the operation's back (obtrudeValue) while queued takes no turn. */
  @Test
  void aFutureObtrudedWhileQueuedTakesNoTurn() throws Exception {
    Engine engine = engine(1);
    assertTrue(engine.turns.tryAcquire(0));
    CompletableFuture<String> future = engine.enqueue(get());
    future.obtrudeValue("mine");
    engine.turns.release();
    RaceKit.await(events.ended, "the end");
    everythingReturned(engine);
    assertEquals("mine", future.get());
    assertTrue(events.operation().succeeded(), "the caller's value is the outcome");
    assertEquals(0, server.getRequestCount());
  }

  /** The caller completes the future while the call is on the wire: their value stands, the answer is dropped. */
  @Test
  void aCallerWhoCompletesTheFutureKeepsTheirValue() throws Exception {
    answerWhenLetGo(new MockResponse.Builder().body("late").build());
    Engine engine = engine(8);
    CompletableFuture<String> future = engine.enqueue(get());
    server.takeRequest(30, TimeUnit.SECONDS);
    assertTrue(future.complete("mine"));
    RaceKit.await(events.ended, "the end");
    OperationInfo operation = events.operation();
    assertTrue(operation.succeeded());
    assertTrue(operation.mayHaveBeenSent());
    answer.countDown();
    everythingReturned(engine);
    assertEquals("mine", future.get());
    assertFalse(future.complete("again"), "completes once");
    assertFalse(future.completeExceptionally(new IOException("again")));
    assertFalse(future.cancel(true));
    assertEquals(1, events.operationsEnded.get());
  }

  /** The caller fails the future with an Error: the listener hears of it as the JDK hands it out. */
  @Test
  void aCallerWhoFailsTheFutureWithAnErrorEndsTheOperation() throws Exception {
    Engine engine = engine(1);
    assertTrue(engine.turns.tryAcquire(0));
    CompletableFuture<String> future = engine.enqueue(get());
    AssertionError callers = new AssertionError("the caller's");
    assertTrue(future.completeExceptionally(callers));
    RaceKit.await(events.ended, "the end");
    Throwable failure = events.operation().failure().orElseThrow();
    assertInstanceOf(CompletionException.class, failure);
    assertEquals(callers, failure.getCause());
    engine.turns.release();
    everythingReturned(engine);
    assertEquals(0, server.getRequestCount());
  }

  /**
   * The caller cancels while the operation ends (the listener hears of the end first): the future
   * is cancelled, and the operation is not ended again for it.
   */
  @Test
  void aCancelAsTheOperationEndsIsNotASecondEnd() throws Exception {
    answerWhenLetGo(new MockResponse.Builder().body("ok").build());
    AtomicReference<CompletableFuture<String>> sent = new AtomicReference<>();
    AtomicBoolean cancelled = new AtomicBoolean();
    events.onOperationEnded = info -> cancelled.set(sent.get().cancel(true));
    Engine engine = engine(8);
    sent.set(engine.enqueue(get()));
    answer.countDown();
    RaceKit.await(events.ended, "the end");
    everythingReturned(engine);
    assertTrue(cancelled.get(), "the cancel came before the future completed");
    assertTrue(sent.get().isCancelled());
    assertTrue(events.operation().succeeded(), "the listener heard the outcome the operation reached");
  }

  /** The deadline fires just as the operation ends (too late for the end to take it off the clock): nothing changes. */
  @Test
  void theDeadlineAsTheOperationEndsChangesNothing() throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    AtomicBoolean fired = new AtomicBoolean();
    clock.beforeCancel = task -> {
      if (task instanceof Operation<?> && fired.compareAndSet(false, true)) {
        clock.fire(task); // the timing thread took it off the clock a moment before
      }
    };
    Engine engine = engine(8);
    CompletableFuture<String> future = engine.enqueue(get());
    assertEquals("ok", future.get(30, TimeUnit.SECONDS));
    assertTrue(fired.get());
    everythingReturned(engine);
    assertTrue(events.operation().succeeded());
  }

  // ---------------------------------------------------------------- blocking: the backoff meets the deadline

  /** A backoff that oversleeps the deadline (a loaded machine) sends nothing more. */
  @Test
  void aBackoffThatOversleepsTheDeadlineSendsNothingMore() {
    server.enqueue(busy(1));
    clock.onSleep = nanos -> clock.advance(DEADLINE);
    Engine engine = engine(8);
    TransportException e = assertThrows(TransportException.class, () -> engine.execute(get()));
    assertEquals(TransportException.Timeout.DEADLINE, e.timeout());
    assertTrue(e.getMessage().contains("passed waiting for a turn; it was not sent again"), e.getMessage());
    assertEquals(1, e.attempts());
    assertTrue(e.mayHaveBeenSent());
    everythingReturned(engine);
    assertEquals(1, server.getRequestCount());
  }

  /** An interrupt during the backoff after a 503 says the server may have the request. */
  @Test
  void anInterruptDuringTheBackoffAfterA503SaysTheServerMayHaveIt() throws Exception {
    server.enqueue(busy(5));
    Engine engine = engine(8);
    AtomicBoolean keptInterrupt = new AtomicBoolean();
    Caller<String> caller = new Caller<>("blocking caller", () -> {
      try {
        return engine.execute(get());
      } finally {
        keptInterrupt.set(Thread.currentThread().isInterrupted());
      }
    });
    clock.awaitSleeper();
    caller.thread.interrupt();
    TransportException e = failure(caller.result);
    assertInstanceOf(InterruptedIOException.class, e.getCause());
    assertTrue(e.getMessage().startsWith("interrupted while waiting to retry GET "), e.getMessage());
    assertTrue(e.getMessage().endsWith("after 1 attempts; it was not sent again, and the server may or may not have"
        + " received it"), e.getMessage());
    assertTrue(e.mayHaveBeenSent());
    assertTrue(keptInterrupt.get(), "the interrupt is kept");
    everythingReturned(engine);
    assertEquals(1, server.getRequestCount());
  }
}
