package org.vumi.go.http;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Vumi Go answered with a status other than 2xx: the request reached the server and was refused.
 *
 * <p>{@link #responseBody()} holds the answer as received (JSON or an HTML page); {@link #reason()}
 * the server's {@code reason} when the body is a JSON object that has one. Read those rather than
 * the HTTP reason phrase, which Vumi Go fills with arbitrary text.
 *
 * <p>An answer means the request reached a server. Vumi Go's own refusals (4xx) mean it did not act
 * on it; a 5xx, often from a proxy in between, may come after the request was passed on and acted
 * upon, which is why such answers are not retried for requests that are not idempotent.
 */
public class HttpApiException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status code. */
  private final int statusCode;
  /** The server's reason, or null. */
  private final @Nullable String reason;
  /** The body as received. */
  private final @Nullable String responseBody;
  /** Attempts made, the refused one included. */
  private final int attempts;

  /**
   * Makes an exception, for instance to stub a {@link ConversationSender} in a test.
   *
   * @param message what happened, for people; must not hold credentials
   * @param statusCode the HTTP status code
   * @param reason the server's {@code reason}, or null
   * @param responseBody the body as received, or null
   */
  public HttpApiException(String message, int statusCode, @Nullable String reason,
      @Nullable String responseBody) {
    this(message, statusCode, reason, responseBody, 1);
  }

  /**
   * Makes an exception after a number of attempts.
   *
   * @param message what happened, for people; must not hold credentials
   * @param statusCode the HTTP status code
   * @param reason the server's {@code reason}, or null
   * @param responseBody the body as received, or null
   * @param attempts how many times the request was sent, at least 1
   */
  public HttpApiException(String message, int statusCode, @Nullable String reason,
      @Nullable String responseBody, int attempts) {
    super(message);
    this.statusCode = statusCode;
    this.reason = reason;
    this.responseBody = responseBody;
    this.attempts = attempts;
  }

  /**
   * Returns how many times the request was sent, the refused attempt included. Earlier attempts
   * were refused in a way that proves the server did not process them (see {@link RetryPolicy}).
   *
   * @return at least 1
   */
  public int attempts() {
    return attempts;
  }


  /**
   * Returns the HTTP status code.
   *
   * @return a status such as 400, 401, 403 or 500
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Returns the server's explanation from a JSON body, such as {@code "Invalid Message"}.
   *
   * @return the reason, or null when the body is not JSON or has none
   */
  public @Nullable String reason() {
    return reason;
  }

  /**
   * Returns the response body as text, as received (cut at 64 KiB).
   *
   * @return the body, possibly empty; null only where the maker gave none
   */
  public @Nullable String responseBody() {
    return responseBody;
  }
}
