package org.vumi.go.http.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.UnknownServiceException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.AttemptInfo;
import org.vumi.go.http.OperationInfo;
import org.vumi.go.http.TransportException;
import org.vumi.go.http.TransportException.Timeout;

/**
 * One request and its attempts, run blocking ({@link #execute}) or, by its subclass
 * {@link AsyncOperation}, asynchronously; both read the same {@link Decision} after each attempt.
 * The retry rule is {@link #decide(Response)} and {@link #decide(IOException)}; the wait is the
 * policy's {@link org.vumi.go.http.RetryPolicy}; the loop is in {@link #attempts} here and in
 * {@code AsyncOperation.after}.
 *
 * <p>The operation is its own deadline (a {@link Timed} on the engine's clock).
 *
 * <p>Where things run. The clock's thread only marks the deadline and hands the rest on: the
 * cancelling of a call (which runs OkHttp's {@code EventListener.canceled()}) to the cancel pool,
 * the ending of an asynchronous operation to the callback pool. OkHttp's threads only read the
 * answer and release the turn. Everything that runs a caller's code (the listener, the log, the
 * future's completion and so its callbacks) runs with no turn held: on the caller's thread for a
 * blocking call, on the callback pool for an asynchronous one.
 */
sealed class Operation<T> extends Timed permits AsyncOperation {
  /** What one attempt leads to. */
  sealed interface Decision<T> {
    /** The operation ends with a result. */
    record Done<T>(T value) implements Decision<T> {}

    /** The operation ends with an exception. */
    record Fail<T>(IOException error) implements Decision<T> {}

    /** Another attempt after a wait; {@code ifStopped} is the end if no attempt may follow. */
    record Retry<T>(long delayMillis, Decision<T> ifStopped) implements Decision<T> {}
  }

  private static final String ATTEMPT_LINE = "{} {}: {} in {} ms (attempt {})";
  private static final String RETRY_LINE = "{} {}: {} in attempt {} of {}; trying again in {} ms";
  private static final String NOTHING_SENT = "; nothing was sent";
  private static final String NOT_SENT_AGAIN = "; it was not sent again, and the server may or may not have received it";
  @SuppressWarnings("rawtypes")
  static final AtomicIntegerFieldUpdater<Operation> ENDED = AtomicIntegerFieldUpdater.newUpdater(Operation.class, "ended");
  @SuppressWarnings("rawtypes")
  static final AtomicIntegerFieldUpdater<Operation> OPEN = AtomicIntegerFieldUpdater.newUpdater(Operation.class, "openAttempt");

  final Engine engine;
  final ApiRequest<T> request;
  final long deadlineAt;
  /** 1 once the outcome is decided (by the last attempt, the deadline or the caller): see {@code AsyncOperation.end}. */
  volatile int ended;
  /** The number of the attempt begun, or 0 before the first. */
  volatile int attemptNumber;
  /** The attempt begun and not yet reported ended to the listener, or 0. */
  private volatile int openAttempt;
  /** The attempt on the wire (its progress), from the moment its call was made. */
  private volatile @Nullable Attempt attempt;
  volatile @Nullable Call call;
  /** While blocking for a turn: the ticket the deadline abandons. While backing off asynchronously: the wake-up. */
  volatile @Nullable Object waiting;
  /** Whether any attempt so far may have been processed by the server. */
  private volatile boolean maybeProcessed;
  /** Set by the deadline: the current call, if any, is being cancelled for it. */
  volatile boolean pastDeadline;
  /** Calls made so far: the attempts a failure reports. */
  private volatile int callsMade;

  Operation(Engine engine, ApiRequest<T> request) {
    this.engine = engine;
    this.request = request;
    this.deadlineAt = engine.clock.nanoTime() + engine.deadlineNanos;
  }

  // ---------------------------------------------------------------- blocking

  T execute() throws IOException {
    engine.clock.schedule(this, deadlineAt);
    try {
      return attempts();
    } finally {
      engine.clock.cancel(this);
      engine.end();
    }
  }

