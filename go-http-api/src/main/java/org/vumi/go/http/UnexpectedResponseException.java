package org.vumi.go.http;

/**
 * Vumi Go answered 2xx, but not with the JSON this library expects (or with a body too large to
 * read). The server took the request, so a message has most likely been sent: do not send it again
 * blindly.
 */
public class UnexpectedResponseException extends VumiGoException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status code. */
  private final int statusCode;

  /**
   * Makes an exception.
   *
   * @param message what happened, for people; must not hold credentials
   * @param statusCode the HTTP status code, 2xx
   */
  public UnexpectedResponseException(String message, int statusCode) {
    this(message, statusCode, 1);
  }

  /**
   * Makes an exception after a number of attempts. The server answered, so it may have acted on the
   * request: {@link #mayHaveBeenSent()} is true.
   *
   * @param message what happened, for people; must not hold credentials
   * @param statusCode the HTTP status code, 2xx
   * @param attempts how many times the request was sent, at least 1
   */
  public UnexpectedResponseException(String message, int statusCode, int attempts) {
    super(message, null, attempts, true);
    this.statusCode = statusCode;
  }

  /**
   * Returns the HTTP status code.
   *
   * @return a 2xx status
   */
  public int statusCode() {
    return statusCode;
  }
}
