package org.vumi.go.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every pool of the library is bounded, queues what it cannot run, and keeps no idle thread. */
class PoolsTest {
  /** Idle threads end 20 ms after their last task, not a second: waiting for them costs little. */
  final Resources resources = new Resources.Holder(20).acquire();

  @AfterEach
  void release() {
    resources.release();
  }

  @Test
  void theCancelPoolNeverHoldsMoreThanItsBound() throws Exception {
    Workers cancels = (Workers) resources.cancels();
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    int tasks = Resources.MAX_CANCEL_THREADS + 6;
    for (int i = 0; i < tasks; i++) {
      cancels.execute(() -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ran.incrementAndGet();
      });
    }
    assertEquals(Resources.MAX_CANCEL_THREADS, cancels.threadCount(), "blocked tasks hold the bound, the rest queue");
    release.countDown();
    DeadlinesTest.awaitTrue(() -> ran.get() == tasks, () -> ran.get() + " of " + tasks + " ran");
    DeadlinesTest.awaitTrue(() -> cancels.threadCount() == 0, () -> cancels.threadCount() + " idle threads kept");
  }

  @Test
  void callbacksThatBlockUnannouncedHoldOnlyTheParallelism() throws Exception {
    ForkJoinPool callbacks = resources.callbacks();
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    int tasks = Resources.CALLBACK_PARALLELISM + 20;
    for (int i = 0; i < tasks; i++) {
      callbacks.execute(() -> {
        started.incrementAndGet();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ran.incrementAndGet();
      });
    }
    DeadlinesTest.awaitTrue(() -> started.get() == Resources.CALLBACK_PARALLELISM
        && callbacks.getQueuedSubmissionCount() == tasks - Resources.CALLBACK_PARALLELISM,
        () -> started.get() + " started, " + callbacks.getQueuedSubmissionCount() + " queued");
    assertEquals(Resources.CALLBACK_PARALLELISM, callbacks.getPoolSize(), "no thread beyond the parallelism");
    release.countDown();
    DeadlinesTest.awaitTrue(() -> ran.get() == tasks, () -> ran.get() + " of " + tasks + " ran");
  }

  @Test
  void releasedResourcesEndEveryThreadAndRefuseWork() throws Exception {
    Resources own = new Resources.Holder().acquire();
    own.lease();
    CountDownLatch ran = new CountDownLatch(3);
    own.callbacks().execute(ran::countDown);
    own.cancels().execute(ran::countDown);
    own.defaultClient(true).dispatcher().executorService().execute(ran::countDown);
    own.timer().schedule(TimerTest.task(() -> { }), own.timer().nanoTime() + TimeUnit.HOURS.toNanos(1));
    assertTrue(ran.await(30, TimeUnit.SECONDS));
    own.release();
    assertTrue(!own.released(), "one lease is still out");
    own.release();
    assertTrue(own.released());
    DeadlinesTest.awaitTrue(() -> own.liveThreads() == 0, () -> own.liveThreads() + " threads still alive");
    assertThrows(RejectedExecutionException.class, () -> own.cancels().execute(() -> { }));
    assertThrows(IllegalStateException.class, own::lease);
  }

  /**
   * The callback pool is made on its first task: blocking requests alone never make it (a first
   * blocking request in a cold JVM would pay for it), and once the resources are released none is
   * made, so no thread can outlive them.
   */
  @Test
  void theCallbackPoolIsMadeOnItsFirstTaskAndNeverAfterRelease() throws Exception {
    Resources own = new Resources.Holder(20).acquire();
    Engine engine = Engine.create(new EngineConfig(null, null, org.vumi.go.http.RetryPolicy.none(), 8,
        java.time.Duration.ofSeconds(30), org.vumi.go.http.ClientListener.noop()), org.vumi.go.http.Api.CONTACTS,
        null, PoolsTest.class, own.lease(), null);
    engine.close();
    assertFalse(own.callbacksMade(), "an engine that ran no task made no pool");
    CountDownLatch ran = new CountDownLatch(1);
    own.callbackExecutor().execute(ran::countDown);
    assertTrue(ran.await(30, TimeUnit.SECONDS));
    assertTrue(own.callbacksMade());
    own.release();
    DeadlinesTest.awaitTrue(() -> own.liveThreads() == 0, () -> own.liveThreads() + " threads still alive");

    Resources never = new Resources.Holder(20).acquire();
    never.release();
    assertThrows(RejectedExecutionException.class, () -> never.callbackExecutor().execute(() -> { }));
    assertFalse(never.callbacksMade(), "no pool made once released");
  }

  @Test
  void aPoolShutsDownAsAnExecutorServiceDoes() throws Exception {
    Workers pool = new Workers(Threads.daemons("go-http-api test pool"), 1, 1, TimeUnit.SECONDS);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    pool.execute(() -> {
      running.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        ran.addAndGet(100); // interrupted by shutdownNow
      }
    });
    assertTrue(running.await(30, TimeUnit.SECONDS));
    pool.execute(ran::incrementAndGet);
    pool.execute(ran::incrementAndGet);
    assertEquals(1, pool.threadCount(), "the bound: the other two queue");
    assertFalse(pool.isShutdown());
    assertEquals(2, pool.shutdownNow().size(), "the queued tasks never ran");
    assertTrue(pool.isShutdown());
    assertThrows(RejectedExecutionException.class, () -> pool.execute(ran::incrementAndGet));
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    assertTrue(pool.isTerminated());
    assertEquals(100, ran.get(), "the running task was interrupted, the queued ones dropped");

    Workers idle = new Workers(Threads.daemons("go-http-api test pool"), 2, 1, TimeUnit.HOURS);
    CountDownLatch first = new CountDownLatch(1);
    idle.execute(first::countDown);
    assertTrue(first.await(30, TimeUnit.SECONDS));
    DeadlinesTest.awaitTrue(() -> idle.idleCount() == 1, () -> "the thread did not go idle");
    assertEquals(1, idle.threadCount(), "one thread kept while idle");
    CountDownLatch second = new CountDownLatch(1);
    idle.execute(second::countDown); // handed to the idle thread: no second one
    assertTrue(second.await(30, TimeUnit.SECONDS));
    assertEquals(1, idle.threadCount());
    assertFalse(idle.awaitTermination(1, TimeUnit.MILLISECONDS), "not shut down");
    idle.shutdown();
    assertTrue(idle.awaitTermination(30, TimeUnit.SECONDS), "the idle thread ends at shutdown, not after its hour");
  }
}
