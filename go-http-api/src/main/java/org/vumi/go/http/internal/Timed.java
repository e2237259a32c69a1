package org.vumi.go.http.internal;

/**
 * Something a {@link Clock} does at a point of its time. Its place in the clock's heap is kept in
 * the object itself, so that scheduling one allocates nothing: an operation is its own deadline.
 */
abstract class Timed {
  /** When it is due, in {@link Clock#nanoTime()} terms. Guarded by the clock. */
  long at;
  /** Its place in a {@link TimedHeap}, or -1 while not scheduled. Guarded by the clock. */
  int index = -1;

  /**
   * Runs on the clock's timing thread once due. Must be quick, and must never run or wait for a
   * caller's code (a listener, an interceptor, a future's callback): it hands such work to a pool.
   */
  abstract void fire();
}
