package org.vumi.go.http.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.vumi.go.http.internal.Text;

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

  /** {@code u'text'}, as a narrow build of Python 2 writes it (each UTF-16 unit on its own). */
  static String unicode(String text) {
    return Text.pythonRepr(text, false);
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
