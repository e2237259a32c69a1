package org.vumi.go.http.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Python 2's {@code repr} of decoded JSON, which Vumi Go's servers put in their error texts. */
final class PythonRepr {
  private PythonRepr() {}

  static String of(JsonNode value) {
    if (value == null || value.isNull()) {
      return "None";
    }
    if (value.isBoolean()) {
      return value.asBoolean() ? "True" : "False";
    }
    if (value.isTextual()) {
      return unicode(value.asText());
    }
    if (value.isNumber()) {
      return value.asText();
    }
    StringBuilder out = new StringBuilder();
    if (value.isArray()) {
      out.append('[');
      for (Iterator<JsonNode> items = value.elements(); items.hasNext();) {
        out.append(of(items.next())).append(items.hasNext() ? ", " : "");
      }
      return out.append(']').toString();
    }
    out.append('{');
    for (Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator(); fields.hasNext();) {
      Map.Entry<String, JsonNode> field = fields.next();
      out.append(unicode(field.getKey())).append(": ").append(of(field.getValue())).append(fields.hasNext() ? ", " : "");
    }
    return out.append('}').toString();
  }

  /** {@code u'text'}: single quotes unless the text has one and no double quote, as Python chooses. */
  static String unicode(String text) {
    char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder("u").append(quote);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == quote || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || (c >= 0x7f && c < 0x100)) {
        out.append(String.format("\\x%02x", (int) c));
      } else if (c >= 0x100) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(quote).toString();
  }

  /** Python 2's type name of a decoded JSON value, as in {@code <type 'list'>}. */
  static String typeName(JsonNode value) {
    if (value.isArray()) {
      return "list";
    }
    if (value.isTextual()) {
      return "unicode";
    }
    if (value.isBoolean()) {
      return "bool";
    }
    if (value.isIntegralNumber()) {
      return value.canConvertToLong() ? "int" : "long";
    }
    if (value.isNumber()) {
      return "float";
    }
    return value.isNull() ? "NoneType" : "dict";
  }
}