  private T attempts() throws IOException {
    while (true) {
      beginAttempt();
      Decision<T> decision;
      try {
        takeTurn();
      } catch (TransportException e) {
        throw failed(e);
      }
      try {
        decision = attempt();
      } finally {
        call = null;
        engine.turns.release();
      }
      decision = withinDeadline(decision);
      if (decision instanceof Decision.Retry<T> retry) {
        attemptEnded(retry.delayMillis());
        try {
          pause(retry.delayMillis());
        } catch (TransportException e) {
          throw failed(e);
        }
        continue;
      }
      ended = 1;
      attemptEnded(-1);
      if (decision instanceof Decision.Done<T> done) {
        operationEnded(null);
        return done.value();
      }
      throw failed(((Decision.Fail<T>) decision).error());
    }
  }

  /**
   * One blocking attempt, decided as the asynchronous path decides it: a call factory or an answer
   * reader that throws is a bug, not the network's failure, and ends the operation at once.
   */
  private Decision<T> attempt() {
    Call started;
    try {
      started = newCall();
    } catch (RuntimeException e) {
      return new Decision.Fail<>(couldNotStart(e));
    }
    Response response;
    try {
      response = executeManaged(started);
    } catch (IOException e) {
      return decide(e);
    } catch (RuntimeException e) {
      return decide(fromHttpLayer(e)); // an interceptor's, as OkHttp reports it to an asynchronous call
    } finally {
      engine.marker.untrack(started);
    }
    try (response) {
      return decide(response);
    } catch (IOException e) {
      return decide(e);
    } catch (RuntimeException e) {
      return new Decision.Fail<>(failedReading(e));
    }
  }

  TransportException couldNotStart(Throwable e) {
    return new TransportException(request.describe() + " could not start: " + Text.escape(e.toString()) + NOTHING_SENT,
        e, attemptNumber, maybeProcessed, null);
  }

  TransportException failedReading(Throwable e) {
    return new TransportException(request.describe() + " failed reading the answer: " + Text.escape(e.toString())
        + NOT_SENT_AGAIN, e, attemptNumber, true, null);
  }

  /** Reports a blocking operation's failure to the listener; returns it to be thrown. */
  private IOException failed(IOException error) {
    ended = 1;
    if (OPEN.getAndSet(this, 0) != 0) {
      reportAttemptEnd(error);
    }
    operationEnded(error);
    return error;
  }

  private void takeTurn() throws TransportException {
    if (pastDeadline) {
      throw deadlinePassed("waiting for a turn");
    }
    Turns.Ticket ticket = engine.turns.ticket();
    if (ticket == null) {
      return;
    }
    waiting = ticket;
    if (pastDeadline) {
      ticket.abandon(); // the deadline looked just before the ticket was there to abandon
    }
    try {
      ticket.await();
    } catch (InterruptedException e) {
      if (!ticket.abandon()) {
        engine.turns.release(); // granted meanwhile: pass it on
      }
      Thread.currentThread().interrupt();
      throw interrupted("waiting for a turn to " + request.describe(), e);
    } finally {
      waiting = null;
    }
    if (!ticket.granted()) {
      throw deadlinePassed("waiting for a turn");
    }
  }

  /** Executes a call; on a pool's thread as managed blocking, so the pool may start another thread meanwhile. */
  private static Response executeManaged(Call started) throws IOException {
    if (!(Thread.currentThread() instanceof ForkJoinWorkerThread)) {
      return started.execute();
    }
    CallBlocker blocker = new CallBlocker(started);
    try {
      ForkJoinPool.managedBlock(blocker);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // CallBlocker.block never throws it; kept for whoever asked
    }
    return blocker.response();
  }

