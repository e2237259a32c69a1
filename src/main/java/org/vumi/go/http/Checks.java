package org.vumi.go.http;

/** Argument checks shared by the public values, so every message names the parameter the same way. */
final class Checks {
  private Checks() {}

  /** Returns {@code value}, refusing null and blank strings. */
  static String requireText(String value, String parameter) {
    requireNonNull(value, parameter);
    if (value.isBlank()) {
      throw new IllegalArgumentException(parameter + " must not be blank");
    }
    return value;
  }

  /** Returns {@code value}, refusing null with a message that names the parameter. */
  static <T> T requireNonNull(T value, String parameter) {
    if (value == null) {
      throw new NullPointerException(parameter + " must not be null");
    }
    return value;
  }

  /** Quotes a caller's value for an error message, so blank and odd values stay visible. */
  static String quote(String value) {
    return value == null ? "null" : '"' + value + '"';
  }
}
