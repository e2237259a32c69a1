package org.vumi.go.http.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import okhttp3.Headers;
import okhttp3.MediaType;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.UnexpectedResponseException;

/**
 * A final answer, its body read within the request's bound: what an {@link ApiRequest.AnswerReader}
 * turns into a result or an exception.
 */
public final class Answer {
  private final ApiRequest<?> request;
  private final int code;
  private final Headers headers;
  private final byte[] body;
  private final int attempts;

  Answer(ApiRequest<?> request, int code, Headers headers, byte[] body, int attempts) {
    this.request = request;
    this.code = code;
    this.headers = headers;
    this.body = body;
    this.attempts = attempts;
  }

  /**
   * Returns the HTTP status.
   *
   * @return the status code
   */
  public int code() {
    return code;
  }

  /**
   * Tells whether the status is 2xx.
   *
   * @return true for 200 to 299
   */
  public boolean isSuccessful() {
    return code >= 200 && code < 300;
  }

  /**
   * Returns a header of the answer.
   *
   * @param name the header's name
   * @return its last value, or null
   */
  public @Nullable String header(String name) {
    return headers.get(name);
  }

  /**
   * Returns the body's bytes: the whole of a 2xx body; at most {@link Engine#MAX_ERROR_BYTES} of any
   * other.
   *
   * @return the bytes; do not change them
   */
  public byte[] body() {
    return body;
  }

  /**
   * Returns the body as text, in the charset its content type names (UTF-8 unless it names one).
   *
   * @return the text
   */
  public String text() {
    return text(body.length);
  }

  /** The start of the body as text: a message needs an excerpt, not a 16 MiB string. */
  private String text(int maxBytes) {
    // Parsed only here: most answers are read as JSON bytes, and MediaType parsing is regex work.
    String header = headers.get("Content-Type");
    MediaType contentType = header == null ? null : MediaType.parse(header);
    Charset charset = contentType == null ? StandardCharsets.UTF_8 : contentType.charset(StandardCharsets.UTF_8);
    return new String(body, 0, Math.min(maxBytes, body.length), charset);
  }

  /**
   * Returns how many attempts were made, this one included.
   *
   * @return at least 1
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Returns the server's explanation from the body's JSON envelope.
   *
   * @return the reason, or null
   */
  public @Nullable String reason() {
    return JsonCodec.reasonOrNull(body);
  }

  /**
   * Names the answer for a message: {@code HTTP 400 from PUT <url> (after 2 attempts)}.
   *
   * @return the description, without credentials
   */
  public String describe() {
    return "HTTP " + code + " from " + request.describe() + (attempts > 1 ? " (after " + attempts + " attempts)" : "");
  }

  /**
   * The standard exception for an answer that refuses the request.
   *
   * @return an exception naming the status, the request and the server's reason (escaped)
   */
  public HttpApiException refusal() {
    return refusal(reason());
  }

  /**
   * The standard exception for a refusal whose reason the caller has already read.
   *
   * @param reason the server's reason, or null
   * @return an exception naming the status, the request and the reason (escaped)
   */
  public HttpApiException refusal(@Nullable String reason) {
    String text = text();
    String detail = reason != null ? Text.escape(reason) : Text.excerpt(text);
    return new HttpApiException(describe() + (detail.isEmpty() ? "" : ": " + detail), code, reason, text, attempts);
  }

  /**
   * The exception for a 2xx answer that is not what the request expects. The server took the request.
   *
   * @param expected what was expected, such as "a JSON message with a message_id"
   * @return the exception
   */
  public UnexpectedResponseException unexpected(String expected) {
    return new UnexpectedResponseException(describe() + " is not " + expected
        + "; the server did accept the request. Body starts: " + Text.excerpt(text(Text.EXCERPT_BYTES)), code, attempts);
  }
}
