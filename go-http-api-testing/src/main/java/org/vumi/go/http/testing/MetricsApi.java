package org.vumi.go.http.testing;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Answers as Vumi Go's metrics API (go-metrics-api on go-api-toolkit) does, in its order: the
 * route ({@code /metrics/} exactly, else cyclone's HTML 404), the bearer token (401 without one,
 * 403 for an unknown one, as the auth bouncer answers), the method (JSON 405), then the request.
 * Values fired here, and values fired through the conversation API (readable as
 * {@code stores.default.<name>.<aggregate>}), are bucketed and aggregated as Graphite's
 * {@code summarize} does.
 */
final class MetricsApi extends GoApiExchanges {
  /** Without the slash, so that {@code /metrics} gets cyclone's 404 rather than the conversation API's. */
  static final String PATH = VumiGoEmulator.GO_API_PATH + "/metrics";
  /** The server's default {@code max_response_size}. */
  static final long MAX_RESPONSE_SIZE = 10000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> AGGREGATORS = Set.of("avg", "sum", "max", "min", "last");
  private static final Set<String> NULLS = Set.of("zeroize", "omit", "keep");
  private static final Set<String> CYCLONE_METHODS = Set.of("GET", "HEAD", "POST", "DELETE", "PATCH", "PUT", "OPTIONS");
  /** Python's {@code json.dumps}: ASCII, and NaN and the infinities as the bare words {@code NaN}, {@code Infinity}. */
  private static final ObjectMapper PYTHON_JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
  static final String NOT_FOUND_PAGE = "<html><title>404: Not Found</title><body>404: Not Found</body></html>";

  MetricsApi(VumiGoEmulator emulator) {
    super(emulator);
  }

  @Override
  void answer(HttpExchange exchange) throws IOException {
    if (!below(exchange, PATH).equals("/")) {
      send(exchange, 404, "text/html; charset=UTF-8", NOT_FOUND_PAGE);
      return;
    }
    String method = exchange.getRequestMethod();
    if (!CYCLONE_METHODS.contains(method)) {
      error(exchange, 405, "Method Not Allowed");
      return;
    }
    String account = emulator.accountForBearer(exchange);
    if (account == null) {
      // The bouncer's answers: 401 without an Authorization header, 403 for a token it does not know.
      boolean noToken = VumiGoEmulator.bouncerToken(exchange) == null;
      error(exchange, noToken ? 401 : 403, noToken ? "Unauthorized" : "Forbidden");
      return;
    }
    if (method.equals("GET")) {
      get(exchange, account);
    } else if (method.equals("POST")) {
      post(exchange, account);
    } else {
      error(exchange, 405, "Method Not Allowed");
    }
  }

  private void get(HttpExchange exchange, String account) throws IOException {
    Map<String, List<String>> query = query(exchange);
    List<String> metrics = query.getOrDefault("m", List.of());
    Instant now = Instant.now();
    Instant from;
    Instant until;
    long interval;
    try {
      from = GraphiteTime.parse(first(query, "from", "-24h"), now);
      until = GraphiteTime.parse(first(query, "until", "-0s"), now);
      interval = GraphiteTime.seconds(first(query, "interval", "1hour"));
      if (interval == 0) {
        throw new IllegalArgumentException("a zero interval divides by zero");
      }
    } catch (IllegalArgumentException | ArithmeticException unparsable) {
      error(exchange, 500, "Failed to retrieve metrics.");
      return;
    }
    long points = Math.abs(until.getEpochSecond() - from.getEpochSecond()) / interval * Math.max(1, metrics.size());
    if (points > MAX_RESPONSE_SIZE) {
      error(exchange, 400, points + " data points requested, maximum allowed is " + MAX_RESPONSE_SIZE);
      return;
    }
    String nulls = first(query, "nulls", "zeroize");
    if (!NULLS.contains(nulls)) {
      error(exchange, 400, "Unrecognised null parser '" + nulls + "'");
      return;
    }
    for (String metric : metrics) {
      String aggregator = lastSegment(metric);
      if (!AGGREGATORS.contains(aggregator)) {
        error(exchange, 400, "Aggregator '" + aggregator + "' is not a valid aggregator");
        return;
      }
    }
    ObjectNode body = NODES.objectNode();
    for (String metric : metrics) {
      List<VumiGoEmulator.StoredMetric> stored = emulator.storedMetrics(account, metric);
      if (!stored.isEmpty()) {
        body.set(metric, series(stored, lastSegment(metric), from, until, interval, nulls));
      }
    }
    send(exchange, 200, "application/json; charset=utf-8", PYTHON_JSON.writeValueAsBytes(body));
  }

