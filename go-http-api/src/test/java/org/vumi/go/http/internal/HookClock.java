package org.vumi.go.http.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A clock that moves only when a test moves it (as {@link FakeClock}), with hooks at the points
 * where the engine uses it: a test runs its step of an interleaving exactly there, on the engine's
 * own thread, instead of hoping a thread gets there first. What is due runs on the thread that calls
 * {@link #advance} or {@link #fire}, as the real clock runs it on its own thread.
 */
final class HookClock extends FakeClock {
  private final Map<Thread, Runnable> onNextRead = new ConcurrentHashMap<>();

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
    return super.nanoTime();
  }

  /** Runs {@code step} the next time this thread reads the time, before the time is read. */
  void onNextRead(Runnable step) {
    onNextRead.put(Thread.currentThread(), step);
  }

  @Override
  public void cancel(Timed task) {
    beforeCancel.accept(task);
    super.cancel(task);
  }

  @Override
  public void sleep(long nanos) throws InterruptedException {
    LongConsumer step = onSleep;
    if (step != null) {
      step.accept(nanos);
      return;
    }
    super.sleep(nanos);
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
}
