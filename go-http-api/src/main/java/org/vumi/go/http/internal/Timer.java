package org.vumi.go.http.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The real {@link Clock}: one daemon thread that runs what is due, in time order.
 *
 * <p>Nothing can stop or delay it but its own tasks, and those never run a caller's code: an
 * operation's deadline hands the cancelling of its call (which runs OkHttp's
 * {@code EventListener.canceled()}) and the completing of its future to pools of their own. It
 * survives whatever a task throws, an {@link OutOfMemoryError} included (a task that fails for want
 * of memory is tried again a little later), and an interrupt (which it clears); should the thread
 * end all the same, the next {@link #schedule} starts another.
 *
 * <p>It costs nothing while nothing is scheduled: the thread then waits without a timeout. While
 * something is, it wakes at the earliest entry or after {@link #MAX_NAP_NANOS}, whichever comes
 * first: so an operation's start never has to wake it (deadlines are added mostly in order, later
 * than what it waits for) and its end never does either, and once the last one has ended the thread
 * is back to its untimed wait within that nap.
 */
final class Timer implements Clock {
  /** The longest the thread waits while anything is scheduled. */
  static final long MAX_NAP_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** How much later a task that failed for want of memory is tried again. */
  static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final ThreadFactory threads;
  private final long maxNapNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final TimedHeap heap = new TimedHeap();
  private @Nullable Thread thread;
  /** Whether {@link #thread} runs (set false as it ends, so that the next schedule starts another). */
  private boolean running;
  /** Whether the thread waits without a timeout (nothing scheduled). */
  private boolean idle;
  /** When the thread, in a timed wait, wakes next. */
  private long wakeAt;
  private boolean stopped;

  Timer(ThreadFactory threads) {
    this(threads, MAX_NAP_NANOS);
  }

  /** A timer whose thread naps at most {@code maxNapNanos}: a test that waits for it to go idle gives a short one. */
  Timer(ThreadFactory threads, long maxNapNanos) {
    this.threads = threads;
    this.maxNapNanos = maxNapNanos;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public void schedule(Timed task, long at) {
    lock.lock();
    try {
      if (stopped) {
        throw new IllegalStateException("the library's timer is stopped");
      }
      task.at = at;
      heap.add(task);
      if (!running) {
        start();
      } else if (idle || at - wakeAt < 0) {
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void cancel(Timed task) {
    lock.lock();
    try {
      heap.remove(task); // no signal: the thread finds out at its next wake, at most a nap away
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void sleep(long nanos) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(nanos);
  }

  /** Ends the thread; what is still scheduled never runs. */
  void stop() {
    lock.lock();
    try {
      stopped = true;
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** How many tasks are scheduled (for tests). */
  int scheduled() {
    lock.lock();
    try {
      return heap.size();
    } finally {
      lock.unlock();
    }
  }

  private void start() {
    try {
      Thread started = threads.newThread(new Loop());
      thread = started;
      idle = false;
      running = true;
      started.start();
    } catch (Throwable e) {
      // No thread now (out of memory for one): the next schedule tries again; nothing is lost.
      thread = null;
      running = false;
      report(e);
    }
  }

  /**
   * The thread's task. A named class, not a method reference: the reference's class is spun the
   * first time it runs, and this one needed a new lambda form too (about 4 ms of a first request).
   */
  private final class Loop implements Runnable {
    @Override
    public void run() {
      loop();
    }
  }

  private void loop() {
    Thread self = Thread.currentThread();
    try {
      while (true) {
        try {
          Timed due = next(self);
          if (due == null) {
            return;
          }
          fire(due);
        } catch (Throwable e) {
          // An Error from the lock or the heap (an OutOfMemoryError, say): time goes on regardless.
          report(e);
          Thread.interrupted();
          LockSupport.parkNanos(RETRY_NANOS); // not a spin, should the same error come again at once
        }
      }
    } finally {
      lock.lock();
      try {
        if (thread == self) {
          running = false;
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Waits for the next due task; null once stopped, or if another thread has taken over. */
  private @Nullable Timed next(Thread self) {
    lock.lock();
    try {
      while (true) {
        if (stopped || thread != self) {
          return null;
        }
        Timed first = heap.peek();
        long now = System.nanoTime();
        if (first != null && first.at - now <= 0) {
          heap.remove(first);
          return first;
        }
        try {
          if (first == null) {
            idle = true;
            changed.await();
          } else {
            long nap = Math.min(first.at - now, maxNapNanos);
            wakeAt = now + nap;
            changed.awaitNanos(nap);
          }
        } catch (InterruptedException e) {
          // Nobody may stop the timing this way: the interrupt is cleared, and the wait goes on.
        } finally {
          idle = false;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void fire(Timed due) {
    try {
      due.fire();
    } catch (VirtualMachineError e) {
      // Likely out of memory for a moment: the task is tried again soon rather than lost, since a
      // lost deadline would leave an operation unbounded.
      lock.lock();
      try {
        if (!stopped && due.index < 0) {
          due.at = System.nanoTime() + RETRY_NANOS;
          heap.add(due);
        }
      } finally {
        lock.unlock();
      }
      report(e);
    } catch (Throwable e) {
      report(e);
    }
    Thread.interrupted(); // a task never waits, so an interrupt it met is only cleared
  }

  private static void report(Throwable e) {
    try {
      // Looked up only here: SLF4J's start-up is not worth paying for on an application's first send.
      org.slf4j.LoggerFactory.getLogger(Timer.class).warn("the library's timer met an error and goes on: {}",
          Text.escape(e.toString()));
    } catch (Throwable ignored) {
      // out of memory even for that: timing matters more than the report
    }
  }
}
