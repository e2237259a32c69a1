package org.vumi.go.http.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.UnknownServiceException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Headers;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.TransportException;
import org.vumi.go.http.TransportException.Timeout;

/**
 * One request and its attempts, run blocking ({@link #execute}) or asynchronously
 * ({@link #enqueue}); both read the same {@link Decision} after each attempt. The retry rule is
 * {@link #decide(Response)} and {@link #decide(IOException)}; the wait is the policy's
 * {@link org.vumi.go.http.RetryPolicy}; the loop is in {@link #execute} and {@link #act}.
 */
final class Operation<T> implements Callback, Deadlines.Watched {
  /** What one attempt leads to. */
  sealed interface Decision<T> {
    /** The operation ends with a result. */
    record Done<T>(T value) implements Decision<T> {}

    /** The operation ends with an exception. */
    record Fail<T>(IOException error) implements Decision<T> {}

    /** Another attempt after a wait; {@code ifStopped} is the end if no attempt may follow. */
    record Retry<T>(long delayMillis, Decision<T> ifStopped) implements Decision<T> {}
  }

  private static final String NOTHING_SENT = "; nothing was sent";
  private static final String NOT_SENT_AGAIN = "; it was not sent again, and the server may or may not have received it";

  private final Engine engine;
  private final ApiRequest<T> request;
  private final long deadlineAt;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private volatile Attempt attempt = new Attempt(0);
  private volatile @Nullable Call call;
  /** Whether any attempt so far may have been processed by the server. */
  private volatile boolean maybeProcessed;
  /** Set by the deadline watcher: the current call, if any, is being cancelled for it. */
  private volatile boolean pastDeadline;
  /** Whether the caller holds {@link #result} (enqueue) rather than waiting in execute. */
  private volatile boolean async;
  /** Calls made so far: the attempts a failure reports. */
  private volatile int callsMade;

  Operation(Engine engine, ApiRequest<T> request) {
    this.engine = engine;
    this.request = request;
    this.deadlineAt = System.nanoTime() + engine.deadlineNanos;
  }

  // ---------------------------------------------------------------- blocking

  T execute() throws IOException {
    Deadlines.watch(this);
    try {
      return attempts();
    } finally {
      Deadlines.unwatch(this);
    }
  }

  private T attempts() throws IOException {
    while (true) {
      attempt = new Attempt(attempt.number + 1);
      takeTurn();
      Decision<T> decision;
      try {
        Call started = newCall();
        try (Response response = started.execute()) {
          decision = decide(response);
        }
      } catch (IOException e) {
        decision = decide(e);
      } catch (RuntimeException e) {
        decision = decide(fromHttpLayer(e));
      } finally {
        engine.turns.release();
      }
      decision = withinDeadline(decision);
      if (decision instanceof Decision.Done<T> done) {
        return done.value();
      } else if (decision instanceof Decision.Fail<T> fail) {
        throw fail.error();
      }
      pause(((Decision.Retry<T>) decision).delayMillis());
    }
  }

