package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Python 2.7 semantics the emulator copies; every expected text was printed by Python 2.7.18. */
class PyTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  @Test
  void reprOfWhatJsonLoadsReturns() throws Exception {
    assertEquals("[100000000000000000000L, 1.5, True, None, u\"a'b\", u'\\xe9\\u1234\\U0001f600', u'a\"b\\'c']",
        Py.repr(json("[100000000000000000000, 1.5, true, null, \"a'b\", \"\u00e9\u1234\uD83D\uDE00\", \"a\\\"b'c\"]")));
    assertEquals("u'\\ud83d'", Py.repr(TextNode.valueOf("\ud83d")));
    assertEquals("u'\\x7f\\x01\\t\\\\'", Py.repr(TextNode.valueOf("\u007f\u0001\t\\")));
    assertEquals("{u'a': [1, False]}", Py.repr(json("{\"a\": [1, false]}")));
  }

  @Test
  void floatsAsPythonWritesThem() {
    assertEquals("0.30000000000000004", Py.floatRepr(0.1 + 0.2));
    assertEquals("1e+16", Py.floatRepr(1e16));
    assertEquals("1000000000000000.0", Py.floatRepr(1e15));
    assertEquals("1e-05", Py.floatRepr(1e-5));
    assertEquals("0.0001", Py.floatRepr(1e-4));
    assertEquals("1.5e+300", Py.floatRepr(1.5e300));
    assertEquals("-0.0", Py.floatRepr(-0.0));
    assertEquals("nan", Py.floatRepr(Double.NaN));
    assertEquals("-inf", Py.floatRepr(Double.NEGATIVE_INFINITY));
    assertEquals("0.3", Py.floatStr(0.1 + 0.2));
    assertEquals("1.23456789012e+11", Py.floatStr(123456789012.5));
    assertEquals("1.23456789012e+13", Py.floatStr(12345678901234.0));
    assertEquals("12345678901.0", Py.floatStr(12345678901.0));
    assertEquals("99999999999.5", Py.floatStr(99999999999.5));
    assertEquals("1e+12", Py.floatStr(999999999999.5));
    assertEquals("1e-05", Py.floatStr(1e-5));
    assertEquals("1.0", Py.floatStr(1.0));
    assertEquals("0.0", Py.floatStr(0.0));
    assertEquals("inf", Py.floatStr(Double.POSITIVE_INFINITY));
  }

  @Test
  void strRefusesNonAsciiTextAndFormatKeepsIt() throws Exception {
    assertThrows(Py.UnicodeEncodeError.class, () -> Py.str(TextNode.valueOf("\u00fc")));
    assertEquals("\u00fc", Py.format(TextNode.valueOf("\u00fc")));
    assertEquals("[u'\\xfc']", Py.str(json("[\"\u00fc\"]")));
    assertEquals("2.5", Py.str(json("2.5")));
    assertEquals("None", Py.str(null));
    assertEquals("None", Py.format(null));
    assertEquals("7", Py.format(json("7")));
  }

  @Test
  void floatOfJsonValues() throws Exception {
    assertEquals(12.0, Py.toFloat(TextNode.valueOf("\u00a012\u2003")));
    assertEquals(-0.5, Py.toFloat(TextNode.valueOf("-.5")));
    assertEquals(5.0, Py.toFloat(TextNode.valueOf("5.")));
    assertEquals(Double.NEGATIVE_INFINITY, Py.toFloat(TextNode.valueOf("-Inf")));
    assertEquals(Double.NaN, Py.toFloat(TextNode.valueOf("+nan")));
    assertEquals(0.0, Py.toFloat(json("false")));
    assertNull(Py.toFloat(TextNode.valueOf("1f")));
    assertNull(Py.toFloat(TextNode.valueOf("Infinit")));
    assertNull(Py.toFloat(json("{}")));
  }

  @Test
  void loadsIsPythonsJsonLoads() {
    assertNull(Py.loads("".getBytes(StandardCharsets.UTF_8)));
    assertNull(Py.loads(" ".getBytes(StandardCharsets.UTF_8)));
    assertNull(Py.loads(new byte[] {'"', (byte) 0xff, '"'}));
    assertNull(Py.loads("[1] [2]".getBytes(StandardCharsets.UTF_8)));
    assertNull(Py.loads("[+Infinity]".getBytes(StandardCharsets.UTF_8)));
    assertEquals(3, Py.loads("[NaN, -Infinity, 1e400]".getBytes(StandardCharsets.UTF_8)).size());
  }

  @Test
  void truthiness() throws Exception {
    for (String falsy : new String[] {"null", "false", "0", "0.0", "\"\"", "[]", "{}"}) {
      assertEquals(false, Py.truthy(json(falsy)), falsy);
    }
    for (String truthy : new String[] {"true", "-1", "0.5", "\"0\"", "[0]", "{\"a\": 0}", "100000000000000000000"}) {
      assertEquals(true, Py.truthy(json(truthy)), truthy);
    }
  }
}
