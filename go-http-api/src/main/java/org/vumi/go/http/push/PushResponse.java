package org.vumi.go.http.push;

/**
 * What to answer Vumi Go for one push: a status code and a short plain-text body.
 *
 * @param statusCode 200 when handled, 400 for a malformed body, 401 for wrong credentials, 405 for
 *     a method other than POST, 413 for a body over the limit, 500 when the application's callback
 *     failed
 * @param body a short explanation, safe to show: it never holds credentials
 */
public record PushResponse(int statusCode, String body) {
  static final PushResponse OK = new PushResponse(200, "OK");
  static final PushResponse UNAUTHORIZED = new PushResponse(401, "Unauthorized");
  static final PushResponse CALLBACK_FAILED = new PushResponse(500, "The application failed to handle the push");
  /** The {@code WWW-Authenticate} header of a 401, whichever server sends it. */
  static final String CHALLENGE = "Basic realm=\"Vumi Go push\"";
  /** The {@code Content-Type} of every answer's body. */
  static final String CONTENT_TYPE = "text/plain; charset=utf-8";
}
