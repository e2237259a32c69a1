package org.vumi.go.http.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The library's threads. All are daemons: nothing of this library's keeps a JVM alive.
 */
public final class Threads {
  private Threads() {}

  /**
   * Returns a factory of daemon threads named {@code <name> 1}, {@code <name> 2}, ...
   *
   * @param name the threads' common name
   * @return a new factory
   */
  public static ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + " " + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Starts backoffs. Its one thread only hands work to {@link #callbacks()}, so no caller's code
   * ever runs on it and delays every other timer.
   *
   * @return the timer
   */
  static ScheduledThreadPoolExecutor timer() {
    return Timer.INSTANCE;
  }

  /**
   * Runs what a timer starts (a retry, a deadline's failure) and completions that must not run in
   * the thread that happens to be handing out turns. Grows as needed and shrinks when idle, as
   * OkHttp's own dispatcher pool does.
   *
   * @return the executor
   */
  static ExecutorService callbacks() {
    return Callbacks.INSTANCE;
  }

  /** Made on first use, as the next holder: most applications never retry. */
  private static final class Timer {
    static final ScheduledThreadPoolExecutor INSTANCE = new ScheduledThreadPoolExecutor(1, daemons("go-http-api timer"));
  }

  private static final class Callbacks {
    static final ExecutorService INSTANCE = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), daemons("go-http-api callbacks"));
  }
}
