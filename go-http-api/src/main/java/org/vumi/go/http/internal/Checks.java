package org.vumi.go.http.internal;

import org.jspecify.annotations.Nullable;

/** Argument checks shared by the public values, so every message names the parameter the same way. */
public final class Checks {
  private Checks() {}

  /** Returns {@code value}, refusing null and blank strings. */
  public static String requireText(String value, String parameter) {
    requireNonNull(value, parameter);
    if (value.isBlank()) {
      throw new IllegalArgumentException(parameter + " must not be blank");
    }
    return value;
  }

  /** Returns {@code value}, refusing null with a message that names the parameter. */
  public static <T> T requireNonNull(@Nullable T value, String parameter) {
    if (value == null) {
      throw new NullPointerException(parameter + " must not be null");
    }
    return value;
  }

  /**
   * Quotes a caller's value for an error message, escaped, so blank and odd values stay visible.
   *
   * @param value the value, or null
   * @return the quoted value
   */
  public static String quote(@Nullable String value) {
    return Text.quote(value);
  }

  /**
   * Returns {@code value}, refusing a lone UTF-16 surrogate: it is not text, JSON can only carry
   * it as an escape, and the server cannot turn it into a message.
   */
  public static String requireWellFormed(String value, String parameter) {
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
  public static String requireName(String value, String parameter) {
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
  public static <E extends Enum<E>> @Nullable E byWireName(E[] values,
      java.util.function.Function<E, String> wireNameOf, @Nullable String wireName) {
    for (E value : values) {
      if (wireNameOf.apply(value).equals(wireName)) {
        return value;
      }
    }
    return null;
  }

  /**
   * Returns a key or token that goes into Basic auth or a URL exactly as given: printable ASCII
   * without spaces (U+0021 to U+007E). Anything else could not be sent faithfully (HTTP headers are
   * not UTF-8, and Vumi Go's keys and tokens are ASCII) or would be ambiguous.
   *
   * @param value the key or token
   * @param parameter its name, for the message
   * @return the value
   */
  public static String requireCredential(String value, String parameter) {
    requireText(value, parameter);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        // Never echo the value: it may be a secret.
        throw new IllegalArgumentException(parameter + " must be printable ASCII without spaces (U+0021 to U+007E),"
            + " but has U+" + String.format("%04X", (int) c) + " at index " + i);
      }
    }
    return value;
  }

  /**
   * Returns a value that becomes one URL path segment (percent-encoded): a name without control
   * characters, and not {@code .} or {@code ..}, which URL resolution would turn into "this folder"
   * or "the folder above".
   *
   * @param value the key
   * @param parameter its name, for the message
   * @return the value
   */
  public static String requirePathSegment(String value, String parameter) {
    requireName(value, parameter);
    if (value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException(parameter + " must not be \".\" or \"..\", but was " + quote(value));
    }
    return value;
  }

  /**
   * Returns {@code value}, refusing one longer than {@code max} characters: a key or address that
   * goes into a URL, where a megabyte would be sent as it is.
   *
   * @param value the value, checked for null before
   * @param parameter its name, for the message
   * @param max the most characters
   * @param why what the bound is, for the message, such as "Vumi Go's keys are 32 hex digits"
   * @return the value
   */
  public static String requireMaxLength(String value, String parameter, int max, String why) {
    if (value.length() > max) {
      throw new IllegalArgumentException(parameter + " must be at most " + max + " characters (" + why + "), but has "
          + value.length());
    }
    return value;
  }
}
