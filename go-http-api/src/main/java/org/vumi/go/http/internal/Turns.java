package org.vumi.go.http.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A bound on requests in flight, shared by blocking and asynchronous calls, that queues rather than
 * fails: callers get their turn in the order they asked.
 *
 * <p>A released turn is handed straight to the next waiter, so the count never dips and rises
 * between them. The hand-off is a loop, never a recursion: whichever thread releases first hands out
 * turns one by one, skipping waiters that gave up, and a release that happens meanwhile (in that
 * thread, from a waiter's own start, or in another thread) only adds a turn to hand out. So no
 * number of abandoned or failing waiters can overflow a stack or lose a turn, and one waiter's code
 * never runs inside another's.
 */
public final class Turns {
  /** Someone waiting for a turn. */
  public interface Waiter {
    /**
     * Takes the turn being handed over, or declines it because the waiter gave up. Called with the
     * lock held: must be quick and must not call back into {@link Turns}.
     *
     * @return true if the waiter now owns the turn
     */
    boolean claim();

    /** Starts the waiter's work once it owns a turn; called without the lock. Must not throw. */
    void run();
  }

  private static final ThreadLocal<Boolean> HANDING_OUT = ThreadLocal.withInitial(() -> Boolean.FALSE);

  private final int max;
  private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
  private int inUse;
  /** Turns released while a thread is handing turns out, still to be given to the next waiters. */
  private int toHandOut;
  private boolean handingOut;

  /**
   * Makes a bound.
   *
   * @param max the number of turns, at least 1
   */
  public Turns(int max) {
    this.max = max;
  }

  /**
   * Tells whether the calling thread is handing out turns right now. Code that would run a caller's
   * callback here passes it to another thread instead: the callback could wait for a turn that
   * only this very loop can hand out.
   *
   * @return true inside the hand-off loop
   */
  public static boolean handingOutInThisThread() {
    return HANDING_OUT.get();
  }

  /**
   * Runs {@code waiter} once it holds a turn: now, in this thread, if one is free; otherwise later,
   * in a thread that releases one, unless the waiter declines it then. The one who runs owns the
   * turn and must release it.
   *
   * @param waiter the work that waits
   */
  public void acquire(Waiter waiter) {
    synchronized (this) {
      if (inUse >= max || !waiting.isEmpty()) {
        waiting.add(waiter);
        return;
      }
      inUse++;
    }
    waiter.run();
  }

  /**
   * Blocks until a turn is held or the time is up.
   *
   * @param timeoutNanos how long to wait at most
   * @return true if a turn is now held (release it), false if none came in time
   * @throws InterruptedException if interrupted while waiting; no turn is held then
   */
  public boolean tryAcquire(long timeoutNanos) throws InterruptedException {
    BlockingWaiter waiter;
    synchronized (this) {
      if (inUse < max && waiting.isEmpty()) {
        inUse++;
        return true;
      }
      waiter = new BlockingWaiter();
      waiting.add(waiter);
    }
    boolean granted;
    try {
      granted = waiter.granted.await(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      if (!waiter.abandon()) {
        release(); // granted meanwhile: pass it on
      }
      throw e;
    }
    // A turn granted just as the wait ran out is still a turn: keep it rather than pass it on.
    return granted || !waiter.abandon();
  }

  /** Releases a turn: the next waiter that still wants one gets it, or it becomes free. */
  public void release() {
    synchronized (this) {
      if (!handingOut && waiting.isEmpty()) {
        inUse--; // nobody to hand it to: the common case costs one lock and nothing else
        return;
      }
      toHandOut++;
      if (handingOut) {
        return; // the thread handing out turns will hand this one out too
      }
      handingOut = true;
    }
    HANDING_OUT.set(Boolean.TRUE);
    try {
      for (Waiter next = nextOrFree(); next != null; next = nextOrFree()) {
        next.run();
      }
    } finally {
      HANDING_OUT.set(Boolean.FALSE);
    }
  }

  /** The next waiter that takes a turn, or null once every turn to hand out is handed out or free. */
  private synchronized @Nullable Waiter nextOrFree() {
    while (toHandOut > 0) {
      Waiter next = waiting.poll();
      if (next == null) {
        inUse -= toHandOut;
        toHandOut = 0;
        break;
      }
      if (next.claim()) {
        toHandOut--;
        return next;
      }
    }
    handingOut = false;
    return null;
  }

  /**
   * Returns how many turns are held.
   *
   * @return from 0 to the bound
   */
  public synchronized int inUse() {
    return inUse - toHandOut;
  }

  /** A thread blocked in {@link #tryAcquire}. */
  private static final class BlockingWaiter implements Waiter {
    private static final int WAITING = 0;
    private static final int GRANTED = 1;
    private static final int ABANDONED = 2;
    final CountDownLatch granted = new CountDownLatch(1);
    private final AtomicInteger state = new AtomicInteger(WAITING);

    @Override
    public boolean claim() {
      return state.compareAndSet(WAITING, GRANTED);
    }

    @Override
    public void run() {
      granted.countDown();
    }

    /** Gives up waiting; false if the turn was granted first (and is now the caller's). */
    boolean abandon() {
      return state.compareAndSet(WAITING, ABANDONED);
    }
  }
}
