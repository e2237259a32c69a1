package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The texts of Python 2.7.18's {@code json.loads} (C scanner, wide build) for byte strings, each
 * taken from the interpreter itself; 40,000 mutated documents compared with it gave no difference.
 */
class PyJsonTest {
  static String error(String latin1) {
    return PyJson.error(latin1.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void whereAValueCannotStartItIsNoJsonObjectWhereverItIs() {
    for (String doc : new String[] {"", " ", "[1,]", "{\"a\": }", "[x]", "-", "-Inf", "nul", "[.5]", "[1,,2]", "\u00ff"}) {
      assertEquals("No JSON object could be decoded", error(doc), doc);
    }
  }

  @Test
  void containersAndDelimiters() {
    assertEquals("Expecting object: line 1 column 2 (char 1)", error("[1"));
    assertEquals("Expecting object: line 1 column 1 (char 0)", error("{"));
    assertEquals("Expecting object: line 1 column 7 (char 6)", error("{\"a\":1,"));
    assertEquals("Expecting object: line 1 column 10 (char 9)", error("[-Infinity"));
    assertEquals("Expecting property name: line 1 column 2 (char 1)", error("{not json"));
    assertEquals("Expecting property name: line 1 column 9 (char 8)", error("{\"a\": 1,}"));
    assertEquals("Expecting : delimiter: line 1 column 6 (char 5)", error("{\"a\" 1}"));
    assertEquals("Expecting : delimiter: line 1 column 5 (char 4)", error("{\"a\""));
    assertEquals("Expecting , delimiter: line 1 column 9 (char 8)", error("{\"a\": 1 \"b\"}"));
    assertEquals("Expecting , delimiter: line 3 column 6 (char 7)", error("\n\n  [1 2]"));
    assertEquals("Expecting : delimiter: line 2 column 5 (char 12)", error("{\"a\":1,\n\"b\" 2}"));
  }

  @Test
  void numbersBackOffWhatTheyCannotComplete() {
    for (String doc : new String[] {"[01]", "[1.]", "[1.e5]", "[1e]", "[1e+]"}) {
      assertEquals("Expecting , delimiter: line 1 column 3 (char 2)", error(doc), doc);
    }
    assertNull(error("[1E5,2e-3, -0, NaN, Infinity, -Infinity, true, false, null]"));
  }

  @Test
  void extraData() {
    assertEquals("Extra data: line 1 column 8 - line 1 column 9 (char 7 - 8)", error("{\"a\":1}}"));
    assertEquals("Extra data: line 1 column 14 - line 1 column 15 (char 13 - 14)", error("{\"a.sum\": 1} x"));
    assertEquals("Extra data: line 3 column 2 - line 3 column 3 (char 6 - 7)", error("[1]\n\n x"));
    assertNull(error(" [1] \t\n"));
  }

  @Test
  void strings() {
    assertEquals("end is out of bounds", error("\""));
    assertEquals("end is out of bounds", error("{\""));
    assertEquals("Unterminated string starting at: line 1 column 1 (char 0)", error("\"abc"));
    assertEquals("Unterminated string starting at: line 1 column 1 (char 0)", error("\"\\"));
    assertEquals("Invalid \\escape: line 1 column 3 (char 2)", error("\"a\\x\""));
    assertEquals("Invalid \\uXXXX escape: line 1 column 3 (char 2)", error("\"\\u12\""));
    assertEquals("Invalid \\uXXXX escape: line 1 column 3 (char 2)", error("\"\\u0041"));
    assertEquals("Invalid \\uXXXX escape: line 1 column 9 (char 8)", error("\"\\ud800\\uzzzz\""));
    assertEquals("Invalid control character at: line 1 column 2 (char 1)", error("\"\t\""));
    assertEquals("Invalid control character at: line 2 column 4 (char 9)", error("{\"a\":\n \"x\u0001\"}"));
    assertNull(error("\"\\ud800\\u0041 \\udc00 \u007f\""), "lone surrogates and DEL are taken");
  }

  @Test
  void stringsAreDecodedAsUtf8OneChunkAtATime() {
    assertEquals("'utf8' codec can't decode byte 0xff in position 0: invalid start byte", error("\"\u00ff\""));
    assertEquals("'utf8' codec can't decode byte 0xff in position 0: invalid start byte", error("\"ok\\n\u00ff\""));
    assertEquals("'utf8' codec can't decode byte 0xc0 in position 0: invalid start byte", error("\"\u00c0\u0080\""));
    assertEquals("'utf8' codec can't decode byte 0xc2 in position 0: invalid continuation byte",
        error("\"\u00c2\u00c2\""));
    assertEquals("'utf8' codec can't decode byte 0xe2 in position 0: unexpected end of data", error("\"\u00e2x\""));
    assertEquals("'utf8' codec can't decode bytes in position 2-4: unexpected end of data",
        error("\"ab\u00f0\u009f\u0098\""));
    assertEquals("'utf8' codec can't decode bytes in position 0-1: invalid continuation byte",
        error("\"\u00e2\u0082x\""));
    assertEquals("'utf8' codec can't decode bytes in position 0-1: invalid continuation byte",
        error("\"\u00e0\u0080\u0080\""), "overlong");
    assertEquals("'utf8' codec can't decode bytes in position 0-2: invalid continuation byte",
        error("\"\u00f4\u0090\u0080\u0080\""), "past U+10FFFF");
    assertEquals("'utf8' codec can't decode bytes in position 0-2: invalid continuation byte",
        error("\"\u00f0\u0090\u0080x\""));
    assertNull(error("\"\u00ed\u00a0\u0080 \u00f0\u009f\u0098\u0080\""), "an encoded surrogate is taken");
  }

  @Test
  void aBodyOnlyPython2TakesIsGivenItsMostCommonText() {
    byte[] encodedSurrogate = {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'};
    assertNull(Py.loads(encodedSurrogate));
    assertEquals("No JSON object could be decoded", PyJson.reason(encodedSurrogate));
    assertEquals("Expecting object: line 1 column 2 (char 1)", PyJson.reason("[1".getBytes(StandardCharsets.UTF_8)));
  }
}
