package org.vumi.go.http.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.testing.Emulators;
import org.vumi.go.http.testing.VumiGoEmulator;

/**
 * The metrics API takes NaN and the infinities (Python's {@code float()} of {@code NaN}, {@code "inf"},
 * {@code "-Infinity"}) from any client, and answers them as Python's {@code json} writes them: the
 * bare words {@code NaN}, {@code Infinity} and {@code -Infinity}. The client reads them as doubles.
 */
class MetricsNonFiniteAnswersTest {
  final VumiGoEmulator vumiGo = Emulators.started().addAuthToken("acc-key", "api-token");
  final OkHttpClient http = new OkHttpClient();
  final MetricsApiClient metrics = new MetricsApiClient("api-token", vumiGo.goApiUrl(), http);

  @AfterEach
  void stop() {
    metrics.close();
    vumiGo.close();
    http.connectionPool().evictAll();
  }

  /** Fires as another client (such as go-http's Python one) may: the Java client refuses these values. */
  void fireRaw(String json) throws Exception {
    Request request = new Request.Builder().url(vumiGo.goApiUrl() + "/metrics/")
        .header("Authorization", "Bearer api-token").post(RequestBody.create(json, MediaType.get("application/json")))
        .build();
    try (Response response = http.newCall(request).execute()) {
      assertEquals(200, response.code(), response.body().string());
    }
  }

  static Double lastValue(MetricSeries series) {
    return series.points().get(series.points().size() - 1).value();
  }

  @Test
  void seriesHoldingNanAndInfinitiesAreRead() throws Exception {
    fireRaw("{\"odd.last\": NaN, \"big.sum\": \"inf\", \"low.min\": \"-Infinity\"}");
    assertEquals(Double.NaN, lastValue(metrics.getMetric("odd.last", "-1h", "1hour", "omit")));
    assertEquals(Double.POSITIVE_INFINITY, lastValue(metrics.getMetric("big.sum", "-1h", "1hour", "omit")));
    assertEquals(Double.NEGATIVE_INFINITY, lastValue(metrics.getMetric("low.min", "-1h", "1hour", "omit")));
  }

  @Test
  void aFireAnswerHoldingNanIsRead() throws Exception {
    byte[] answer = ("[{\"aggregator\": \"sum\", \"name\": \"a.sum\", \"value\": NaN},"
        + " {\"aggregator\": \"max\", \"name\": \"b.max\", \"value\": -Infinity}]").getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
    try (MetricsApiClient toServer = new MetricsApiClient("api-token",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/", http)) {
      assertEquals(List.of(new FiredMetric("a.sum", Double.NaN, org.vumi.go.http.Aggregate.SUM),
          new FiredMetric("b.max", Double.NEGATIVE_INFINITY, org.vumi.go.http.Aggregate.MAX)), toServer.fire(Map.of("a.sum", 1.0)));
    } finally {
      server.stop(0);
    }
  }
}
