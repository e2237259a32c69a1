package org.vumi.go.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timing thread: in time order, through whatever its tasks throw, and asleep while there is nothing to time. */
class TimerTest {
  final List<Thread> started = new CopyOnWriteArrayList<>();
  final Timer timer = new Timer(task -> {
    Thread thread = Threads.daemons("go-http-api timer (test)").newThread(task);
    started.add(thread);
    return thread;
  });

  @AfterEach
  void stop() {
    timer.stop();
  }

  static Timed task(Runnable action) {
    return new Timed() {
      @Override
      void fire() {
        action.run();
      }
    };
  }

  @Test
  void tasksRunInTimeOrderWhateverTheyThrow() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch last = new CountDownLatch(1);
    AtomicInteger outOfMemory = new AtomicInteger();
    // The timer's first task holds it until every other task is scheduled: then they are all due,
    // and their order is the heap's alone, however slowly this thread schedules them.
    CountDownLatch allScheduled = new CountDownLatch(1);
    long now = timer.nanoTime();
    timer.schedule(task(() -> {
      try {
        allScheduled.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }), now);
    timer.schedule(task(() -> {
      ran.add("error");
      throw new AssertionError("a task's bug");
    }), now + 2);
    timer.schedule(task(() -> {
      ran.add("unchecked");
      throw new IllegalStateException("another");
    }), now + 1);
    timer.schedule(task(() -> {
      ran.add("out of memory");
      if (outOfMemory.incrementAndGet() == 1) {
        throw new OutOfMemoryError("for a moment");
      }
    }), now + 3);
    timer.schedule(task(() -> {
      ran.add("last");
      last.countDown();
    }), now + 4);
    Timed cancelled = task(() -> ran.add("cancelled"));
    timer.schedule(cancelled, now + 1);
    timer.cancel(cancelled);
    allScheduled.countDown();
    assertTrue(last.await(30, TimeUnit.SECONDS));
    DeadlinesTest.awaitTrue(() -> outOfMemory.get() == 2, () -> "the task that ran out of memory was not tried again");
    assertEquals(List.of("unchecked", "error", "out of memory", "last", "out of memory"), ran);
    assertEquals(1, started.size(), "one thread did it all");
    assertEquals(0, timer.scheduled());
  }

  @Test
  void anInterruptIsClearedAndAnIdleTimerWaitsWithoutATimeout() throws Exception {
    CountDownLatch first = new CountDownLatch(1);
    timer.schedule(task(first::countDown), timer.nanoTime());
    assertTrue(first.await(30, TimeUnit.SECONDS));
    Thread thread = started.get(0);
    thread.interrupt();
    DeadlinesTest.awaitTrue(() -> thread.getState() == Thread.State.WAITING && !thread.isInterrupted(),
        () -> "the idle timer is " + thread.getState() + (thread.isInterrupted() ? ", interrupted" : ""));
    CountDownLatch second = new CountDownLatch(1);
    timer.schedule(task(second::countDown), timer.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10));
    assertTrue(second.await(30, TimeUnit.SECONDS), "it still times");
    timer.stop();
    thread.join(TimeUnit.SECONDS.toMillis(30));
    assertTrue(!thread.isAlive(), "stopping ends the thread");
  }

  @Test
  void aLongWaitNeverKeepsTheThreadFromAnEarlierTask() throws Exception {
    timer.schedule(task(() -> { }), timer.nanoTime() + TimeUnit.HOURS.toNanos(1));
    CountDownLatch soon = new CountDownLatch(1);
    timer.schedule(task(soon::countDown), timer.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5));
    assertTrue(soon.await(30, TimeUnit.SECONDS));
    assertEquals(1, timer.scheduled());
  }

  @Test
  void theHeapKeepsEveryEntrysPlace() {
    TimedHeap heap = new TimedHeap();
    List<Timed> entries = new java.util.ArrayList<>();
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 1000; i++) {
      Timed entry = task(() -> { });
      entry.at = random.nextInt(100_000);
      entries.add(entry);
      heap.add(entry);
    }
    for (int i = 0; i < 500; i++) {
      assertTrue(heap.remove(entries.get(i * 2)));
    }
    assertEquals(false, heap.remove(entries.get(0)), "removed already");
    long previous = Long.MIN_VALUE;
    for (Timed next = heap.poll(); next != null; next = heap.poll()) {
      assertTrue(next.at >= previous);
      assertEquals(-1, next.index);
      previous = next.at;
    }
    assertEquals(0, heap.size());
  }
}
