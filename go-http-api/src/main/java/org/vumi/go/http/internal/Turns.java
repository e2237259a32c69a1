package org.vumi.go.http.internal;

import java.util.ArrayDeque;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
   * Takes a turn now if one is free; otherwise queues a ticket to {@linkplain Ticket#await wait}
   * on, which a release grants or the caller's deadline {@linkplain Ticket#abandon abandons}.
   *
   * @return null if a turn is now held (release it), or the ticket to wait on
   */
  public @Nullable Ticket ticket() {
    synchronized (this) {
      if (inUse < max && waiting.isEmpty()) {
        inUse++;
        return null;
      }
      Ticket ticket = new Ticket();
      waiting.add(ticket);
      return ticket;
    }
  }

  /**
   * Blocks until a turn is held or the time is up.
   *
   * @param timeoutNanos how long to wait at most
   * @return true if a turn is now held (release it), false if none came in time
   * @throws InterruptedException if interrupted while waiting; no turn is held then
   */
  public boolean tryAcquire(long timeoutNanos) throws InterruptedException {
    Ticket ticket = ticket();
    if (ticket == null) {
      return true;
    }
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    try {
      while (ticket.isWaiting()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          // A turn granted just as the wait ran out is still a turn: keep it rather than pass it on.
          return !ticket.abandon();
        }
        LockSupport.parkNanos(ticket, left);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    } catch (InterruptedException e) {
      if (!ticket.abandon()) {
        release(); // granted meanwhile: pass it on
      }
      throw e;
    }
    return ticket.granted();
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
    for (Waiter next = nextOrFree(); next != null; next = nextOrFree()) {
      next.run();
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

  /**
   * Returns how many wait for a turn, those that gave up and were not passed over yet included.
   *
   * @return the number of waiters
   */
  public synchronized int waiting() {
    return waiting.size();
  }

  /**
   * A thread's place in the queue: granted a turn by a release, or abandoned by its owner (an
   * interrupt) or by its deadline. A {@link ForkJoinPool.ManagedBlocker}, so that a callback thread
   * that waits for a turn lets its pool start another: the turn may be released only by a
   * callback still queued there.
   */
  public static final class Ticket implements Waiter, ForkJoinPool.ManagedBlocker {
    private static final int WAITING = 0;
    private static final int GRANTED = 1;
    private static final int ABANDONED = 2;
    private final Thread owner = Thread.currentThread();
    private final AtomicInteger state = new AtomicInteger(WAITING);

    @Override
    public boolean claim() {
      return state.compareAndSet(WAITING, GRANTED);
    }

    @Override
    public void run() {
      LockSupport.unpark(owner);
    }

    /**
     * Gives up waiting, from any thread; the owner's wait ends.
     *
     * @return false if the turn was granted first (and is now the owner's)
     */
    public boolean abandon() {
      if (state.compareAndSet(WAITING, ABANDONED)) {
        LockSupport.unpark(owner);
        return true;
      }
      return state.get() == ABANDONED;
    }

    boolean isWaiting() {
      return state.get() == WAITING;
    }

    /**
     * Tells whether the turn was granted.
     *
     * @return true if the owner now holds a turn
     */
    public boolean granted() {
      return state.get() == GRANTED;
    }

    /**
     * Waits until the turn is granted or the ticket abandoned; on a pool's thread, as managed
     * blocking.
     *
     * @throws InterruptedException if interrupted first; the ticket is still waiting then
     */
    public void await() throws InterruptedException {
      if (Thread.currentThread() instanceof ForkJoinWorkerThread) {
        ForkJoinPool.managedBlock(this);
      } else {
        block();
      }
    }

    @Override
    public boolean block() throws InterruptedException {
      while (state.get() == WAITING) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        LockSupport.park(this);
      }
      return true;
    }

    @Override
    public boolean isReleasable() {
      return state.get() != WAITING;
    }
  }
}
