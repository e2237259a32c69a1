package org.vumi.go.http.testing;

import org.jspecify.annotations.Nullable;

/**
 * Why Python 2.7's {@code json.loads} refuses a request body, in its own words: the text of the
 * {@code ValueError} its C scanner raises on a byte string (the servers read the body as one),
 * which the opt-outs, metrics and contacts APIs put after {@code Invalid JSON: }. It walks the body
 * as {@code _json.c} does, quirks included: a value that cannot start where one must is "No JSON
 * object could be decoded" wherever it is, a container left open is "Expecting object" at the last
 * byte, and a string's bytes are decoded as UTF-8 one chunk (between escapes) at a time, so a
 * decoding error counts positions from the chunk's start.
 */
final class PyJson {
  private PyJson() {}

  /** Python's {@code StopIteration} from the scanner: no value starts here. */
  private static final class NoValue extends Exception {
    private static final long serialVersionUID = 1L;

    NoValue() {
      super(null, null, false, false);
    }
  }

  /** Python's {@code ValueError} (or {@code UnicodeDecodeError}) with its text. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String text) {
      super(text, null, false, false);
    }
  }

  /**
   * Returns the text of the error {@code json.loads} raises for the body.
   *
   * @param doc the body's bytes
   * @return the text, or null where Python 2.7 reads the body as JSON
   */
  static @Nullable String error(byte[] doc) {
    Scanner scanner = new Scanner(doc);
    try {
      int end = scanner.whitespace(scanner.value(scanner.whitespace(0)));
      return end == doc.length ? null : scanner.message("Extra data", end, doc.length);
    } catch (NoValue none) {
      return "No JSON object could be decoded"; // raw_decode's text, wherever the scanner stopped
    } catch (Refused refused) {
      return refused.getMessage();
    }
  }

  /**
   * The text after {@code Invalid JSON: } for a body {@link Py#loads} refused.
   *
   * @return Python's text; its most common one where Python would have read the body after all
   *     (UTF-8-encoded surrogates, which only Python 2 takes)
   */
  static String reason(byte[] doc) {
    String error = error(doc);
    return error == null ? "No JSON object could be decoded" : error;
  }

  private static final class Scanner {
    final byte[] doc;
    final int lastIndex;

    Scanner(byte[] doc) {
      this.doc = doc;
      this.lastIndex = doc.length - 1;
    }

    int at(int index) {
      return doc[index] & 0xff;
    }

    int whitespace(int index) {
      while (index <= lastIndex && (at(index) == ' ' || at(index) == '\t' || at(index) == '\n' || at(index) == '\r')) {
        index++;
      }
      return index;
    }

