package org.vumi.go.http.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.Aggregate;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.testing.Emulators;
import org.vumi.go.http.testing.VumiGoEmulator;

/** The client against the emulator, which answers as the metrics API does, in the same account's world. */
class MetricsEndToEndTest {
  final VumiGoEmulator vumiGo = Emulators.started().addAuthToken("acc-key", "api-token")
      .addAuthToken("other-account", "other-token");
  final ConnectionPool pool = new ConnectionPool();
  final OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
  final MetricsApiClient metrics = new MetricsApiClient("api-token", vumiGo.goApiUrl(), client);

  @AfterEach
  void stop() {
    metrics.close();
    vumiGo.close();
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(), "connections still in use");
  }

  static Map<String, Double> of(String name, double value) {
    return Map.of(name, value);
  }

  @Test
  void aFiredValueIsEchoedAndReadBackInItsBucket() throws Exception {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    assertEquals(List.of(new FiredMetric("visits.sum", 1.5, Aggregate.SUM)), metrics.fire(of("visits.sum", 1.5)));
    metrics.fire(of("visits.sum", 3.0));
    MetricSeries series = metrics.getMetric("visits.sum", "-1h", "1hour", "omit");
    assertEquals("visits.sum", series.name());
    MetricPoint last = series.points().get(series.points().size() - 1);
    assertEquals(4.5, last.value());
    assertTrue(!last.timestamp().isBefore(hour), last.toString());
    assertTrue(series.points().size() <= 2);
  }

  @Test
  void eachAggregatorAggregatesItsWay() throws Exception {
    for (Aggregate aggregator : Aggregate.values()) {
      String name = "m." + aggregator.wireName();
      assertEquals(List.of(new FiredMetric(name, 2.0, aggregator)), metrics.fire(of(name, 2.0)));
      metrics.fire(of(name, 6.0));
      metrics.fire(of(name, 4.0));
    }
    Map<String, Double> expected = Map.of("sum", 12.0, "avg", 4.0, "max", 6.0, "min", 2.0, "last", 4.0);
    for (Map.Entry<String, Double> aggregator : expected.entrySet()) {
      List<MetricPoint> points = metrics.getMetric("m." + aggregator.getKey(), "-1h", "1h", "omit").points();
      assertEquals(aggregator.getValue(), points.get(points.size() - 1).value(), aggregator.getKey());
    }
  }

  /**
   * Read between explicit whole minutes around the firing, so that every read has the same buckets
   * whenever it runs: with {@code -10min} to now, the buckets moved between the reads, and a value
   * fired and read within the first second of a minute fell outside its read.
   */
  @Test
  void nullsAreZeroizedOmittedOrKept() throws Exception {
    long before = Instant.now().getEpochSecond();
    metrics.fire(of("n.last", 7.0));
    long after = Instant.now().getEpochSecond();
    String from = Long.toString(before / 60 * 60 - 9 * 60); // nine empty minutes before the firing's
    String until = Long.toString(after / 60 * 60 + 60); // the end of the firing's minute
    int minutes = (int) ((Long.parseLong(until) - Long.parseLong(from)) / 60); // 10; 11 if the firing met a minute's end
    List<MetricPoint> zeroized = metrics.getMetric("n.last", from, "1min", Nulls.ZEROIZE, until).points();
    List<MetricPoint> kept = metrics.getMetric("n.last", from, "1min", Nulls.KEEP, until).points();
    List<MetricPoint> omitted = metrics.getMetric("n.last", from, "1min", "omit", until).points();
    assertEquals(minutes, zeroized.size(), zeroized.toString());
    assertEquals(0.0, zeroized.get(0).value());
    assertNull(kept.get(0).value());
    assertEquals(minutes, kept.size(), kept.toString());
    assertEquals(1, omitted.size(), omitted.toString());
    assertEquals(7.0, omitted.get(0).value());
    assertEquals(60_000, zeroized.get(1).timestamp().toEpochMilli() - zeroized.get(0).timestamp().toEpochMilli());
  }

  @Test
  void aMetricNeverFiredHasNoPoints() throws Exception {
    assertEquals(List.of(), metrics.getMetric("never.sum", "-1d", "1h", "zeroize").points());
  }

  @Test
  void valuesBeforeFromAreLeftOut() throws Exception {
    metrics.fire(of("old.sum", 1.0));
    assertEquals(List.of(), metrics.getMetric("old.sum", "-2d", "1d", "omit", "-1d").points());
  }

  @Test
  void aMetricFiredThroughTheConversationApiIsReadFromTheDefaultStore() throws Exception {
    try (HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", vumiGo.apiUrl(), client)) {
      sender.fireMetric("questions_completed", 3, "sum");
      sender.fireMetric("questions_completed", 4, "sum");
    }
    List<MetricPoint> points = metrics.getMetric("stores.default.questions_completed.sum", "-1h", "1h", "omit").points();
    assertEquals(7.0, points.get(points.size() - 1).value());
  }

  @Test
  void accountsDoNotSeeEachOthersMetrics() throws Exception {
    metrics.fire(of("mine.sum", 1.0));
    try (MetricsApiClient other = new MetricsApiClient("other-token", vumiGo.goApiUrl(), client)) {
      assertEquals(List.of(), other.getMetric("mine.sum", "-1h", "1h", "omit").points());
    }
  }

  @Test
  void tooManyPointsAreRefused() {
    HttpApiException e = assertThrows(HttpApiException.class, () -> metrics.getMetric("a.sum", "-1d", "1s", "keep"));
    assertEquals(400, e.statusCode());
    assertEquals("86400 data points requested, maximum allowed is 10000", e.reason());
    e = assertThrows(HttpApiException.class, () -> metrics.getMetric("a.sum", "now", "1s", "keep", "-1d"));
    assertEquals("86400 data points requested, maximum allowed is 10000", e.reason());
    e = assertThrows(HttpApiException.class, () -> metrics.getMetric("a.sum", "-2d", "10s", "keep"));
    assertEquals("17280 data points requested, maximum allowed is 10000", e.reason());
  }

  @Test
  void twoMetricsCountDoubleAgainstTheLimit() throws Exception {
    try (Response response = get("?m=a.sum&m=b.sum&from=-1d&interval=10s")) {
      assertEquals(400, response.code());
      assertEquals("{\"status_code\":400,\"reason\":\"17280 data points requested, maximum allowed is 10000\"}",
          response.body().string());
    }
  }

  @Test
  void aTimeTheServerCannotParseIsRefusedBeforeItIsSent() {
    // The server would answer 500 "Failed to retrieve metrics.", which says nothing.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> metrics.getMetric("a.sum", "-1fortnight", "1h", "keep"));
    assertTrue(e.getMessage().startsWith("from must be a time the metrics API reads"), e.getMessage());
  }

  @Test
  void theServersOwnChecksOfTheQuery() throws Exception {
    assertGet("?m=a.sum&nulls=bad", 400, "{\"status_code\":400,\"reason\":\"Unrecognised null parser 'bad'\"}");
    assertGet("?m=foo.agg", 400, "{\"status_code\":400,\"reason\":\"Aggregator 'agg' is not a valid aggregator\"}");
    assertGet("?interval=1m", 500, "{\"status_code\":500,\"reason\":\"Failed to retrieve metrics.\"}");
    assertGet("?interval=0s", 500, "{\"status_code\":500,\"reason\":\"Failed to retrieve metrics.\"}");
    assertGet("", 200, "{}");
    assertGet("?m=a.sum&from=", 200, "{}"); // a blank value is dropped: the default -24h
    metrics.fire(of("a.sum", 1.0));
    metrics.fire(of("b.max", 2.0));
    try (Response response = get("?m=a.sum&m=b.max&from=-1h&interval=1h&nulls=omit")) {
      String body = response.body().string();
      assertTrue(body.contains("\"a.sum\":[{\"x\":") && body.contains("\"b.max\":[{\"x\":"), body);
    }
  }

  @Test
  void absoluteTimesAreUnderstood() throws Exception {
    assertGet("?m=a.sum&from=20240101&until=20240102&interval=1h", 200, "{}");
    assertGet("?m=a.sum&from=12:00_20240101&until=1704153600&interval=1h&nulls=keep", 200, "{}");
    assertGet("?m=a.sum&from=yesterday&until=tomorrow&interval=1h", 200, "{}");
    assertGet("?m=a.sum&from=today&until=%2B1d&interval=1h", 200, "{}");
    try (Response response = get("?m=a.sum&from=20241340&interval=1h")) { // month 13: Unix seconds, in 1970
      assertEquals(400, response.code());
      assertTrue(response.body().string().endsWith(" data points requested, maximum allowed is 10000\"}"));
    }
    assertGet("?m=a.sum&from=20241231_&interval=1h", 500, "{\"status_code\":500,\"reason\":\"Failed to retrieve metrics.\"}");
    assertGet("?m=a.sum&from=99:99_20240230&interval=1h", 500,
        "{\"status_code\":500,\"reason\":\"Failed to retrieve metrics.\"}");
  }

  @Test
  void firingChecksEveryValueBeforePublishingAny() throws Exception {
    Map<String, Double> both = new LinkedHashMap<>();
    both.put("good.sum", 1.0);
    both.put("also.avg", 2.0);
    assertEquals(2, metrics.fire(both).size());
    assertPost("{\"foo\": 1.2}", 400, "{\"status_code\":400,\"reason\":\"Aggregator 'foo' is not a valid aggregator\"}");
    assertPost("{\"foo.avg\": \"bar\"}", 400,
        "{\"status_code\":400,\"reason\":\"u'bar' is not a valid metric value,should be a floating point number\"}");
    assertPost("{\"foo.avg\": null}", 400,
        "{\"status_code\":400,\"reason\":\"None is not a valid metric value,should be a floating point number\"}");
    assertPost("{\"foo.avg\": {\"it's\": [true, 1]}}", 400, "{\"status_code\":400,\"reason\":\"{u\\\"it's\\\": [True, 1]}"
        + " is not a valid metric value,should be a floating point number\"}");
    assertPost("[1, 2]", 400,
        "{\"status_code\":400,\"reason\":\"Invalid query [1, 2], should be dict, not <type 'list'>\"}");
    assertPost("\"x\"", 400, "{\"status_code\":400,\"reason\":\"Invalid query u'x', should be dict, not <type 'unicode'>\"}");
    assertPost("", 400, "{\"status_code\":400,\"reason\":\"Invalid JSON: No JSON object could be decoded\"}");
    assertPost("{}", 200, "[]");
    // In the order of Python 2's dict of the two, as the real server answered it.
    assertPost("{\"s.sum\": \" 1.5 \", \"b.sum\": true}", 200, "[{\"name\":\"b.sum\",\"value\":1.0,\"aggregator\":\"sum\"},"
        + "{\"name\":\"s.sum\",\"value\":1.5,\"aggregator\":\"sum\"}]");
    assertPost("{\"first.sum\": 1, \"second.sum\": \"x\"}", 400,
        "{\"status_code\":400,\"reason\":\"u'x' is not a valid metric value,should be a floating point number\"}");
    assertEquals(List.of(), metrics.getMetric("first.sum", "-1h", "1h", "omit").points());
  }

  @Test
  void authFailuresAreTheBouncers() throws Exception {
    try (MetricsApiClient unknown = new MetricsApiClient("no-such-token", vumiGo.goApiUrl(), client)) {
      HttpApiException e = assertThrows(HttpApiException.class, () -> unknown.fire(of("a.sum", 1)));
      assertEquals(403, e.statusCode());
      assertEquals("Forbidden", e.reason());
    }
    try (Response response = client.newCall(new Request.Builder().url(vumiGo.goApiUrl() + "/metrics/").build())
        .execute()) {
      assertEquals(401, response.code());
      assertEquals("{\"status_code\":401,\"reason\":\"Unauthorized\"}", response.body().string());
    }
  }

  @Test
  void wrongPathsAndMethods() throws Exception {
    try (Response response = client.newCall(new Request.Builder().url(vumiGo.goApiUrl() + "/metrics")
        .header("Authorization", "Bearer api-token").build()).execute()) {
      assertEquals(404, response.code());
      assertEquals("<html><title>404: Not Found</title><body>404: Not Found</body></html>", response.body().string());
    }
    for (String method : List.of("PUT", "DELETE", "BREW")) {
      try (Response response = client.newCall(new Request.Builder().url(vumiGo.goApiUrl() + "/metrics/")
          .header("Authorization", "Bearer api-token").method(method, RequestBody.create(new byte[0])).build())
          .execute()) {
        assertEquals(405, response.code(), method);
        assertEquals("{\"status_code\":405,\"reason\":\"Method Not Allowed\"}", response.body().string());
      }
    }
  }

  Response get(String query) throws Exception {
    return client.newCall(new Request.Builder().url(vumiGo.goApiUrl() + "/metrics/" + query)
        .header("Authorization", "Bearer api-token").build()).execute();
  }

  void assertGet(String query, int status, String body) throws Exception {
    try (Response response = get(query)) {
      assertEquals(status, response.code(), query);
      assertEquals("application/json; charset=utf-8", response.header("Content-Type"));
      assertEquals(body, response.body().string(), query);
    }
  }

  void assertPost(String json, int status, String body) throws Exception {
    try (Response response = client.newCall(new Request.Builder().url(vumiGo.goApiUrl() + "/metrics/")
        .header("Authorization", "Bearer api-token")
        .post(RequestBody.create(json, MediaType.get("application/json"))).build()).execute()) {
      assertEquals(status, response.code(), json);
      assertEquals(body, response.body().string(), json);
    }
  }
}