  private void pause(long millis) throws TransportException {
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
      if (Thread.currentThread() instanceof ForkJoinWorkerThread) {
        ForkJoinPool.managedBlock(new Sleeper(engine.clock, nanos));
      } else {
        engine.clock.sleep(nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted("waiting to retry " + request.describe(), e);
    }
  }

  private TransportException interrupted(String what, InterruptedException e) {
    InterruptedIOException cause = new InterruptedIOException("interrupted");
    cause.initCause(e);
    int attempts = callsMade;
    return new TransportException("interrupted while " + what + (attempts > 0 ? " after " + attempts + " attempts" : "")
        + (maybeProcessed ? NOT_SENT_AGAIN : attempts > 0 ? "; the server had not processed the request, and it was not sent again" : NOTHING_SENT),
        cause, attempts, maybeProcessed, null);
  }

  /**
   * The deadline, on the clock's thread: marks it, and hands on the rest. Safe to run again (the
   * clock tries a task again that ran out of memory).
   */
  @Override
  void fire() {
    pastDeadline = true;
    Object blocked = waiting;
    if (blocked instanceof Turns.Ticket ticket) {
      ticket.abandon();
    }
    deadlinePassedHere();
    Call running = call;
    if (running != null) {
      // OkHttp runs the client's EventListener.canceled() on the cancelling thread: never this one.
      // A blocking call throws, an asynchronous one calls back; either releases its turn.
      engine.cancels.execute(running::cancel);
    }
  }

  /**
   * What the deadline does besides marking it and cancelling the call, on the clock's thread: for
   * a blocking operation, nothing (its caller's thread finds the mark).
   */
  void deadlinePassedHere() {
  }

  // ---------------------------------------------------------------- the listener and the log

  void beginAttempt() {
    int number = attemptNumber + 1;
    attemptNumber = number;
    attempt = null;
    openAttempt = number;
    if (engine.listening) {
      AttemptInfo info = new AttemptInfo(engine.api, request.name(), request.method(), path(), number,
          OptionalInt.empty(), Optional.empty(), Duration.ZERO);
      engine.notify(listener -> listener.attemptStarted(info));
    }
  }

  /** The attempt on the wire ended with an answer or a failure; a retry in {@code retryMillis} (or -1 for none). */
  void attemptEnded(long retryMillis) {
    if (OPEN.getAndSet(this, 0) == 0) {
      return;
    }
    AttemptInfo info = reportAttemptEnd(null);
    if (retryMillis >= 0) {
      if (engine.logs(true)) {
        engine.write(true, RETRY_LINE, request.method(), path(), outcome(attempt, null), attemptNumber,
            engine.retryPolicy.maxAttempts(), retryMillis);
      }
      if (info != null) {
        Duration wait = Duration.ofMillis(retryMillis);
        engine.notify(listener -> listener.retryScheduled(info, wait));
      }
    }
  }

  /**
   * Reports the end of the attempt begun last: with what it met on the wire (its status or failure),
   * or else with {@code otherwise} (the deadline, the caller's cancel, a call that never started).
   * Its caller has closed the attempt ({@link #openAttempt}). Returns what the listener got.
   */
  @Nullable AttemptInfo reportAttemptEnd(@Nullable Exception otherwise) {
    Attempt current = attempt;
    long nanos = current == null ? 0 : current.duration(engine.clock.nanoTime());
    if (engine.logs(false)) {
      engine.write(false, ATTEMPT_LINE, request.method(), path(), outcome(current, otherwise),
          TimeUnit.NANOSECONDS.toMillis(nanos), attemptNumber);
    }
    if (!engine.listening) {
      return null;
    }
    boolean answered = current != null && current.status >= 0;
    Exception failure = current != null && current.failure != null ? current.failure : answered ? null : otherwise;
    AttemptInfo info = new AttemptInfo(engine.api, request.name(), request.method(), path(), attemptNumber,
        answered ? OptionalInt.of(current.status) : OptionalInt.empty(), Optional.ofNullable(failure),
        Duration.ofNanos(nanos));
    engine.notify(listener -> listener.attemptEnded(info));
    return info;
  }

  void operationEnded(@Nullable Exception failure) {
    if (!engine.listening) {
      return;
    }
    Duration took = Duration.ofNanos(Math.max(0, engine.clock.nanoTime() - (deadlineAt - engine.deadlineNanos)));
    OperationInfo info = new OperationInfo(engine.api, request.name(), request.method(), path(), callsMade,
        failure == null, Optional.ofNullable(failure), mayHaveBeenSent(failure), took);
    engine.notify(listener -> listener.operationEnded(info));
  }

  private boolean mayHaveBeenSent(@Nullable Exception failure) {
    if (failure == null) {
      return true;
    }
    if (failure instanceof TransportException transport) {
      return transport.mayHaveBeenSent();
    }
    Attempt current = attempt;
    return maybeProcessed || current != null && (current.status >= 200 && current.status < 300
        || current.status < 0 && current.requestStarted);
  }

  private static String outcome(@Nullable Attempt attempt, @Nullable Exception otherwise) {
    if (attempt != null && attempt.status >= 0) {
      return "HTTP " + attempt.status;
    }
    Exception failure = attempt != null && attempt.failure != null ? attempt.failure : otherwise;
    return failure != null ? Text.escape(failure.toString()) : "no answer";
  }

  /** The request's path: keys, never a query or credentials. */
  private String path() {
    return request.url().encodedPath();
  }

  // ---------------------------------------------------------------- shared: one attempt

  Call newCall() {
    Attempt current = new Attempt(attemptNumber, engine.clock.nanoTime());
    attempt = current;
    Request.Builder builder = new Request.Builder()
        .url(request.url())
        .header("User-Agent", engine.userAgent);
    boolean byTag = engine.marker.byTag();
    if (byTag) {
      builder.tag(Attempt.Tag.KEY, current);
    }
    if (engine.authorization != null) {
      builder.header("Authorization", engine.authorization);
    }
    RequestBody body = request.body() == null ? null : new OneShotBody(request.body(), current);
    if (body == null && (request.method().equals("PUT") || request.method().equals("POST"))) {
      body = RequestBody.create(new byte[0], null);
    }
    Call started = engine.calls.newCall(builder.method(request.method(), body).build());
    if (!byTag && !(body instanceof OneShotBody)) {
      engine.marker.track(started, current); // until the call returns: see onResponse, onFailure, attempt()
    }
    call = started;
    callsMade++;
    if (pastDeadline) {
      started.cancel(); // the deadline looked just before this call existed
    }
    return started;
  }

  private long remainingNanos() {
    return deadlineAt - engine.clock.nanoTime();
  }

  /** What an answer means: the result, a refusal, or another attempt. */
  Decision<T> decide(Response response) throws IOException {
    Attempt current = current();
    current.status = response.code();
    current.end(engine.clock.nanoTime());
    if (response.isSuccessful() && tooLarge(response.body())) {
      return new Decision.Fail<>(new org.vumi.go.http.UnexpectedResponseException("HTTP " + response.code()
          + " from " + request.describe() + ": the answer is larger than " + request.answerLimit()
          + " bytes and was not read; the server did accept the request", response.code()));
    }
    Answer answer = read(response, current);
    current.end(engine.clock.nanoTime());
    if (answer.isSuccessful()) {
      return finish(answer);
    }
    maybeProcessed |= !certainlyNotProcessed(answer);
    Optional<Wait> wait = shouldRetry(answer);
    if (wait.isEmpty() || current.number >= engine.retryPolicy.maxAttempts()) {
      return finish(answer);
    }
    return new Decision.Retry<>(backoff(wait.get().serverAskedMillis()), finish(answer));
  }

  private Attempt current() {
    Attempt current = attempt;
    if (current == null) {
      throw new IllegalStateException("no attempt on the wire");
    }
    return current;
  }

  /** A refusal worth another attempt, and the wait its server asked for (none: the policy's backoff). */
  private record Wait(OptionalLong serverAskedMillis) {
    static final Wait POLICY = new Wait(OptionalLong.empty());

    /** The header's wait; an unreadable one leaves the wait to the policy. */
    static Wait asked(String retryAfter) {
      return new Wait(RetryAfter.parse(retryAfter));
    }
  }

  private Decision<T> finish(Answer answer) {
    try {
      return new Decision.Done<>(request.reader().read(answer));
    } catch (IOException e) {
      return new Decision.Fail<>(e);
    }
  }

  private static final String TOO_MANY = "Too many concurrent connections";

  /**
   * The should-retry rule for answers: only refusals that prove the request was not processed, or,
   * for an idempotent request, gateway errors that another attempt may heal.
   */
  private Optional<Wait> shouldRetry(Answer answer) {
    int code = answer.code();
    String retryAfter = answer.header("Retry-After");
    if (code == 403) {
      return new String(answer.body(), StandardCharsets.UTF_8).contains(TOO_MANY) ? Optional.of(Wait.POLICY)
          : Optional.empty();
    }
    if (code == 429 || (code == 503 && engine.retryPolicy.retryServiceUnavailable())) {
      // Without Retry-After, a 429 or 503 does not say the request was not processed.
      return retryAfter == null ? Optional.empty() : Optional.of(Wait.asked(retryAfter));
    }
    if (request.idempotent() && (code == 502 || code == 503 || code == 504)) {
      return Optional.of(retryAfter == null ? Wait.POLICY : Wait.asked(retryAfter));
    }
    return Optional.empty();
  }

  /**
   * Refusals that prove the server did not act: Vumi Go's concurrency limit refuses before it reads
   * the request, and 429 means "not processed, slow down". A 5xx proves nothing: a gateway may
   * answer 503 after passing the request on.
   */
  private static boolean certainlyNotProcessed(Answer answer) {
    return answer.code() < 500;
  }

  /** What a failure without an answer means: another attempt, or the caller's exception. */
  Decision<T> decide(IOException e) {
    Attempt current = attempt;
    if (current == null) { // the call was never made: nothing was sent
      return new Decision.Fail<>(describe(e, new Attempt(attemptNumber, engine.clock.nanoTime())));
    }
    if (current.status < 0) {
      current.failure = e;
    }
    current.end(engine.clock.nanoTime());
    boolean started = current.requestStarted;
    maybeProcessed |= started;
    if (!heals(e) || current.number >= engine.retryPolicy.maxAttempts() || (started && !request.idempotent())
        || ended != 0) {
      return new Decision.Fail<>(describe(e, current));
    }
    return new Decision.Retry<>(backoff(OptionalLong.empty()), new Decision.Fail<>(describe(e, current)));
  }

  /**
   * Failures that another attempt might not meet: not an interrupt or the caller's own timeout,
   * and not a TLS or protocol mismatch, which fails the same way every time.
   */
  private static boolean heals(IOException e) {
    if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
      return false; // interrupted, cancelled, or the call timeout or deadline passed
    }
    return !(e instanceof SSLException || e instanceof UnknownServiceException
        || e instanceof java.net.ProtocolException || "Canceled".equals(e.getMessage()));
  }

