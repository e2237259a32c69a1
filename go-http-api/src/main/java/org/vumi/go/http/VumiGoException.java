package org.vumi.go.http;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The root of every failure of an exchange with one of Vumi Go's APIs, from every client of this
 * library: catch it to handle them all. Each says how many times the request was sent and whether
 * the server may have acted on it, the two facts a caller needs to decide what to do next.
 *
 * <ul>
 *   <li>{@link HttpApiException}: the server answered with a refusal (not 2xx).
 *   <li>{@link TransportException}: no answer: a refused or dropped connection, a timeout, the deadline.
 *   <li>{@link UnexpectedResponseException}: an answer that makes no sense to this library.
 *   <li>{@link org.vumi.go.http.account.JsonRpcException}: the account API's JSON-RPC fault.
 * </ul>
 *
 * <p>Bad arguments are refused before anything is sent, with an {@link IllegalArgumentException}
 * (or a {@link NullPointerException}) that names the parameter: those are not {@code VumiGoException}s.
 */
public abstract class VumiGoException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Times the request was sent. */
  private final int attempts;
  /** Whether the server may have acted on it. */
  private final boolean mayHaveBeenSent;

  /**
   * Makes an exception; for this library's subclasses.
   *
   * @param message what happened, for people; must not hold credentials
   * @param cause the original failure, or null
   * @param attempts how many times the request was sent, at least 0
   * @param mayHaveBeenSent whether the server may have acted on the request in any attempt
   */
  protected VumiGoException(String message, @Nullable Throwable cause, int attempts, boolean mayHaveBeenSent) {
    super(message, cause);
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be at least 0, but was " + attempts);
    }
    this.attempts = attempts;
    this.mayHaveBeenSent = mayHaveBeenSent;
  }

  /**
   * Returns how many times the request was sent to the server, the failed attempt included: every
   * request on the wire is counted, also those OkHttp would repeat on its own.
   *
   * @return 0 if it was never sent (no turn came before the deadline, say), else at least 1
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Tells whether the server may have acted on the request in any attempt. False means certainly
   * not, so sending it again cannot duplicate it (a message, an opt-out, a contact); true means it
   * may have, and this library did not send it again where that could duplicate it.
   *
   * @return true if the server may have received and processed the request
   */
  public boolean mayHaveBeenSent() {
    return mayHaveBeenSent;
  }
}
