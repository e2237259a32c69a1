package org.vumi.go.http.contacts;

/** A 2xx answer whose JSON is not the shape the API documents; the client turns it into an UnexpectedResponseException. */
final class Malformed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Malformed(String message) {
    super(message, null, false, false);
  }
}
