package org.vumi.go.http;

import java.time.Duration;

/**
 * Sees what a client does: every attempt, every retry and every operation's outcome, for metrics,
 * traces or logs. Every method has a default that does nothing, so an implementation overrides only
 * what it needs; {@link #compose} combines several.
 *
 * <p><b>Threads.</b> The methods are called from several threads at once, so an implementation must
 * be thread-safe. For a blocking call they run on the caller's thread; for an asynchronous one on the
 * thread that started it (the first {@code attemptStarted}) or on one of the library's callback
 * threads. Never on OkHttp's threads, never on the thread that times deadlines, and never while the
 * operation holds one of the client's turns in flight: a listener that blocks, or that sends through
 * the same client, delays only itself. It should still be quick: a callback thread it holds is one
 * the library's other callbacks cannot use.
 *
 * <p><b>Failures.</b> An exception thrown by a listener (any {@link RuntimeException} or
 * {@link Error} other than a {@link VirtualMachineError}) is caught and logged; it never changes an
 * operation's outcome.
 *
 * <p>No argument holds a credential: the path is the request's path only, and no token, password or
 * {@code Authorization} header is ever passed.
 */
public interface ClientListener {
  /**
   * An attempt begins: next it waits for a turn under the client's {@code maxInFlight}, then is sent.
   *
   * @param attempt the attempt; its status and failure are empty and its duration zero
   */
  default void attemptStarted(AttemptInfo attempt) {
    // nothing by default
  }

  /**
   * An attempt ended: with an answer (its status), or without one (its failure, which may also be
   * that the attempt never got a turn before the deadline or that the caller cancelled it).
   *
   * @param attempt the attempt and how it ended
   */
  default void attemptEnded(AttemptInfo attempt) {
    // nothing by default
  }

  /**
   * The attempt just ended will be followed by another one after a wait. Called after
   * {@link #attemptEnded} for the same attempt.
   *
   * @param attempt the attempt that ended
   * @param wait how long the client waits before the next attempt starts
   */
  default void retryScheduled(AttemptInfo attempt, Duration wait) {
    // nothing by default
  }

  /**
   * An operation ended: called exactly once per operation, after its last {@link #attemptEnded}
   * and before its caller sees the result.
   *
   * @param operation the operation and its outcome
   */
  default void operationEnded(OperationInfo operation) {
    // nothing by default
  }

  /**
   * Returns the listener that does nothing: the default of every client.
   *
   * @return the listener that does nothing
   */
  static ClientListener noop() {
    return Listeners.NOOP;
  }

  /**
   * Combines listeners into one that calls each of them, in the order given. One that throws does
   * not stop the others: once all were called, the first exception is thrown on, with the later
   * ones {@linkplain Throwable#addSuppressed suppressed}.
   *
   * @param listeners the listeners; not null, nor any of them
   * @return a listener that calls every one of them
   * @throws NullPointerException if {@code listeners} or one of them is null
   */
  static ClientListener compose(ClientListener... listeners) {
    return Listeners.compose(listeners);
  }
}
