package org.vumi.go.http;

import org.jspecify.annotations.Nullable;

/**
 * An exchange with the server failed without an answer: a refused or dropped connection, a
 * timeout, a TLS failure, an interrupt, or the operation's deadline. The original exception is the
 * {@linkplain #getCause() cause}, so {@code e.getCause() instanceof SSLException} still tells a TLS
 * failure.
 *
 * <p>{@link #mayHaveBeenSent()} is the fact a caller needs to decide what to do next: false means
 * the server certainly did not get the request, so sending it again cannot duplicate it; true means
 * it may have (and this library did not send it again where that could duplicate it).
 */
public class TransportException extends VumiGoException {
  private static final long serialVersionUID = 1L;

  /** Which time limit ended the exchange. */
  public enum Timeout {
    /** The client's connect timeout, before any byte was sent. */
    CONNECT,
    /** The client's write timeout, while the request was being written. */
    WRITE,
    /** The client's read timeout, while waiting for or reading the answer. */
    READ,
    /** The client's call timeout, for one attempt. */
    CALL,
    /** The operation's deadline, across its wait for a turn, every attempt and every backoff. */
    DEADLINE
  }

  /** The time limit that ended the exchange, or null. */
  private final @Nullable Timeout timeout;

  /**
   * Makes an exception, for instance to stub a sender in a test.
   *
   * @param message what happened, for people; must not hold credentials
   * @param cause the original failure, or null
   * @param attempts how many attempts were made, at least 0 (0: it never got a turn)
   * @param mayHaveBeenSent whether any attempt may have reached the server
   * @param timeout the time limit that ended the exchange, or null if none did
   */
  public TransportException(String message, @Nullable Throwable cause, int attempts,
      boolean mayHaveBeenSent, @Nullable Timeout timeout) {
    super(message, cause, attempts, mayHaveBeenSent);
    this.timeout = timeout;
  }

  /**
   * Returns the time limit that ended the exchange.
   *
   * @return the timeout, or null when the failure was not a timeout
   */
  public @Nullable Timeout timeout() {
    return timeout;
  }
}