    /** {@code scan_once_str}: the end of the value that starts at {@code index}. */
    int value(int index) throws NoValue, Refused {
      if (index >= doc.length) {
        throw new NoValue();
      }
      switch (at(index)) {
        case '"' -> {
          return string(index + 1);
        }
        case '{' -> {
          return object(index + 1);
        }
        case '[' -> {
          return array(index + 1);
        }
        default -> {
          for (String constant : new String[] {"null", "true", "false", "NaN", "Infinity", "-Infinity"}) {
            if (at(index) == constant.charAt(0) && index + constant.length() - 1 < doc.length
                && new String(doc, index, constant.length(), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .equals(constant)) {
              return index + constant.length();
            }
          }
          return number(index);
        }
      }
    }

    /** {@code _match_number_str}, which backs off a fraction or exponent it cannot complete. */
    int number(int start) throws NoValue {
      int index = start;
      if (at(index) == '-') {
        index++;
        if (index > lastIndex) {
          throw new NoValue();
        }
      }
      if (at(index) >= '1' && at(index) <= '9') {
        index++;
        while (index <= lastIndex && digit(index)) {
          index++;
        }
      } else if (at(index) == '0') {
        index++;
      } else {
        throw new NoValue();
      }
      if (index < lastIndex && at(index) == '.' && digit(index + 1)) {
        index += 2;
        while (index <= lastIndex && digit(index)) {
          index++;
        }
      }
      if (index < lastIndex && (at(index) == 'e' || at(index) == 'E')) {
        int exponent = index;
        index++;
        if (index < lastIndex && (at(index) == '-' || at(index) == '+')) {
          index++;
        }
        while (index <= lastIndex && digit(index)) {
          index++;
        }
        if (!digit(index - 1)) {
          index = exponent;
        }
      }
      return index;
    }

    boolean digit(int index) {
      return at(index) >= '0' && at(index) <= '9';
    }

    /** {@code scanstring_str}, from the byte after the opening quote. */
    int string(int end) throws Refused {
      int begin = end - 1;
      if (end >= doc.length) {
        throw new Refused("end is out of bounds"); // a quote as the last byte
      }
      while (true) {
        int c = 0;
        int next;
        boolean ascii = true;
        for (next = end; next < doc.length; next++) {
          c = at(next);
          if (c == '"' || c == '\\') {
            break;
          } else if (c <= 0x1f) {
            throw refused("Invalid control character at", next);
          } else if (c > 0x7f) {
            ascii = false;
          }
        }
        if (!(c == '"' || c == '\\') || next == doc.length) {
          throw refused("Unterminated string starting at", begin);
        }
        if (!ascii) {
          utf8(end, next);
        }
        next++;
        if (c == '"') {
          return next;
        }
        if (next == doc.length) {
          throw refused("Unterminated string starting at", begin);
        }
        c = at(next);
        if (c != 'u') {
          end = next + 1;
          if ("\"\\/bfnrt".indexOf(c) < 0) {
            throw refused("Invalid \\escape", end - 2);
          }
        } else {
          // A surrogate pair is read as two escapes would be; Python 2.7 takes lone surrogates.
          next++;
          end = next + 4;
          if (end >= doc.length) {
            throw refused("Invalid \\uXXXX escape", next - 1);
          }
          for (; next < end; next++) {
            if (Character.digit(at(next), 16) < 0) {
              throw refused("Invalid \\uXXXX escape", end - 5);
            }
          }
        }
      }
    }

    /**
     * CPython 2.7's UTF-8 decoder on the chunk {@code [from, to)}: surrogates are allowed, and its
     * error spans are its own.
     */
    void utf8(int from, int to) throws Refused {
      int size = to - from;
      for (int s = 0; s < size;) {
        int first = at(from + s);
        int n = first < 0x80 ? 1 : first < 0xc2 ? 0 : first < 0xe0 ? 2 : first < 0xf0 ? 3 : first < 0xf5 ? 4 : 0;
        if (n == 0) {
          throw decodeError(s, s + 1, "invalid start byte", from);
        }
        if (s + n > size) {
          int end = s + 1;
          for (int k = 1; k < size - s && continuation(from + s + k); k++) {
            end++;
          }
          throw decodeError(s, end, "unexpected end of data", from);
        }
        if (n >= 2) {
          int end = s + 1;
          for (int k = 1; k < n; k++) {
            if (!continuation(from + s + k)) {
              throw decodeError(s, end, "invalid continuation byte", from);
            }
            end++;
          }
          int point = first & (0xff >> (n + 1));
          for (int k = 1; k < n; k++) {
            point = (point << 6) | (at(from + s + k) & 0x3f);
          }
          if (n == 3 && point < 0x800) {
            throw decodeError(s, s + 2, "invalid continuation byte", from);
          }
          if (n == 4 && (point < 0x10000 || point > 0x10ffff)) {
            throw decodeError(s, s + 3, "invalid continuation byte", from);
          }
        }
        s += n;
      }
    }

    boolean continuation(int index) {
      return (at(index) & 0xc0) == 0x80;
    }

    /** {@code str(UnicodeDecodeError)}, positions counted from the chunk's start. */
    Refused decodeError(int start, int end, String reason, int chunk) {
      return new Refused(end == start + 1
          ? String.format("'utf8' codec can't decode byte 0x%02x in position %d: %s", at(chunk + start), start, reason)
          : String.format("'utf8' codec can't decode bytes in position %d-%d: %s", start, end - 1, reason));
    }

    /** {@code _parse_object_str}, from the byte after the brace. */
    int object(int index) throws NoValue, Refused {
      index = whitespace(index);
      if (index <= lastIndex && at(index) != '}') {
        while (index <= lastIndex) {
          if (at(index) != '"') {
            throw refused("Expecting property name", index);
          }
          index = whitespace(string(index + 1));
          if (index > lastIndex || at(index) != ':') {
            throw refused("Expecting : delimiter", index);
          }
          index = whitespace(value(whitespace(index + 1)));
          if (index > lastIndex || at(index) == '}') {
            break;
          }
          if (at(index) != ',') {
            throw refused("Expecting , delimiter", index);
          }
          index = whitespace(index + 1);
        }
      }
      if (index > lastIndex || at(index) != '}') {
        throw refused("Expecting object", lastIndex);
      }
      return index + 1;
    }

    /** {@code _parse_array_str}, from the byte after the bracket. */
    int array(int index) throws NoValue, Refused {
      index = whitespace(index);
      if (index <= lastIndex && at(index) != ']') {
        while (index <= lastIndex) {
          index = whitespace(value(index));
          if (index > lastIndex || at(index) == ']') {
            break;
          }
          if (at(index) != ',') {
            throw refused("Expecting , delimiter", index);
          }
          index = whitespace(index + 1);
        }
      }
      if (index > lastIndex || at(index) != ']') {
        throw refused("Expecting object", lastIndex);
      }
      return index + 1;
    }

    Refused refused(String what, int position) {
      return new Refused(message(what, position, -1));
    }

    /** {@code json.decoder.errmsg}: lines and columns counted in bytes, from 1. */
    String message(String what, int position, int end) {
      String at = lineColumn(position);
      return end < 0 ? what + ": " + at + " (char " + position + ")"
          : what + ": " + at + " - " + lineColumn(end) + " (char " + position + " - " + end + ")";
    }

    String lineColumn(int position) {
      int line = 1;
      int lastNewline = -1;
      for (int i = 0; i < Math.min(position, doc.length); i++) {
        if (doc[i] == '\n') {
          line++;
          lastNewline = i;
        }
      }
      return "line " + line + " column " + (line == 1 ? position + 1 : position - lastNewline);
    }
  }
}
