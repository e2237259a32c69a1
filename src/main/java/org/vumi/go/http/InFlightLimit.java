package org.vumi.go.http;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A bound on requests in flight, shared by blocking and asynchronous calls, that queues rather
 * than fails: callers are served in the order they asked. A released permit is handed straight to
 * the next waiter, so the count never dips and rises between them.
 */
final class InFlightLimit {
  private final int max;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int inUse;

  InFlightLimit(int max) {
    this.max = max;
  }

  /**
   * Runs {@code onPermit} once a permit is held: now, in this thread, if one is free; otherwise
   * later, in the thread that releases one. Whoever runs it owns the permit and must release it.
   */
  void acquireThen(Runnable onPermit) {
    synchronized (this) {
      if (inUse >= max) {
        waiting.add(onPermit);
        return;
      }
      inUse++;
    }
    onPermit.run();
  }

  /** Blocks until a permit is held. */
  void acquire() throws InterruptedException {
    synchronized (this) {
      if (inUse < max) { // a free permit means nobody is waiting: take it without a future
        inUse++;
        return;
      }
    }
    CompletableFuture<Void> granted = new CompletableFuture<>();
    Runnable waiter = () -> granted.complete(null);
    acquireThen(waiter);
    try {
      granted.get();
    } catch (InterruptedException e) {
      boolean stillWaiting;
      synchronized (this) {
        stillWaiting = waiting.remove(waiter);
      }
      if (!stillWaiting) {
        release(); // granted meanwhile: pass it on
      }
      throw e;
    } catch (ExecutionException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        inUse--;
      }
    }
    if (next != null) {
      next.run();
    }
  }
}