  /** Graphite's {@code summarize(series, interval, aggregator, false)}: buckets aligned to the interval. */
  private static ArrayNode series(List<VumiGoEmulator.StoredMetric> stored, String aggregator, Instant from,
      Instant until, long interval, String nulls) {
    ArrayNode points = NODES.arrayNode();
    for (long start = GraphiteTime.bucket(from, interval); start < until.getEpochSecond(); start += interval) {
      List<Double> values = new ArrayList<>();
      for (VumiGoEmulator.StoredMetric metric : stored) {
        long second = metric.time().getEpochSecond();
        if (second >= start && second < start + interval && !metric.time().isBefore(from)
            && !metric.time().isAfter(until)) {
          values.add(metric.value());
        }
      }
      Double value = aggregate(values, aggregator);
      if (value == null && nulls.equals("omit")) {
        continue;
      }
      ObjectNode point = points.addObject().put("x", start * 1000);
      if (value == null && nulls.equals("keep")) {
        point.putNull("y");
      } else {
        point.put("y", value == null ? 0.0 : value);
      }
    }
    return points;
  }

  private static @Nullable Double aggregate(List<Double> values, String aggregator) {
    if (values.isEmpty()) {
      return null;
    }
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (double value : values) {
      sum += value;
      max = Math.max(max, value);
      min = Math.min(min, value);
    }
    return switch (aggregator) {
      case "sum" -> sum;
      case "avg" -> sum / values.size();
      case "max" -> max;
      case "min" -> min;
      default -> values.get(values.size() - 1);
    };
  }

  private void post(HttpExchange exchange, String account) throws IOException {
    byte[] raw = exchange.getRequestBody().readAllBytes();
    JsonNode body = Py.loads(raw); // json.loads: NaN, Infinity and -Infinity are numbers
    if (body == null) {
      error(exchange, 400, "Invalid JSON: " + PyJson.reason(raw));
      return;
    }
    if (!body.isObject()) {
      error(exchange, 400, "Invalid query " + Py.repr(body) + ", should be dict, not <type '"
          + PythonRepr.typeName(body) + "'>");
      return;
    }
    List<VumiGoEmulator.StoredMetric> fired = new ArrayList<>();
    Instant now = Instant.now();
    List<String> names = new ArrayList<>();
    body.fieldNames().forEachRemaining(names::add);
    // fire(**data) checks and answers in the order of a dict (json.loads's, copied into the keywords').
    for (String name : PyDict.order(PyDict.order(names))) {
      Map.Entry<String, JsonNode> field = Map.entry(name, body.get(name));
      String aggregator = lastSegment(field.getKey());
      if (!AGGREGATORS.contains(aggregator)) {
        error(exchange, 400, "Aggregator '" + aggregator + "' is not a valid aggregator");
        return;
      }
      JsonNode given = field.getValue();
      if (given.isIntegralNumber() && Double.isInfinite(given.bigIntegerValue().doubleValue())) {
        // float() of a long past a double raises OverflowError, which the server does not catch.
        error(exchange, 500, "Failed to fire metrics.");
        return;
      }
      Double value = Py.toFloat(given);
      if (value == null) {
        error(exchange, 400, Py.repr(given) + " is not a valid metric value,should be a floating point number");
        return;
      }
      fired.add(new VumiGoEmulator.StoredMetric(account, field.getKey(), value, now));
    }
    ArrayNode answer = NODES.arrayNode();
    for (VumiGoEmulator.StoredMetric metric : fired) {
      answer.addObject().put("name", metric.name()).put("value", metric.value())
          .put("aggregator", lastSegment(metric.name()));
    }
    emulator.metricLog.addAll(fired); // all or nothing, as the server validates before it publishes
    send(exchange, 200, "application/json; charset=utf-8", PYTHON_JSON.writeValueAsBytes(answer));
  }

  private static String lastSegment(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static String first(Map<String, List<String>> query, String name, String otherwise) {
    List<String> values = query.get(name);
    return values == null ? otherwise : values.get(0);
  }

  /** The toolkit's one error envelope. */
  private static void error(HttpExchange exchange, int status, String reason) throws IOException {
    ObjectNode body = NODES.objectNode().put("status_code", status).put("reason", reason);
    send(exchange, status, "application/json; charset=utf-8", PYTHON_JSON.writeValueAsBytes(body));
  }
}
