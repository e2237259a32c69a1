package org.vumi.go.http.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the deadlines of operations in progress with one daemon thread that looks every
 * {@value #TICK_MILLIS} ms, so a deadline passes at most that late. A per-call timer (OkHttp's call
 * timeout, or a scheduled task) would wake a watchdog thread for nearly every request; here watching
 * an operation costs adding it to a set and removing it.
 */
final class Deadlines {
  static final long TICK_MILLIS = 20;

  /** An operation whose deadline is watched. */
  interface Watched {
    /** When its deadline passes, in {@link System#nanoTime()} terms. */
    long deadlineAt();

    /** Called once, on the watcher's thread, when the deadline has passed: must be quick. */
    void deadlinePassed();
  }

  private static final Set<Watched> WATCHED = ConcurrentHashMap.newKeySet();


  private Deadlines() {}

  private static final class Watcher {
    static final Thread THREAD = start();

    private static Thread start() {
      Thread thread = Threads.daemons("go-http-api deadlines").newThread(Deadlines::watch);
      thread.start();
      return thread;
    }
  }

  static void watch(Watched operation) {
    WATCHED.add(operation);
    if (Watcher.THREAD == null) {
      throw new IllegalStateException("the deadline watcher did not start");
    }
  }

  static void unwatch(Watched operation) {
    WATCHED.remove(operation);
  }

  private static void watch() {
    while (true) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
      long now = System.nanoTime();
      for (Watched operation : WATCHED) {
        if (now - operation.deadlineAt() >= 0 && WATCHED.remove(operation)) {
          try {
            operation.deadlinePassed();
          } catch (RuntimeException e) {
            // One operation's failure must not stop the watch over every other one.
            // Logged lazily: SLF4J's start-up is not worth paying for on every application's first send.
            org.slf4j.LoggerFactory.getLogger(Deadlines.class)
                .warn("a deadline could not be applied: {}", Text.escape(e.toString()));
          }
        }
      }
    }
  }
}
