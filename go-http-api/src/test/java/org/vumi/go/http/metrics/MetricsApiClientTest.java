package org.vumi.go.http.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.vumi.go.http.Aggregate;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.MockServers;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.UnexpectedResponseException;

/** The client against a scripted server: the exact requests, and what each answer becomes. */
class MetricsApiClientTest {
  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final ConnectionPool pool = new ConnectionPool();
  final OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();

  MetricsApiClient metrics() {
    return new MetricsApiClient("auth-token", server.url("/api/v1/go").toString(), client);
  }

  MetricsApiClient retrying() {
    return MetricsApiClient.builder("auth-token").apiUrl(server.url("/api/v1/go/").toString()).client(client)
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ZERO).build()).deadline(Duration.ofSeconds(20))
        .build();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body).build();
  }

  RecordedRequest take(String method) throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals(method, request.getMethod());
    assertEquals("/api/v1/go/metrics/", request.getUrl().encodedPath());
    assertEquals("Bearer auth-token", request.getHeaders().get("Authorization"));
    return request;
  }

  static Map<String, String> query(HttpUrl url) {
    Map<String, String> query = new HashMap<>();
    for (String name : url.queryParameterNames()) {
      assertEquals(1, url.queryParameterValues(name).size(), name);
      query.put(name, url.queryParameter(name));
    }
    return query;
  }

  @AfterEach
  void everyResponseClosed() {
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(), "connections still in use");
  }

  @Test
  void defaultApiUrlIsVumiGos() {
    assertEquals("https://go.vumi.org/api/v1/go", MetricsApiClient.DEFAULT_API_URL);
    assertTrue(new MetricsApiClient("auth-token").toString().contains("https://go.vumi.org/api/v1/go/metrics/"));
  }

  @Test
  void getMetricSendsExactlyTheFourParametersAndNoBody() throws Exception {
    server.enqueue(json(200, "{\"stores.store_name.metric_name.last\": [{\"x\": 1413936000000, \"y\": 88916.0},"
        + " {\"x\": 1414022400000, \"y\": 91339.0}]}"));
    MetricSeries series = metrics().getMetric("stores.store_name.metric_name.last", "-30d", "1d", "omit");
    RecordedRequest request = take("GET");
    assertEquals(Map.of("m", "stores.store_name.metric_name.last", "from", "-30d", "interval", "1d", "nulls", "omit"),
        query(request.getUrl()));
    assertEquals(0, request.getBodySize());
    assertEquals("stores.store_name.metric_name.last", series.name());
    assertEquals(List.of(new MetricPoint(Instant.ofEpochMilli(1413936000000L), 88916.0),
        new MetricPoint(Instant.ofEpochMilli(1414022400000L), 91339.0)), series.points());
  }

  @Test
  void getMetricWithUntilAddsIt() throws Exception {
    server.enqueue(json(200, "{}"));
    metrics().getMetric("foo.sum", "-30d", "1d", "zeroize", "-1d");
    assertEquals(Map.of("m", "foo.sum", "from", "-30d", "interval", "1d", "nulls", "zeroize", "until", "-1d"),
        query(take("GET").getUrl()));
  }

  @Test
  void getMetricTakesWhatAnIntervalWithoutDataBecomesAsAnEnum() throws Exception {
    for (Nulls nulls : Nulls.values()) {
      server.enqueue(json(200, "{}"));
      metrics().getMetric("foo.sum", "-30d", "1d", nulls);
      assertEquals(Map.of("m", "foo.sum", "from", "-30d", "interval", "1d", "nulls", nulls.wireName()),
          query(take("GET").getUrl()));
    }
    server.enqueue(json(200, "{}"));
    metrics().getMetric("foo.sum", "-30d", "1d", Nulls.KEEP, "-1d");
    assertEquals(Map.of("m", "foo.sum", "from", "-30d", "interval", "1d", "nulls", "keep", "until", "-1d"),
        query(take("GET").getUrl()));
    assertMessage(NullPointerException.class, "nulls", () -> metrics().getMetric("a.sum", "-1d", "1d", (Nulls) null));
  }

  @Test
  void nullsAreAWireEnum() {
    assertEquals(List.of("zeroize", "omit", "keep"), java.util.Arrays.stream(Nulls.values()).map(Nulls::wireName)
        .collect(java.util.stream.Collectors.toList()));
    assertEquals(Nulls.OMIT, Nulls.fromWireName("omit"));
    assertEquals("nulls must be one of \"zeroize\", \"omit\", \"keep\", but was \"drop\"",
        assertThrows(IllegalArgumentException.class, () -> Nulls.fromWireName("drop")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Nulls.fromWireName(null));
  }

  @Test
  void queryValuesAreEncoded() throws Exception {
    server.enqueue(json(200, "{}"));
    metrics().getMetric("a&b=c+d.avg", "12:00_20240131", "1hour", "keep");
    RecordedRequest request = take("GET");
    assertEquals("m=a%26b%3Dc%2Bd.avg&from=12%3A00_20240131&interval=1hour&nulls=keep", request.getUrl().encodedQuery());
  }

  @Test
  void nullPointsStayNullAndAnAbsentMetricHasNoPoints() throws Exception {
    server.enqueue(json(200, "{\"foo.max\": [{\"x\": 5695000, \"y\": null}, {\"x\": 5700000, \"y\": 10}]}"));
    MetricSeries series = metrics().getMetric("foo.max", "-1d", "1hour", "keep");
    assertNull(series.points().get(0).value());
    assertEquals(10.0, series.points().get(1).value());
    server.enqueue(json(200, "{}"));
    assertEquals(List.of(), metrics().getMetric("foo.max", "-1d", "1hour", "keep").points());
  }

  @Test
  void aMalformedSeriesIsUnexpected() {
    for (String body : List.of("[]", "nope", "{\"foo.max\": {}}", "{\"foo.max\": [{\"x\": \"1\", \"y\": 1}]}",
        "{\"foo.max\": [{\"x\": 1}]}", "{\"foo.max\": [{\"x\": 1.5, \"y\": 1}]}",
        "{\"foo.max\": [{\"x\": 1, \"y\": \"1\"}]}", "{\"foo.max\": [{\"y\": 1}]}",
        "{\"foo.max\": [{\"x\": 123456789012345678901234567890, \"y\": 1}]}")) {
      server.enqueue(json(200, body));
      assertThrows(UnexpectedResponseException.class, () -> metrics().getMetric("foo.max", "-1d", "1hour", "keep"),
          body);
    }
  }

  @Test
  void aRefusalCarriesTheServersReason() {
    server.enqueue(json(400, "{\"status_code\": 400, \"reason\": \"86400 data points requested, maximum allowed is 10000\"}"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> metrics().getMetric("a.sum", "-1d", "1s", "keep"));
    assertEquals(400, e.statusCode());
    assertEquals("86400 data points requested, maximum allowed is 10000", e.reason());
  }

  @Test
  void fireSendsTheMetricsAsAJsonObject() throws Exception {
    server.enqueue(json(200, "[{\"name\": \"foo.last\", \"value\": 3.1415, \"aggregator\": \"last\"}]"));
    List<FiredMetric> fired = metrics().fire(Map.of("foo.last", 3.1415));
    RecordedRequest request = take("POST");
    assertEquals("", request.getUrl().encodedQuery() == null ? "" : request.getUrl().encodedQuery());
    assertEquals("{\"foo.last\":3.1415}", request.getBody().utf8());
    assertEquals("application/json; charset=utf-8", request.getHeaders().get("Content-Type"));
    assertEquals(List.of(new FiredMetric("foo.last", 3.1415, Aggregate.LAST)), fired);
    assertEquals(Aggregate.LAST, fired.get(0).aggregator());
    assertEquals("foo.last", fired.get(0).name());
    assertEquals(3.1415, fired.get(0).value());
  }

  @Test
  void fireKeepsTheMapsOrderAndEveryAggregator() throws Exception {
    Map<String, Double> many = new LinkedHashMap<>();
    for (String aggregator : List.of("sum", "avg", "max", "min", "last")) {
      many.put("visits." + aggregator, 1.0);
    }
    server.enqueue(json(200, "[]"));
    metrics().fire(many);
    assertEquals("{\"visits.sum\":1.0,\"visits.avg\":1.0,\"visits.max\":1.0,\"visits.min\":1.0,\"visits.last\":1.0}",
        take("POST").getBody().utf8());
  }

  @Test
  void aMalformedFireAnswerIsUnexpected() {
    for (String body : List.of("{}", "x", "[{\"name\": \"a.sum\"}]", "[{\"name\": 1, \"value\": 1, \"aggregator\": \"sum\"}]",
        "[{\"name\": \"a.sum\", \"value\": \"1\", \"aggregator\": \"sum\"}]",
        "[{\"name\": \"a.sum\", \"value\": 1, \"aggregator\": null}]", "[{\"value\": 1, \"aggregator\": \"sum\"}]",
        "[{\"name\": \"a.sum\", \"aggregator\": \"sum\"}]", "[{\"name\": \"a.sum\", \"value\": 1}]",
        "[{\"name\": \"a.sum\", \"value\": 1, \"aggregator\": \"median\"}]")) {
      server.enqueue(json(200, body));
      assertThrows(UnexpectedResponseException.class, () -> metrics().fire(Map.of("a.sum", 1.0)), body);
    }
  }

  @Test
  void aRefusedFireCarriesTheReason() {
    server.enqueue(json(400, "{\"status_code\": 400, \"reason\": \"Aggregator 'foo' is not a valid aggregator\"}"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> metrics().fire(Map.of("a.sum", 1.0)));
    assertEquals("Aggregator 'foo' is not a valid aggregator", e.reason());
  }

  @Test
  void fireIsNotSentAgainAfterTheConnectionDropped() {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, "[]"));
    assertThrows(IOException.class, () -> retrying().fire(Map.of("visits.sum", 1.0)));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void readsAreSentAgainAfterTheConnectionDropped() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, "{}"));
    retrying().getMetric("visits.sum", "-1d", "1h", "omit");
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void badInputFailsFastNamingTheParameterAndSendsNothing() {
    MetricsApiClient metrics = metrics();
    assertMessage(IllegalArgumentException.class, "metric", () -> metrics.getMetric("foo", "-1d", "1d", "omit"));
    assertMessage(IllegalArgumentException.class, "metric", () -> metrics.getMetric("foo.agg", "-1d", "1d", "omit"));
    assertMessage(IllegalArgumentException.class, "metric", () -> metrics.getMetric(".sum", "-1d", "1d", "omit"));
    assertMessage(IllegalArgumentException.class, "metric", () -> metrics.getMetric("foo.SUM", "-1d", "1d", "omit"));
    assertMessage(NullPointerException.class, "metric", () -> metrics.getMetric(null, "-1d", "1d", "omit"));
    assertMessage(IllegalArgumentException.class, "from", () -> metrics.getMetric("a.sum", " ", "1d", "omit"));
    assertMessage(IllegalArgumentException.class, "interval", () -> metrics.getMetric("a.sum", "-1d", "1m", "omit"));
    assertMessage(IllegalArgumentException.class, "interval", () -> metrics.getMetric("a.sum", "-1d", "0s", "omit"));
    assertMessage(IllegalArgumentException.class, "interval", () -> metrics.getMetric("a.sum", "-1d", "d", "omit"));
    assertMessage(IllegalArgumentException.class, "nulls", () -> metrics.getMetric("a.sum", "-1d", "1d", "bad"));
    assertMessage(NullPointerException.class, "nulls", () -> metrics.getMetric("a.sum", "-1d", "1d", (String) null));
    assertMessage(IllegalArgumentException.class, "until", () -> metrics.getMetric("a.sum", "-1d", "1d", "keep", ""));
    assertMessage(NullPointerException.class, "metrics", () -> metrics.fire(null));
    assertMessage(IllegalArgumentException.class, "metrics name", () -> metrics.fire(Map.of("foo", 1.2)));
    assertMessage(IllegalArgumentException.class, "metrics value", () -> metrics.fire(Map.of("foo.sum", Double.NaN)));
    assertMessage(IllegalArgumentException.class, "metrics value",
        () -> metrics.fire(Map.of("foo.sum", Double.POSITIVE_INFINITY)));
    Map<String, Double> withNull = new HashMap<>();
    withNull.put("foo.sum", null);
    assertMessage(NullPointerException.class, "metrics value", () -> metrics.fire(withNull));
    Map<String, Double> oneBad = new LinkedHashMap<>();
    oneBad.put("good.sum", 1.0);
    oneBad.put("bad.median", 1.0);
    assertMessage(IllegalArgumentException.class, "metrics name", () -> metrics.fire(oneBad));
    assertMessage(NullPointerException.class, "authToken", () -> new MetricsApiClient(null));
    assertMessage(IllegalArgumentException.class, "apiUrl", () -> new MetricsApiClient("t", "x", null));
    assertMessage(NullPointerException.class, "retryPolicy", () -> MetricsApiClient.builder("t").retryPolicy(null));
    assertMessage(IllegalArgumentException.class, "deadline",
        () -> MetricsApiClient.builder("t").deadline(Duration.ofHours(2)));
    assertMessage(IllegalArgumentException.class, "deadline", () -> MetricsApiClient.builder("t").deadline(Duration.ZERO));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void fireRefusesAnEmptyMapAndSendsNothing() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> metrics().fire(Map.of()));
    assertEquals("metrics must not be empty: it must name at least one metric to fire", e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void fromAndUntilMustBeTimesTheServerReads() throws Exception {
    MetricsApiClient metrics = metrics();
    for (String bad : List.of("-1fortnight", "-1m", "-d", "1d", "+1d", "last week", "2024-01-31", "now ", "Now",
        "24:00_20240131", "12:60_20240131", "12:00_20240231", "12:00_2024131", "20240230", "253402300800",
        "-9999999999y", "-١d")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> metrics.getMetric("a.sum", bad, "1d", "omit"), bad);
      assertTrue(e.getMessage().startsWith("from must be a time the metrics API reads: now, today, yesterday,"
          + " tomorrow, -<count><unit>"), e.getMessage());
      assertTrue(e.getMessage().endsWith(", but was " + org.vumi.go.http.internal.Text.quote(bad)), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> metrics.getMetric("a.sum", "-2d", "1d", "omit", bad), bad);
      assertTrue(e.getMessage().startsWith("until must be a time the metrics API reads"), e.getMessage());
    }
    assertEquals(0, server.getRequestCount(), "a bad time reached the server");
    List<String> good = List.of("now", "today", "yesterday", "tomorrow", "-30d", "-0s", "-10min", "-2mins", "-1year",
        "20240131", "20241340", "1700000000", "0", "12:00_20240131", "0:5_20240229", "253402300799");
    for (String time : good) {
      server.enqueue(json(200, "{}"));
      metrics.getMetric("a.sum", time, "1d", "omit", time);
      assertEquals(time, server.takeRequest(5, TimeUnit.SECONDS).getUrl().queryParameter("from"));
    }
  }

  @Test
  void theMessageOfABadValueNamesTheAllowedOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> metrics().getMetric("a.sum", "-1d", "1d", "drop"));
    assertEquals("nulls must be one of \"zeroize\", \"omit\", \"keep\", but was \"drop\"", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> metrics().fire(Map.of("visits", 1.0)));
    assertEquals("metrics name must end in .avg, .sum, .max, .min or .last, such as visits.sum, but was \"visits\"",
        e.getMessage());
  }

  @Test
  void theBuilderTakesEverySetting() throws Exception {
    MetricsApiClient metrics = MetricsApiClient.builder("auth-token").apiUrl(null).apiUrl(server.url("/x").toString())
        .client(client).retryPolicy(RetryPolicy.none()).deadline(Duration.ofSeconds(5)).build();
    server.enqueue(json(200, "{}"));
    metrics.getMetric("a.sum", "-1d", "1d", "omit");
    assertEquals("/x/metrics/", server.takeRequest().getUrl().encodedPath());
    assertTrue(metrics.toString().contains("deadline=PT5S"), metrics.toString());
  }

  @Test
  void theTokenIsNeverShown() {
    assertFalse(MetricsApiClient.builder("secret-token").build().toString().contains("secret-token"));
  }

  @Test
  void valuesCheckTheirParts() {
    assertThrows(NullPointerException.class, () -> new MetricPoint(null, 1.0));
    assertThrows(NullPointerException.class, () -> new MetricSeries(null, List.of()));
    assertThrows(NullPointerException.class, () -> new MetricSeries("a.sum", null));
    assertThrows(NullPointerException.class, () -> new FiredMetric(null, 1, Aggregate.SUM));
    assertThrows(NullPointerException.class, () -> new FiredMetric("a.sum", 1, null));
  }

  static <T extends Throwable> void assertMessage(Class<T> type, String parameter, Executable call) {
    T e = assertThrows(type, call);
    assertTrue(e.getMessage().startsWith(parameter + " "), e.getMessage());
  }
}
