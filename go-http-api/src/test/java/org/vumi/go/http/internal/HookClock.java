package org.vumi.go.http.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A clock that moves only when a test moves it (as {@link FakeClock}), with hooks at the points
 * where the engine uses it: a test runs its step of an interleaving exactly there, on the engine's
 * own thread, instead of hoping a thread gets there first. What is due runs on the thread that calls
 * {@link #advance} or {@link #fire}, as the real clock runs it on its own thread.
 */
final class HookClock implements Clock {
  private final TimedHeap heap = new TimedHeap();
  private final Map<Thread, Runnable> onNextRead = new ConcurrentHashMap<>();
  private long now = TimeUnit.HOURS.toNanos(1);
  private int sleeping;

  /** Runs before a task is cancelled, on the cancelling thread, without the clock's lock. */
  volatile Consumer<Timed> beforeCancel = task -> { };
  /** If set, a sleep runs this (with the nanoseconds asked for) and returns at once. */
  volatile @Nullable LongConsumer onSleep;

  @Override
  public long nanoTime() {
    Runnable once = onNextRead.remove(Thread.currentThread());
    if (once != null) {
      once.run();
    }
    synchronized (this) {
      return now;
    }
  }

  /** Runs {@code step} the next time this thread reads the time, before the time is read. */
  void onNextRead(Runnable step) {
    onNextRead.put(Thread.currentThread(), step);
  }

  @Override
  public void schedule(Timed task, long at) {
    synchronized (this) {
      task.at = at;
      heap.add(task);
      notifyAll();
    }
  }

  @Override
  public void cancel(Timed task) {
    beforeCancel.accept(task);
    synchronized (this) {
      heap.remove(task);
    }
  }

  @Override
  public void sleep(long nanos) throws InterruptedException {
    LongConsumer step = onSleep;
    if (step != null) {
      step.accept(nanos);
      return;
    }
    synchronized (this) {
      long until = now + nanos;
      sleeping++;
      notifyAll();
      try {
        while (now - until < 0) {
          wait();
        }
      } finally {
        sleeping--;
      }
    }
  }

  /** Moves time on, and runs what is due by then, in time order, on this thread. */
  void advance(Duration by) {
    List<Timed> due = new ArrayList<>();
    synchronized (this) {
      now += by.toNanos();
      notifyAll();
      for (Timed first = heap.peek(); first != null && first.at - now <= 0; first = heap.peek()) {
        due.add(heap.poll());
      }
    }
    due.forEach(Timed::fire);
  }

  /** Runs a scheduled task now, on this thread, as the timing thread does once it has taken it off. */
  void fire(Timed task) {
    synchronized (this) {
      if (!heap.remove(task)) {
        throw new AssertionError("not scheduled: " + task);
      }
    }
    task.fire();
  }

  /** What is scheduled now, earliest first. */
  synchronized List<Timed> tasks() {
    List<Timed> tasks = new ArrayList<>();
    for (Timed next = heap.poll(); next != null; next = heap.poll()) {
      tasks.add(next);
    }
    for (Timed task : tasks) {
      heap.add(task);
    }
    return tasks;
  }

  synchronized int scheduled() {
    return heap.size();
  }

  /** Waits until {@code count} tasks are scheduled; the ceiling is reached only on failure. */
  synchronized void awaitScheduled(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (heap.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(heap.size() + " tasks scheduled, not " + count);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Waits until a thread sleeps on this clock; the ceiling is reached only on failure. */
  synchronized void awaitSleeper() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sleeping == 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("nothing sleeps on the clock");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }
}
