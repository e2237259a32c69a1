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
    return new Daemons(name);
  }

  /** A named class rather than a lambda: every class the first request needs is on its time. */
  private static final class Daemons implements ThreadFactory {
    private final String name;
    private final AtomicInteger count = new AtomicInteger();

    Daemons(String name) {
      this.name = name;
    }

    @Override
    public Thread newThread(Runnable task) {
      // No inheritable thread locals: a pool's thread is made by whichever caller happened to need
      // it first, and must not carry that caller's values (an MDC, a request's user) to others.
      Thread thread = new Thread(null, task, name + " " + count.incrementAndGet(), 0, false);
      thread.setDaemon(true);
      ownContextClassLoader(thread);
      return thread;
    }
  }

  /**
   * Gives a thread of the library the library's own class loader as its context class loader.
   * A new thread takes its maker's, and the library's pools are shared by every client in the
   * JVM: a thread made while a web application's request ran would keep that application's class
   * loader reachable after it is undeployed (Tomcat warns of it), and would show it to another
   * application's callbacks.
   *
   * @param thread a thread not yet started
   */
  public static void ownContextClassLoader(Thread thread) {
    thread.setContextClassLoader(Threads.class.getClassLoader());
  }
}
