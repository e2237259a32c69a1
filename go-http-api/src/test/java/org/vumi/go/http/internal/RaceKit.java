package org.vumi.go.http.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.vumi.go.http.AttemptInfo;
import org.vumi.go.http.ClientListener;
import org.vumi.go.http.OperationInfo;

/**
 * What the race tests drive interleavings with: waits for a definite state (each with a ceiling
 * that only a failure reaches), pools held busy so that what is handed to them waits, and a listener
 * that records and lets a test act at a given step.
 */
final class RaceKit {
  static final long CEILING_NANOS = TimeUnit.SECONDS.toNanos(30);

  private RaceKit() {}

  /** Waits for a condition that must come to hold; the ceiling is reached only on failure. */
  static void await(BooleanSupplier condition, Supplier<String> message) {
    long deadline = System.nanoTime() + CEILING_NANOS;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(message.get());
      }
      LockSupport.parkNanos(50_000);
    }
  }

  static void await(CountDownLatch latch, String what) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("never happened: " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for: " + what, e);
    }
  }

  /** Waits on a pool's thread as managed blocking: the pool may run its other tasks meanwhile. */
  static void awaitManaged(CountDownLatch latch, String what) {
    try {
      ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {
        @Override
        public boolean block() throws InterruptedException {
          if (!latch.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("never happened: " + what);
          }
          return true;
        }

        @Override
        public boolean isReleasable() {
          return latch.getCount() == 0;
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for: " + what, e);
    }
  }

  /** Waits until {@code thread} is blocked entering a synchronized method {@code method} of {@code type}. */
  static void awaitBlockedIn(Thread thread, Class<?> type, String method) {
    await(() -> {
      if (thread.getState() != Thread.State.BLOCKED) {
        return false;
      }
      StackTraceElement[] stack = thread.getStackTrace();
      return stack.length > 0 && stack[0].getClassName().equals(type.getName()) && stack[0].getMethodName().equals(method);
    }, () -> thread.getName() + " is not blocked in " + type.getSimpleName() + "." + method + " but "
        + thread.getState() + " at " + List.of(thread.getStackTrace()));
  }

  /** Waits until a pool has nothing queued or running: what was handed to it has run. */
  static void awaitQuiet(ForkJoinPool pool) {
    if (!pool.awaitQuiescence(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the pool never went quiet: " + pool);
    }
  }

  /**
   * Holds every thread an executor may run at once busy, so that what is handed to it waits in its
   * queue until {@link #close()}. Its tasks wait unannounced (not as managed blocking), so that a
   * ForkJoinPool adds no thread for them.
   */
  static final class Busy implements AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);

    Busy(Executor executor, int threads) {
      CountDownLatch started = new CountDownLatch(threads);
      for (int i = 0; i < threads; i++) {
        executor.execute(() -> {
          started.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      await(started, threads + " busy tasks started");
    }

    static Busy callbacks(Resources resources) {
      return new Busy(resources.callbacks(), resources.callbacks().getParallelism());
    }

    static Busy cancels(Resources resources) {
      return new Busy(resources.cancels(), Resources.MAX_CANCEL_THREADS);
    }

    @Override
    public void close() {
      release.countDown();
    }
  }

  /** A blocking send on a thread of its own (not a pool's). */
  static final class Caller<T> {
    final CompletableFuture<T> result = new CompletableFuture<>();
    final Thread thread;

    Caller(String name, java.util.concurrent.Callable<T> call) {
      thread = new Thread(() -> {
        try {
          result.complete(call.call());
        } catch (Throwable e) {
          result.completeExceptionally(e);
        }
      }, name);
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** Records what a listener sees; lets a test act at a step. */
  static final class Events implements ClientListener {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<AttemptInfo> attemptsEnded = new CopyOnWriteArrayList<>();
    final List<OperationInfo> operations = new CopyOnWriteArrayList<>();
    final CountDownLatch ended = new CountDownLatch(1);
    final AtomicInteger operationsEnded = new AtomicInteger();
    volatile Consumer<AttemptInfo> onAttemptStarted = info -> { };
    volatile Consumer<AttemptInfo> onRetryScheduled = info -> { };
    volatile Consumer<OperationInfo> onOperationEnded = info -> { };

    @Override
    public void attemptStarted(AttemptInfo attempt) {
      seen.add("attemptStarted " + attempt.attempt());
      onAttemptStarted.accept(attempt);
    }

    @Override
    public void attemptEnded(AttemptInfo attempt) {
      attemptsEnded.add(attempt);
      seen.add("attemptEnded " + attempt.attempt() + " " + (attempt.status().isPresent() ? attempt.status().getAsInt()
          : attempt.failure().map(e -> e.getClass().getSimpleName()).orElse("-")));
    }

    @Override
    public void retryScheduled(AttemptInfo attempt, Duration wait) {
      seen.add("retryScheduled " + attempt.attempt());
      onRetryScheduled.accept(attempt);
    }

    @Override
    public void operationEnded(OperationInfo operation) {
      operations.add(operation);
      seen.add("operationEnded " + operation.attempts() + " " + (operation.succeeded() ? "succeeded" : "failed"));
      operationsEnded.incrementAndGet();
      onOperationEnded.accept(operation);
      ended.countDown();
    }

    OperationInfo operation() {
      if (operations.size() != 1) {
        throw new AssertionError("ended " + operations.size() + " times: " + seen);
      }
      return operations.get(0);
    }

    List<String> seen() {
      return new ArrayList<>(seen);
    }
  }
}
