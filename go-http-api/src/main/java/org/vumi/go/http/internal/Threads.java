package org.vumi.go.http.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The library's threads. All are daemons: nothing of this library's keeps a JVM alive. The pools
 * that own them are in {@link Resources}.
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
}
