package org.vumi.go.http.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Basic {@code Authorization} header twice, as Vumi Go does: once as Twisted's guard does
 * to log in (lenient: padding optional, characters outside base64 skipped), and once as Twisted's
 * {@code Request.getUser()} does, which the API's code uses as the account key (strict: exactly
 * two words, padded base64). When the two disagree, the server logs the request in and then works
 * with an empty account key. Keys and tokens are UTF-8, as everywhere in this library.
 */
final class BasicAuth {
  private BasicAuth() {}

  /** A user and password as the guard decoded them. */
  record Credentials(String user, String password) {}

  private static final int[] ALPHABET = new int[128];

  static {
    java.util.Arrays.fill(ALPHABET, -1);
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < chars.length(); i++) {
      ALPHABET[chars.charAt(i)] = i;
    }
  }

  /**
   * The credentials Twisted's guard logs in with ({@code HTTPAuthSessionWrapper} with a
   * {@code BasicCredentialFactory}).
   *
   * @param header the Authorization header, or null
   * @return the credentials, or null where the guard answers 401 without asking the checker
   */
  static @Nullable Credentials guard(@Nullable String header) {
    if (header == null || header.isEmpty()) {
      return null;
    }
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    if (!scheme.equalsIgnoreCase("basic")) {
      return null;
    }
    byte[] decoded = a2bBase64(space < 0 ? "===" : header.substring(space + 1) + "===");
    return decoded == null ? null : split(decoded);
  }

  /**
   * The user Twisted's {@code Request.getUser()} reads from the same header.
   *
   * @param header the Authorization header, or null
   * @return the user, or null where Twisted gives the empty user
   */
  static @Nullable String requestUser(@Nullable String header) {
    if (header == null) {
      return null;
    }
    // Python's bytes.split(): runs of ASCII whitespace, none at either end.
    String[] words = header.replaceAll("^[ \t\n\r\u000b\f]+", "").split("[ \t\n\r\u000b\f]+");
    if (words.length != 2 || !words[0].equalsIgnoreCase("basic")) {
      return null;
    }
    byte[] decoded = a2bBase64(words[1]);
    Credentials credentials = decoded == null ? null : split(decoded);
    return credentials == null ? null : credentials.user();
  }

  /** Splits at the first colon; null without one, or where a part is not UTF-8. */
  private static @Nullable Credentials split(byte[] decoded) {
    for (int i = 0; i < decoded.length; i++) {
      if (decoded[i] == ':') {
        String user = utf8(decoded, 0, i);
        String password = utf8(decoded, i + 1, decoded.length - i - 1);
        return user == null || password == null ? null : new Credentials(user, password);
      }
    }
    return null;
  }

  private static @Nullable String utf8(byte[] bytes, int offset, int length) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, offset, length)).toString();
    } catch (CharacterCodingException notUtf8) {
      return null;
    }
  }

  /**
   * CPython 2.7's {@code binascii.a2b_base64}: skips what is not base64, ends at a complete pad.
   *
   * @return the bytes, or null for its {@code Incorrect padding} error
   */
  static byte @Nullable [] a2bBase64(String data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int quadPos = 0;
    int leftChar = 0;
    int leftBits = 0;
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c > 0x7f) {
        continue;
      }
      if (c == '=') {
        if (quadPos < 2 || (quadPos == 2 && nextValid(data, i + 1) != '=')) {
          continue;
        }
        leftBits = 0;
        break;
      }
      int sextet = ALPHABET[c];
      if (sextet < 0) {
        continue;
      }
      quadPos = (quadPos + 1) & 3;
      leftChar = (leftChar << 6) | sextet;
      leftBits += 6;
      if (leftBits >= 8) {
        leftBits -= 8;
        out.write((leftChar >> leftBits) & 0xff);
        leftChar &= (1 << leftBits) - 1;
      }
    }
    return leftBits == 0 ? out.toByteArray() : null;
  }

  /** The next character from {@code from} that is base64 or a pad, or -1. */
  private static int nextValid(String data, int from) {
    for (int i = from; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c <= 0x7f && (c == '=' || ALPHABET[c] >= 0)) {
        return c;
      }
    }
    return -1;
  }
}
