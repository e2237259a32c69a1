package org.vumi.go.http;

/**
 * A body that Vumi Go would not push: not JSON, not an object, or without a field every such
 * message has. The message names what is wrong.
 */
public class MalformedPushException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Makes an exception.
   *
   * @param message what is wrong
   */
  public MalformedPushException(String message) {
    super(message);
  }

  /**
   * Makes an exception with its cause.
   *
   * @param message what is wrong
   * @param cause the parser's exception
   */
  public MalformedPushException(String message, Throwable cause) {
    super(message, cause);
  }
}
