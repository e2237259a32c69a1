package org.vumi.go.http;

import java.io.IOException;

/**
 * Vumi Go answered 2xx, but not with the JSON this library expects (or with a body too large to
 * read). The server took the request, so a message has most likely been sent: do not send it again
 * blindly.
 */
public class UnexpectedResponseException extends IOException {
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
    super(message);
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
