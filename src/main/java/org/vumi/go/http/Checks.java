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

  /**
   * Returns {@code value}, refusing a lone UTF-16 surrogate: it is not text, JSON can only carry
   * it as an escape, and the server cannot turn it into a message.
   */
  static String requireWellFormed(String value, String parameter) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else {
          throw new IllegalArgumentException(parameter + " must be valid Unicode text, but has a lone surrogate"
              + " U+" + String.format("%04X", (int) c) + " at index " + i);
        }
      }
    }
    return value;
  }

  /** Returns a not blank, well-formed {@code value} without control characters: an address or a name. */
  static String requireName(String value, String parameter) {
    requireWellFormed(requireText(value, parameter), parameter);
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(parameter + " must not contain control characters, but has U+"
            + String.format("%04X", (int) value.charAt(i)) + " at index " + i);
      }
    }
    return value;
  }

  /** The constant whose wire name is {@code wireName}, or null: one lookup for every wire enum. */
  static <E extends Enum<E>> E byWireName(E[] values, java.util.function.Function<E, String> wireNameOf,
      String wireName) {
    for (E value : values) {
      if (wireNameOf.apply(value).equals(wireName)) {
        return value;
      }
    }
    return null;
  }
}