  private long backoff(OptionalLong serverAskedMillis) {
    return Backoff.millis(engine.retryPolicy, attemptNumber, serverAskedMillis, ThreadLocalRandom.current().nextDouble());
  }

  /** A retry that cannot start before the deadline does not happen: the operation ends as it stands. */
  Decision<T> withinDeadline(Decision<T> decision) {
    if (decision instanceof Decision.Retry<T> retry
        && TimeUnit.MILLISECONDS.toNanos(retry.delayMillis()) >= remainingNanos()) {
      return retry.ifStopped();
    }
    return decision;
  }

  private TransportException describe(IOException e, Attempt failed) {
    if (e instanceof TransportException already) {
      return already;
    }
    StringBuilder message = new StringBuilder(request.describe()).append(" failed");
    if (failed.number > 1) {
      message.append(" after ").append(failed.number).append(" attempts");
    }
    message.append(": ").append(Text.escape(e.toString()));
    Timeout timeout = whichTimeout(e, failed);
    String detail = timeoutDetail(timeout);
    if (detail != null) {
      message.append(" (").append(detail).append(')');
    }
    message.append(maybeProcessed ? NOT_SENT_AGAIN : NOTHING_SENT);
    return new TransportException(message.toString(), e, failed.number, maybeProcessed, timeout);
  }

