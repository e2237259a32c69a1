package org.vumi.go.http.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A clock that moves only when a test moves it: deadlines and backoffs then happen at the moment
 * the test chooses, whatever the machine's speed. What is due runs on the thread that calls
 * {@link #advance}, as the real clock runs it on its own thread.
 */
class FakeClock implements Clock {
  /** What is scheduled; guarded by this clock. */
  final TimedHeap heap = new TimedHeap();
  private final List<Duration> sleeps = new ArrayList<>();
  private long now = TimeUnit.HOURS.toNanos(1);
  private int sleeping;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized void schedule(Timed task, long at) {
    task.at = at;
    heap.add(task);
    notifyAll();
  }

  @Override
  public synchronized void cancel(Timed task) {
    heap.remove(task);
  }

  @Override
  public synchronized void sleep(long nanos) throws InterruptedException {
    long until = now + nanos;
    sleeps.add(Duration.ofNanos(nanos));
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

  /** Moves time on, and runs what is due by then, in time order. */
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

  /** The sleeps asked for so far (blocking backoffs). */
  synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** How many tasks are scheduled. */
  synchronized int scheduled() {
    return heap.size();
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
}
