package org.vumi.go.http.internal;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.TransportException;

/**
 * An operation run asynchronously ({@link #enqueue}): it waits for its turn in the queue (a
 * {@link Turns.Waiter}), runs each attempt on OkHttp's asynchronous calls (a {@link Callback}), and
 * completes the caller's {@link Future}. A queued send holds this object, its future and its
 * request, and nothing else. Its own class, apart from {@link Operation}: a blocking request, the
 * first of a JVM say, then loads none of the asynchronous machinery (the futures, the wake-ups).
 */
final class AsyncOperation<T> extends Operation<T> implements Callback, Turns.Waiter {
  /** The caller's future. */
  private final Future<T> result;

  AsyncOperation(Engine engine, ApiRequest<T> request) {
    super(engine, request);
    this.result = new Future<>(this);
  }

  /**
   * Starts the operation: its deadline, then its first attempt, which waits for a turn.
   *
   * @return the caller's future
   */
  CompletableFuture<T> enqueue() {
    engine.clock.schedule(this, deadlineAt);
    nextAttempt();
    return result;
  }

  /** Begins an attempt, which waits for its turn; runs with no turn held (the caller's thread, or the callback pool). */
  private void nextAttempt() {
    if (ended != 0) {
      return;
    }
    waiting = null;
    beginAttempt();
    engine.turns.acquire(this);
  }

  @Override
  public boolean claim() {
    if (ended != 0 || pastDeadline) {
      return false; // a caller who gave up (cancel, orTimeout, deadline) gets no turn
    }
    if (result.isDone()) { // completed in a way its future did not see (obtrude, completeAsync)
      engine.callbacks.execute(this::endedByCaller);
      return false;
    }
    return true;
  }

  /** Runs holding a turn, which the callback releases; or releases it here if the call never starts. */
  @Override
  public void run() {
    Call started;
    try {
      if (ended != 0) {
        engine.turns.release();
        return;
      }
      started = newCall();
    } catch (RuntimeException | Error e) {
      engine.turns.release();
      TransportException failure = couldNotStart(e);
      engine.callbacks.execute(() -> after(new Decision.Fail<>(failure)));
      return;
    }
    started.enqueue(this); // OkHttp calls back exactly once, even when its executor refuses the call
    if (result.isCancelled()) {
      started.cancel();
    }
  }

  @Override
  public void onResponse(Call call, Response response) {
    engine.marker.untrack(call);
    Decision<T> decision;
    try (response) {
      decision = decide(response);
    } catch (IOException e) {
      decision = decide(e);
    } catch (RuntimeException | Error e) {
      decision = new Decision.Fail<>(failedReading(e));
    } finally {
      this.call = null;
      engine.turns.release(); // before anything else: the next waiter starts at once
    }
    handOff(decision);
  }

  @Override
  public void onFailure(Call call, IOException e) {
    engine.marker.untrack(call);
    this.call = null;
    engine.turns.release();
    handOff(decide(e));
  }

  /** Off OkHttp's thread: the rest (the listener, the next attempt, the caller's callbacks) runs in the callback pool. */
  private void handOff(Decision<T> decision) {
    if (ended != 0) {
      return; // the deadline or the caller ended it: nothing more to report
    }
    Decision<T> bounded = withinDeadline(decision);
    engine.callbacks.execute(() -> after(bounded));
  }

  /** Reports the attempt, then schedules the next one or ends the operation; runs in the callback pool. */
  private void after(Decision<T> decision) {
    if (ended != 0) {
      return;
    }
    if (decision instanceof Decision.Retry<T> retry) {
      attemptEnded(retry.delayMillis());
      Wake wake = new Wake(this);
      waiting = wake;
      engine.clock.schedule(wake, engine.clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retry.delayMillis()));
      if (ended != 0) {
        engine.clock.cancel(wake);
      }
      return;
    }
    if (decision instanceof Decision.Done<T> done) {
      end(done.value(), null);
    } else {
      end(null, ((Decision.Fail<T>) decision).error());
    }
  }

  /** The end of a backoff: the next attempt begins in the callback pool. */
  private static final class Wake extends Timed {
    private final AsyncOperation<?> operation;

    Wake(AsyncOperation<?> operation) {
      this.operation = operation;
    }

    @Override
    void fire() {
      operation.engine.callbacks.execute(operation::nextAttempt);
    }
  }

  /**
   * Ends an asynchronous operation, once: the deadline, the last attempt and the caller may race to
   * it. Reports to the listener, then completes the future; runs with no turn held, never on OkHttp's
   * or the clock's thread.
   */
  private void end(@Nullable T value, @Nullable IOException error) {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return;
    }
    engine.clock.cancel(this);
    if (waiting instanceof Wake wake) {
      engine.clock.cancel(wake);
    }
    try {
      Exception failure = result.isDone() ? externalFailure(result) : error; // the caller's, if they completed it first
      if (OPEN.getAndSet(this, 0) != 0) {
        reportAttemptEnd(failure);
      }
      operationEnded(failure);
      result.completeOwn(value, error);
    } finally {
      engine.end();
    }
  }

  /** The caller completed or cancelled the future: the operation ends with what they got. */
  private void endedByCaller() {
    end(null, null);
  }

  /** The exception of a future the caller completed; null if they completed it with a value. */
  private static @Nullable Exception externalFailure(CompletableFuture<?> future) {
    try {
      future.getNow(null);
      return null;
    } catch (CancellationException e) {
      return e;
    } catch (CompletionException e) {
      return e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** The deadline ends the operation now, off the clock's thread, however slow the call's cancel. */
  @Override
  void deadlinePassedHere() {
    engine.callbacks.execute(this::onDeadline);
  }

  private void onDeadline() {
    if (ended != 0) {
      return;
    }
    Object blocked = waiting;
    String where = call != null ? "in attempt " + attemptNumber
        : blocked instanceof Wake ? "waiting to retry after attempt " + attemptNumber : "waiting for a turn";
    end(null, deadlinePassed(where));
  }

  /** The caller's future: what the caller does to it (cancel, complete, orTimeout) ends the operation too. */
  static final class Future<T> extends CompletableFuture<T> {
    private final AsyncOperation<T> operation;

    Future(AsyncOperation<T> operation) {
      this.operation = operation;
    }

    /** Completes it for the operation, which has {@linkplain AsyncOperation#end ended} first: no caller's doing. */
    void completeOwn(@Nullable T value, @Nullable Throwable error) {
      if (error != null) {
        super.completeExceptionally(error);
      } else {
        super.complete(value);
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        Call running = operation.call;
        if (running != null) {
          running.cancel(); // at once, on the caller's own thread, as OkHttp's own cancel does
        }
        byCaller();
      }
      return cancelled;
    }

    @Override
    public boolean complete(T value) {
      boolean completed = super.complete(value);
      if (completed) {
        byCaller();
      }
      return completed;
    }

    @Override
    public boolean completeExceptionally(Throwable error) {
      boolean completed = super.completeExceptionally(error);
      if (completed) {
        byCaller();
      }
      return completed;
    }

    private void byCaller() {
      if (operation.ended == 0) {
        // The rest (the listener) runs in the callback pool: orTimeout completes on the JDK's
        // shared delay thread, which no listener must hold.
        operation.engine.callbacks.execute(operation::endedByCaller);
      }
    }
  }
}
