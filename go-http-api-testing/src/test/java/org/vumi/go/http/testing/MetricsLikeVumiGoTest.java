package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Metric bodies are taken as vumi-go's {@code MetricResource} takes them: Python iteration and
 * unpacking, {@code float()}, aggregates named by Python's {@code repr}; where it raises, no answer.
 */
class MetricsLikeVumiGoTest {
  final VumiGoEmulator vumiGo = VumiGoEmulatorTest.start();
  final Http http = new Http(vumiGo);

  @AfterEach
  void stop() {
    vumiGo.close();
  }

  @Test
  void aggregatesThatAreNotStringsAreNamedByTheirPythonRepr() throws IOException {
    assertEquals("400 5 is not a valid aggregate.", http.reason("metrics.json", "[[\"m\", 1, 5]]"));
    assertEquals("400 True is not a valid aggregate.", http.reason("metrics.json", "[[\"m\", 1, true]]"));
    assertEquals("400 [u'sum'] is not a valid aggregate.", http.reason("metrics.json", "[[\"m\", 1, [\"sum\"]]]"));
    assertEquals("400 {u'a': 1.5} is not a valid aggregate.", http.reason("metrics.json", "[[\"m\", 1, {\"a\": 1.5}]]"));
    assertEquals("400 None is not a valid aggregate.", http.reason("metrics.json", "[[\"m\", 1, null]]"));
    assertEquals(List.of(), vumiGo.metrics());
  }

  @Test
  void valuesArePythonFloats() throws IOException {
    for (String value : List.of("true", "\"nan\"", "\"inf\"", "\"-Infinity\"", "\" 12 \"", "\"1e3\"", "\".5\"", "1e400")) {
      assertEquals("200 Metrics published", http.reason("metrics.json", "[[\"m\", " + value + ", \"sum\"]]"), value);
    }
    List<Double> values = vumiGo.metrics().stream().map(PublishedMetric::value).toList();
    assertEquals(List.of(1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 12.0, 1000.0, 0.5,
        Double.POSITIVE_INFINITY), values);
  }

  @Test
  void valuesPythonCannotConvertAreNeverAnswered() {
    for (String value : List.of("\"1d\"", "\"0x1p3\"", "\"1_000\"", "\"\"", "null", "[1]", "1" + "0".repeat(400))) {
      http.assertHeld("metrics.json", "[[\"m\", " + value + ", \"sum\"]]");
    }
    assertEquals(List.of(), vumiGo.metrics());
  }

  @Test
  void nonAsciiAggregatesAreNeverAnswered() {
    http.assertHeld("metrics.json", "[[\"m\", 1, \"s\u00fcmme\"]]");
  }

  @Test
  void namesThatAreNotStringsFailWhenPublished() throws IOException {
    http.assertHeld("metrics.json", "[[\"first\", 1, \"sum\"], [123, 1, \"sum\"], [\"third\", 1, \"sum\"]]");
    http.assertHeld("metrics.json", "[[null, 1, \"sum\"]]");
    assertEquals(List.of(new PublishedMetric("acc-key", "first", 1, "sum")), vumiGo.metrics(),
        "metrics before the failing one were published one by one");
  }

  @Test
  void whateverPythonCanIterateIsAListOfMetrics() throws IOException {
    assertEquals("200 Metrics published", http.reason("metrics.json", "{}"));
    assertEquals("200 Metrics published", http.reason("metrics.json", "\"\""));
    assertEquals("400 'b' is not a valid aggregate.", http.reason("metrics.json", "{\"a1b\": 0}"));
    assertEquals("400 'b' is not a valid aggregate.", http.reason("metrics.json", "[\"a1b\"]"));
    assertEquals("400 'b' is not a valid aggregate.", http.reason("metrics.json", "[[\"m\", 2, \"max\"], \"a1b\"]"));
    assertEquals(List.of(), vumiGo.metrics(), "all are checked before any is published");
    http.assertHeld("metrics.json", "\"abc\"");
    http.assertHeld("metrics.json", "5");
  }

  @Test
  void aMetricsAnswerIsWhatPythonWrites() throws IOException {
    VumiGoEmulatorTest.Answer answer = http.put("metrics.json", "[]");
    assertEquals("{\"reason\": \"Metrics published\", \"success\": true}", answer.body());
    assertTrue(answer.contentType().startsWith("application/json"));
  }
}