  private @Nullable Timeout whichTimeout(IOException e, Attempt failed) {
    if (e instanceof SocketTimeoutException) {
      return !failed.requestStarted ? Timeout.CONNECT : !failed.bodyWritten && request.body() != null
          ? Timeout.WRITE : Timeout.READ;
    }
    if (pastDeadline) {
      return Timeout.DEADLINE;
    }
    if (e instanceof InterruptedIOException && "timeout".equals(e.getMessage())) {
      return Timeout.CALL;
    }
    return null;
  }

  private @Nullable String timeoutDetail(@Nullable Timeout timeout) {
    if (timeout == null) {
      return null;
    }
    return switch (timeout) {
      case CONNECT -> "the connect timeout of " + engine.client.connectTimeoutMillis() + " ms expired";
      case WRITE -> "the write timeout of " + engine.client.writeTimeoutMillis() + " ms expired";
      case READ -> "no answer within the read timeout of " + engine.client.readTimeoutMillis() + " ms";
      case CALL -> "the call timeout of " + engine.client.callTimeoutMillis() + " ms expired";
      case DEADLINE -> "the deadline of " + TimeUnit.NANOSECONDS.toMillis(engine.deadlineNanos) + " ms passed";
    };
  }

  TransportException deadlinePassed(String where) {
    int attempts = callsMade;
    Attempt current = attempt;
    boolean mayHaveBeenSent = maybeProcessed || current != null && current.requestStarted;
    String message = request.describe() + ": the deadline of " + TimeUnit.NANOSECONDS.toMillis(engine.deadlineNanos)
        + " ms passed " + where + (mayHaveBeenSent ? NOT_SENT_AGAIN : NOTHING_SENT);
    return new TransportException(message, null, attempts, mayHaveBeenSent, Timeout.DEADLINE);
  }

