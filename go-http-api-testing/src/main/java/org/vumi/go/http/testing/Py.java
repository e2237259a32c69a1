package org.vumi.go.http.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Text;

/**
 * What Vumi Go's Python 2 code does with a request's JSON: {@code json.loads}, {@code str()},
 * {@code repr()}, {@code float()} and iteration, so that the emulator's answers carry the same
 * values and texts as the server's.
 */
final class Py {
  private Py() {}

  /**
   * Writes JSON as Python's {@code json.dumps} does by default ({@code ensure_ascii}): every
   * character past ASCII as a {@code \\uXXXX} escape, so a lone surrogate in a request comes back
   * as the same escape, not as {@code ?}.
   */
  static final ObjectMapper ASCII_JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private static final ObjectMapper LOADS = JsonMapper.builder()
      // Python's json module reads NaN, Infinity and -Infinity as floats; loads() checks the spelling.
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  static {
    // The body is bounded by the emulator; no string in it may be refused for its length alone.
    LOADS.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxStringLength(Integer.MAX_VALUE).maxNumberLength(Integer.MAX_VALUE).build());
  }

  private static final Set<String> PYTHON_NON_NUMBERS = Set.of("NaN", "Infinity", "-Infinity");
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final Pattern FLOAT = Pattern.compile(
      "[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|(?i:inf|infinity|nan))");

  /**
   * Python 2's {@code json.loads} of a request body: strict UTF-8 (so a byte-order mark or UTF-16
   * is not JSON), one value and nothing after it but whitespace, {@code NaN}/{@code Infinity}/{@code
   * -Infinity} allowed.
   *
   * @return the value, or null where Python raises {@code ValueError}
   */
  static @Nullable JsonNode loads(byte[] body) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException notUtf8) {
      return null;
    }
    try {
      if (!onlyPythonNonNumbers(text)) {
        return null;
      }
      JsonNode value = LOADS.readTree(text);
      return value == null || value.isMissingNode() ? null : value;
    } catch (IOException notJson) {
      return null;
    }
  }

  /** Jackson also reads {@code +Infinity}, {@code -INF} and {@code +INF}; Python does not. */
  private static boolean onlyPythonNonNumbers(String text) throws IOException {
    try (JsonParser parser = LOADS.createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_NUMBER_FLOAT && parser.isNaN() && !PYTHON_NON_NUMBERS.contains(parser.getText())
            && !parser.getText().matches("-?\\d.*")) {
          return false;
        }
      }
    }
    return true;
  }

  /** Python truthiness of a JSON value. */
  static boolean truthy(JsonNode value) {
    if (value.isNull()) {
      return false;
    }
    if (value.isTextual()) {
      return !value.asText().isEmpty();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().signum() != 0;
    }
    if (value.isNumber()) {
      return value.doubleValue() != 0; // NaN is true in Python too
    }
    return value.size() > 0;
  }

  /** Thrown where Python's {@code str()} of a non-ASCII unicode string raises {@code UnicodeEncodeError}. */
  static final class UnicodeEncodeError extends Exception {
    private static final long serialVersionUID = 1L;

    UnicodeEncodeError() {
      super("'ascii' codec can't encode character", null, false, false);
    }
  }

  /** Python 2's {@code "%s" % value}: a string as it is (the result becomes unicode), anything else as {@code str()}. */
  static String format(JsonNode value) {
    if (value == null) {
      return "None";
    }
    return value.isTextual() ? value.asText() : strOfNonText(value);
  }

  /** Python 2's {@code str(value)}. */
  static String str(JsonNode value) throws UnicodeEncodeError {
    if (value == null) {
      return "None";
    }
    if (value.isTextual()) {
      String text = value.asText();
      if (!text.chars().allMatch(c -> c < 0x80)) {
        throw new UnicodeEncodeError();
      }
      return text;
    }
    return strOfNonText(value);
  }

  private static String strOfNonText(JsonNode value) {
    if (value.isNumber() && !value.isIntegralNumber()) {
      return floatStr(value.doubleValue());
    }
    return repr(value);
  }

  /** Python 2's {@code repr(value)} of what {@code json.loads} returns (objects in document order). */
  static String repr(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "None";
    }
    if (value.isBoolean()) {
      return value.asBoolean() ? "True" : "False";
    }
    if (value.isIntegralNumber()) {
      BigInteger number = value.bigIntegerValue();
      boolean isLong = number.compareTo(LONG_MIN) < 0 || number.compareTo(LONG_MAX) > 0;
      return number + (isLong ? "L" : "");
    }
    if (value.isNumber()) {
      return floatRepr(value.doubleValue());
    }
    if (value.isTextual()) {
      return unicodeRepr(value.asText());
    }
    List<String> parts = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(element -> parts.add(repr(element)));
      return "[" + String.join(", ", parts) + "]";
    }
    value.fields().forEachRemaining(field -> parts.add(unicodeRepr(field.getKey()) + ": " + repr(field.getValue())));
    return "{" + String.join(", ", parts) + "}";
  }

  /** Python 2 (wide build, as Vumi Go's) {@code repr()} of a unicode string. */
  static String unicodeRepr(String text) {
    return Text.pythonRepr(text, true);
  }

  /** Python 2.7's {@code repr(float)}: the shortest digits, exponent form below 1e-4 and from 1e16. */
  static String floatRepr(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return nonFinite(value);
    }
    if (value == 0) {
      return 1 / value < 0 ? "-0.0" : "0.0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    return pythonFloatFormat(shortest, 16);
  }

  /**
   * Python 2.7's {@code str(float)}: 12 significant digits, {@code .0} added to a whole number,
   * and so (CPython's {@code format_float_short}) exponent form from 1e11.
   */
  static String floatStr(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return nonFinite(value);
    }
    if (value == 0) {
      return 1 / value < 0 ? "-0.0" : "0.0";
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(12, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    return pythonFloatFormat(rounded, 11);
  }

  private static String nonFinite(double value) {
    return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  }

  /**
   * Formats significant digits as Python does: fixed notation while the decimal exponent is
   * from -5 up to {@code fixedBelow}, exponent notation ({@code 1e+16}, {@code 1e-05}) otherwise.
   */
  private static String pythonFloatFormat(BigDecimal value, int fixedBelow) {
    String digits = value.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - value.scale(); // of the first digit
    String sign = value.signum() < 0 ? "-" : "";
    if (exponent < -4 || exponent >= fixedBelow) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
    String plain = value.abs().toPlainString();
    return sign + (plain.contains(".") ? plain : plain + ".0");
  }

  /**
   * Python 2's {@code float(value)} of a JSON value.
   *
   * @return the number, or null where Python raises ({@code TypeError}, {@code ValueError}, {@code OverflowError})
   */
  static @Nullable Double toFloat(JsonNode value) {
    if (value.isBoolean()) {
      return value.asBoolean() ? 1.0 : 0.0;
    }
    if (value.isIntegralNumber()) {
      double number = value.bigIntegerValue().doubleValue();
      return Double.isInfinite(number) ? null : number; // long too large to convert to float
    }
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (!value.isTextual()) {
      return null;
    }
    String text = stripPythonSpace(value.asText());
    if (!FLOAT.matcher(text).matches()) {
      return null;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    boolean negative = lower.startsWith("-");
    String unsigned = lower.replaceFirst("^[+-]", "");
    if (unsigned.startsWith("inf")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (unsigned.equals("nan")) {
      return Double.NaN;
    }
    return Double.valueOf(text);
  }

  /** Python 2 strips unicode whitespace around a number it converts. */
  private static String stripPythonSpace(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isPythonSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && isPythonSpace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  private static boolean isPythonSpace(char c) {
    return (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= ' ') || c == 0x85 || Character.isSpaceChar(c);
  }

  /**
   * What Python's {@code for x in value} yields for a JSON value: a list's elements, an object's
   * keys, a string's characters.
   *
   * @return the items, or null where Python raises {@code TypeError} (a number, true/false, null)
   */
  static @Nullable List<JsonNode> iterate(JsonNode value) {
    List<JsonNode> items = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(items::add);
    } else if (value.isObject()) {
      for (Iterator<String> names = value.fieldNames(); names.hasNext();) {
        items.add(TextNode.valueOf(names.next()));
      }
    } else if (value.isTextual()) {
      value.asText().codePoints().forEach(c -> items.add(TextNode.valueOf(new String(Character.toChars(c)))));
    } else {
      return null;
    }
    return items;
  }

  /**
   * Python's {@code len(value)}.
   *
   * @return the length, or -1 where Python raises {@code TypeError} (a number, true/false)
   */
  static int len(JsonNode value) {
    if (value.isTextual()) {
      String text = value.asText();
      return text.codePointCount(0, text.length());
    }
    return value.isContainerNode() ? value.size() : -1;
  }
}
