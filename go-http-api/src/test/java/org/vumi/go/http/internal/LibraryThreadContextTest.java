package org.vumi.go.http.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The library's threads are shared by every client in the JVM, so they carry nothing of the caller
 * that happened to make them: not its context class loader (a web application's, kept reachable
 * after undeploy), not its inheritable thread locals.
 */
class LibraryThreadContextTest {
  static final InheritableThreadLocal<String> CALLER_VALUE = new InheritableThreadLocal<>();

  /** Runs {@code body} on a thread that looks like a web application's request thread. */
  static void asAWebApplication(ThrowingRunnable body) throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (URLClassLoader webApp = new URLClassLoader(new URL[0], null)) {
      Thread request = new Thread(() -> {
        CALLER_VALUE.set("the caller's");
        try {
          body.run();
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      request.setContextClassLoader(webApp);
      request.start();
      request.join(TimeUnit.SECONDS.toMillis(30));
    }
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void aPoolThreadMadeForAWebApplicationHasTheLibrarysClassLoaderAndNoneOfItsThreadLocals() throws Exception {
    AtomicReference<ClassLoader> loader = new AtomicReference<>();
    AtomicReference<String> value = new AtomicReference<>("unset");
    asAWebApplication(() -> {
      Thread thread = Threads.daemons("test").newThread(() -> {
        loader.set(Thread.currentThread().getContextClassLoader());
        value.set(CALLER_VALUE.get());
      });
      thread.start();
      thread.join();
    });
    assertSame(Threads.class.getClassLoader(), loader.get());
    assertNull(value.get(), "a caller's inheritable thread local reached a library thread");
  }

  @Test
  void callbacksRunWithTheLibrarysClassLoaderWhoeverStartedThePool() throws Exception {
    AtomicReference<ClassLoader> loader = new AtomicReference<>();
    asAWebApplication(() -> {
      Resources resources = new Resources.Holder().acquire();
      try {
        CompletableFuture.runAsync(() -> loader.set(Thread.currentThread().getContextClassLoader()),
            resources.callbacks()).get(30, TimeUnit.SECONDS);
      } finally {
        resources.release();
      }
    });
    assertSame(Threads.class.getClassLoader(), loader.get());
  }
}