  private void takeTurn() throws TransportException {
    try {
      if (!engine.turns.tryAcquire(remainingNanos())) {
        throw deadlinePassed(null, "waiting for a turn");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted("waiting for a turn to " + request.describe(), e);
    }
  }

  private void pause(long millis) throws TransportException {
    try {
      Thread.sleep(millis);
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

  // ---------------------------------------------------------------- asynchronous

  CompletableFuture<T> enqueue() {
    async = true;
    result.whenComplete((value, error) -> {
      Deadlines.unwatch(this);
      Call current = call;
      if (result.isCancelled() && current != null) {
        current.cancel();
      }
    });
    // Bounds the whole operation, also while it waits for a turn or in a dispatcher's queue,
    // where no timeout of OkHttp's runs.
    Deadlines.watch(this);
    if (result.isDone()) { // completed while it was being watched: forget it after all
      Deadlines.unwatch(this);
    }
    nextAttempt();
    return result;
  }

  @Override
  public long deadlineAt() {
    return deadlineAt;
  }

  @Override
  public void deadlinePassed() {
    pastDeadline = true;
    Call running = call;
    if (running != null) {
      running.cancel(); // a blocking call throws, an asynchronous one calls back; either releases its turn
    }
    if (async && !result.isDone()) { // end it now, off the watcher's thread
      Threads.callbacks().execute(this::onDeadline);
    }
  }

  private void nextAttempt() {
    if (result.isDone()) {
      return;
    }
    attempt = new Attempt(attempt.number + 1);
    engine.turns.acquire(new Turns.Waiter() {
      @Override
      public boolean claim() {
        return !result.isDone(); // a caller who gave up (cancel, orTimeout, deadline) gets no turn
      }

      @Override
      public void run() {
        start();
      }
    });
  }

  /** Runs holding a turn, which the callback releases; or releases it here if the call never starts. */
  private void start() {
    Call started;
    try {
      if (result.isDone()) {
        engine.turns.release();
        return;
      }
      started = newCall();
    } catch (RuntimeException | Error e) {
      engine.turns.release();
      act(new Decision.Fail<>(new TransportException(request.describe() + " could not start: " + Text.escape(e.toString())
          + NOTHING_SENT, e, attempt.number, maybeProcessed, null)));
      return;
    }
    started.enqueue(this); // OkHttp calls back exactly once, even when its executor refuses the call
    if (result.isCancelled()) {
      started.cancel();
    }
  }

  @Override
  public void onResponse(Call call, Response response) {
    Decision<T> decision;
    try (response) {
      decision = decide(response);
    } catch (IOException e) {
      decision = decide(e);
    } catch (RuntimeException | Error e) {
      decision = new Decision.Fail<>(new TransportException(request.describe() + " failed reading the answer: "
          + Text.escape(e.toString()) + NOT_SENT_AGAIN, e, attempt.number, true, null));
    } finally {
      engine.turns.release(); // before the caller's callbacks run: they may send through the same client
    }
    act(withinDeadline(decision));
  }

  @Override
  public void onFailure(Call call, IOException e) {
    engine.turns.release();
    act(withinDeadline(decide(e)));
  }

  /** Completes the caller's future or schedules the next attempt; never while holding a turn. */
  private void act(Decision<T> decision) {
    if (decision instanceof Decision.Retry<T> retry) {
      if (!result.isDone()) {
        Threads.timer().schedule(() -> Threads.callbacks().execute(this::nextAttempt), retry.delayMillis(),
            TimeUnit.MILLISECONDS);
      }
      return;
    }
    if (Turns.handingOutInThisThread()) {
      // This thread is handing out turns to other callers: the caller's callbacks must not run
      // inside that loop, where a blocking send would wait for a turn only the loop can hand out.
      Threads.callbacks().execute(() -> complete(decision));
    } else {
      complete(decision);
    }
  }

  private void complete(Decision<T> decision) {
    if (decision instanceof Decision.Done<T> done) {
      result.complete(done.value());
    } else {
      result.completeExceptionally(((Decision.Fail<T>) decision).error());
    }
  }

  private void onDeadline() {
    if (!result.isDone()) {
      Attempt current = attempt;
      result.completeExceptionally(deadlinePassed(null,
          callsMade > 0 ? "in attempt " + current.number : "waiting for a turn"));
    }
  }

  // ---------------------------------------------------------------- shared: one attempt

  private Call newCall() {
    Request.Builder builder = new Request.Builder()
        .url(request.url())
        .header("User-Agent", engine.userAgent)
        .tag(Attempt.class, attempt);
    if (engine.authorization != null) {
      builder.header("Authorization", engine.authorization);
    }
    RequestBody body = request.body() == null ? null : new OneShotBody(request.body(), attempt);
    if (body == null && (request.method().equals("PUT") || request.method().equals("POST"))) {
      body = RequestBody.create(new byte[0], null);
    }
    Call started = engine.calls.newCall(builder.method(request.method(), body).build());
    call = started;
    callsMade++;
    if (pastDeadline) {
      started.cancel(); // the watcher looked just before this call existed
    }
    return started;
  }

  private long remainingNanos() {
    return deadlineAt - System.nanoTime();
  }

  /** What an answer means: the result, a refusal, or another attempt. */
  Decision<T> decide(Response response) throws IOException {
    if (response.isSuccessful() && tooLarge(response.body())) {
      return new Decision.Fail<>(new org.vumi.go.http.UnexpectedResponseException("HTTP " + response.code()
          + " from " + request.describe() + ": the answer is larger than " + request.answerLimit()
          + " bytes and was not read; the server did accept the request", response.code()));
    }
    Answer answer = read(response);
    if (answer.isSuccessful()) {
      return finish(answer);
    }
    maybeProcessed |= !certainlyNotProcessed(answer);
    Optional<Wait> wait = shouldRetry(answer);
    if (wait.isEmpty() || attempt.number >= engine.retryPolicy.maxAttempts()) {
      return finish(answer);
    }
    return new Decision.Retry<>(backoff(wait.get().serverAskedMillis()), finish(answer));
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
    boolean started = current.requestStarted;
    maybeProcessed |= started;
    if (!heals(e) || current.number >= engine.retryPolicy.maxAttempts() || (started && !request.idempotent())
        || result.isDone()) {
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
    return Backoff.millis(engine.retryPolicy, attempt.number, serverAskedMillis, ThreadLocalRandom.current().nextDouble());
  }

  /** A retry that cannot start before the deadline does not happen: the operation ends as it stands. */
  private Decision<T> withinDeadline(Decision<T> decision) {
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

  private TransportException deadlinePassed(@Nullable IOException cause, String where) {
    int attempts = callsMade;
    String message = request.describe() + ": the deadline of " + TimeUnit.NANOSECONDS.toMillis(engine.deadlineNanos)
        + " ms passed " + where + (maybeProcessed || attempt.requestStarted ? NOT_SENT_AGAIN : NOTHING_SENT);
    return new TransportException(message, cause, attempts, maybeProcessed || attempt.requestStarted, Timeout.DEADLINE);
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
    return body.contentLength() > limit || body.source().request(limit + 1);
  }

  /** Reads an answer's body: a 2xx whole (its size checked before), any other status cut at {@link Engine#MAX_ERROR_BYTES}. */
  private Answer read(Response response) throws IOException {
    ResponseBody body = response.body();
    BufferedSource source = body.source();
    byte[] bytes;
    if (response.isSuccessful()) {
      bytes = source.readByteArray();
    } else {
      source.request(Engine.MAX_ERROR_BYTES);
      bytes = source.readByteArray(Math.min(source.getBuffer().size(), Engine.MAX_ERROR_BYTES));
    }
    Headers headers = response.headers();
    String retryAfter = attempt.retryAfter;
    if (retryAfter != null) { // moved aside by Attempt.MARKER: the answer is read as the server sent it
      headers = headers.newBuilder().set("Retry-After", retryAfter).build();
    }
    return new Answer(request, response.code(), headers, bytes, attempt.number);
  }
}
