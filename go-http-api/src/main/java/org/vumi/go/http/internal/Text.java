package org.vumi.go.http.internal;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Makes text from a server or a caller safe for an exception message or a log line: control
 * characters (which could forge log lines or drive a terminal) become visible escapes, and text
 * longer than {@link #MAX_CHARS} is cut, so that no answer can make a message megabytes long.
 * Every piece of server text that enters a message goes through {@link #escape} (or {@link #quote}
 * or {@link #excerpt}, which use it).
 */
public final class Text {
  private static final int EXCERPT_CHARS = 200;
  /** The most characters of one piece of text a message shows; the rest is counted, as {@code ... (N more characters)}. */
  public static final int MAX_CHARS = 1024;
  /** Enough of a body for an excerpt, whatever its whitespace: what is decoded of a large one. */
  public static final int EXCERPT_BYTES = 4 * 1024;

  private Text() {}

  /**
   * Escapes C0 and C1 controls, DEL, the Unicode line and paragraph separators and lone surrogates
   * as {@code \\uXXXX}; a backslash is left as it is. Text longer than {@link #MAX_CHARS} is cut
   * there (never inside a surrogate pair) before it is escaped, and
   * {@code ... (N more characters)} says how much was left out.
   *
   * @param text any text, or null
   * @return the text with nothing that moves a cursor or breaks a line, at most
   *     {@link #MAX_CHARS} of it; "null" for null
   */
  public static String escape(@Nullable String text) {
    if (text == null) {
      return "null";
    }
    if (text.length() <= MAX_CHARS) {
      return escapeWhole(text);
    }
    int end = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1))
        && Character.isLowSurrogate(text.charAt(MAX_CHARS)) ? MAX_CHARS - 1 : MAX_CHARS;
    return escapeWhole(text.substring(0, end)) + "... (" + (text.length() - end) + " more characters)";
  }

  private static String escapeWhole(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || isLoneSurrogate(text, i);
      if (unsafe && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (unsafe) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
      if (Character.isHighSurrogate(c) && !unsafe && i + 1 < text.length()) {
        i++;
        if (out != null) {
          out.append(text.charAt(i));
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private static boolean isLoneSurrogate(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    return Character.isLowSurrogate(c); // a low one reached here had no high one before it
  }

  /**
   * Quotes a value for an error message, escaped, so blank and odd values stay visible.
   *
   * @param value the value, or null
   * @return {@code "value"}, or {@code null}
   */
  public static String quote(@Nullable String value) {
    return value == null ? "null" : '"' + escape(value) + '"';
  }

  /**
   * The start of a body for an error message: on one line, escaped, at most 200 characters.
   *
   * @param text the body as text
   * @return the excerpt, possibly empty
   */
  public static String excerpt(String text) {
    // Only the start is looked at: a body may be megabytes.
    String start = text.length() <= EXCERPT_BYTES ? text : text.substring(0, EXCERPT_BYTES);
    String oneLine = start.strip().replaceAll("\\s+", " ");
    String cut = oneLine.length() <= EXCERPT_CHARS ? oneLine : oneLine.substring(0, EXCERPT_CHARS) + "…";
    return escape(cut);
  }

  /**
   * Python 2's {@code repr} of a unicode string: {@code u'…'}, or {@code u"…"} when it has a
   * {@code '} and no {@code "}; a wide build writes a character past U+FFFF as {@code \\U0001f600},
   * a narrow one as its two surrogates' {@code \\u} escapes. The contacts client matches the
   * server's words with it; the emulator writes them with it.
   *
   * @param text the string
   * @param wide true for a wide build of Python 2 (Vumi Go's), false for a narrow one
   * @return the repr
   */
  public static String pythonRepr(String text, boolean wide) {
    return repr("u", text, wide ? text.codePoints() : text.chars());
  }

  /**
   * Python 2's {@code repr} of a byte string: {@code '…'} (quoted as {@link #pythonRepr(String,
   * boolean)} quotes), every byte outside printable ASCII as {@code \\xNN}.
   *
   * @param bytes the string's bytes
   * @return the repr
   */
  public static String pythonRepr(byte[] bytes) {
    String latin1 = new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte, 0 to 255
    return repr("", latin1, latin1.chars());
  }

  private static String repr(String prefix, String text, IntStream characters) {
    char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder(prefix).append(quote);
    characters.forEach(c -> {
      if (c == quote || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0x100)) {
        out.append(String.format("\\x%02x", c));
      } else if (c < 0x80) {
        out.append((char) c);
      } else if (c < 0x10000) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.append(String.format("\\U%08x", c));
      }
    });
    return out.append(quote).toString();
  }
}
