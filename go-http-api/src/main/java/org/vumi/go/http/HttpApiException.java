package org.vumi.go.http;

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
public class HttpApiException extends VumiGoException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status code. */
  private final int statusCode;
  /** The server's reason, or null. */
  private final @Nullable String reason;
  /** The body as received. */
  private final @Nullable String responseBody;

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
    this(message, statusCode, reason, responseBody, attempts, statusCode >= 500);
  }

  /**
   * Makes an exception after a number of attempts, some of which the server may have acted on.
   *
   * @param message what happened, for people; must not hold credentials
   * @param statusCode the HTTP status code
   * @param reason the server's {@code reason}, or null
   * @param responseBody the body as received, or null
   * @param attempts how many times the request was sent, at least 1
   * @param mayHaveBeenSent whether the server may have acted on any attempt: a 5xx, or an earlier
   *     attempt that failed after it was sent
   */
  public HttpApiException(String message, int statusCode, @Nullable String reason,
      @Nullable String responseBody, int attempts, boolean mayHaveBeenSent) {
    super(message, null, attempts, mayHaveBeenSent);
    this.statusCode = statusCode;
    this.reason = reason;
    this.responseBody = responseBody;
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
