package org.vumi.go.http.internal;

/**
 * The engine's time: what it reads, what it schedules (deadlines, the ends of backoffs) and how a
 * blocking call waits between attempts. One real implementation, {@link Timer}; tests drive a fake
 * one by hand, so that no test of timing depends on the machine's speed.
 */
interface Clock {
  /**
   * Returns the time, as {@link System#nanoTime()} does: only differences mean anything.
   *
   * @return the time in nanoseconds
   */
  long nanoTime();

  /**
   * Runs {@code task} on the clock's timing thread at {@code at} (or at once if that has passed).
   *
   * @param task the task; not scheduled already
   * @param at when, in {@link #nanoTime()} terms
   */
  void schedule(Timed task, long at);

  /**
   * Forgets a scheduled task; does nothing if it ran or was never scheduled.
   *
   * @param task the task
   */
  void cancel(Timed task);

  /**
   * Blocks the calling thread for a while.
   *
   * @param nanos how long
   * @throws InterruptedException if interrupted meanwhile
   */
  void sleep(long nanos) throws InterruptedException;
}