  /**
   * OkHttp and interceptors can throw unchecked exceptions out of a call after the server answered
   * (a caller's interceptor, say): they are failures of the exchange, not bad arguments.
   */
  private IOException fromHttpLayer(RuntimeException e) {
    return new IOException("the HTTP layer failed: " + e, e);
  }

  /** Whether a 2xx body is over the request's bound; looks at most one byte past it. */
  private boolean tooLarge(ResponseBody body) throws IOException {
    long limit = request.answerLimit();
    long length = body.contentLength();
    // A body of a known length is read straight into its array (see read); one of unknown length
    // (chunked, or unzipped by OkHttp) is buffered up to one byte past the limit to learn its size.
    return length >= 0 ? length > limit : body.source().request(limit + 1);
  }

  /** Reads an answer's body: a 2xx whole (its size checked before), any other status cut at {@link Engine#MAX_ERROR_BYTES}. */
  private Answer read(Response response, Attempt current) throws IOException {
    ResponseBody body = response.body();
    BufferedSource source = body.source();
    byte[] bytes;
    if (response.isSuccessful()) {
      long length = body.contentLength();
      bytes = length >= 0 ? readExactly(source, Math.toIntExact(length)) : source.readByteArray();
    } else {
      source.request(Engine.MAX_ERROR_BYTES);
      bytes = source.readByteArray(Math.min(source.getBuffer().size(), Engine.MAX_ERROR_BYTES));
    }
    Headers headers = response.headers();
    String retryAfter = current.retryAfter;
    if (retryAfter != null) { // moved aside by Attempt.Marker: the answer is read as the server sent it
      headers = headers.newBuilder().set("Retry-After", retryAfter).build();
    }
    return new Answer(request, response.code(), headers, bytes, current.number);
  }

  /**
   * Reads a body of a known length (within the answer's limit) into an array of that size, a
   * segment at a time: {@code readByteArray} would first buffer all of it in Okio's segments (for a
   * page of contacts, hundreds of them made anew) and then copy it.
   */
  private static byte[] readExactly(BufferedSource source, int length) throws IOException {
    byte[] bytes = new byte[length];
    for (int read = 0; read < length; ) {
      int n = source.read(bytes, read, length - read);
      if (n < 0) {
        // Only a body that is not OkHttp's own (an interceptor's) ends early without an error: it is
        // read as it came, as readByteArray reads it.
        return Arrays.copyOf(bytes, read);
      }
      read += n;
    }
    return bytes;
  }

  /** Runs a blocking call as managed blocking. */
  private static final class CallBlocker implements ForkJoinPool.ManagedBlocker {
    private final Call call;
    private @Nullable Response response;
    private @Nullable IOException failure;
    private @Nullable RuntimeException unchecked;
    private volatile boolean done;

    CallBlocker(Call call) {
      this.call = call;
    }

    @Override
    public boolean block() {
      try {
        response = call.execute();
      } catch (IOException e) {
        failure = e;
      } catch (RuntimeException e) {
        unchecked = e;
      } finally {
        done = true;
      }
      return true;
    }

    @Override
    public boolean isReleasable() {
      return done;
    }

    Response response() throws IOException {
      if (failure != null) {
        throw failure;
      }
      if (unchecked != null) {
        throw unchecked;
      }
      if (response == null) {
        throw new IOException("the call ended without an answer");
      }
      return response;
    }
  }

  /** Sleeps on the clock as managed blocking. */
  private static final class Sleeper implements ForkJoinPool.ManagedBlocker {
    private final Clock clock;
    private final long nanos;
    private boolean done;

    Sleeper(Clock clock, long nanos) {
      this.clock = clock;
      this.nanos = nanos;
    }

    @Override
    public boolean block() throws InterruptedException {
      clock.sleep(nanos);
      done = true;
      return true;
    }

    @Override
    public boolean isReleasable() {
      return done;
    }
  }
}
