package org.vumi.go.http.metrics;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.Aggregate;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.Api;
import org.vumi.go.http.ClientBuilder;
import org.vumi.go.http.internal.Answer;
import org.vumi.go.http.internal.ApiRequest;
import org.vumi.go.http.internal.Checks;
import org.vumi.go.http.internal.ClientSettings;
import org.vumi.go.http.internal.Engine;
import org.vumi.go.http.internal.JsonCodec;
import org.vumi.go.http.internal.Urls;

/**
 * Fires metric values and reads a metric's series through Vumi Go's metrics API: the Java port of
 * the Python {@code go_http.metrics.MetricsApiClient}.
 *
 * <pre>{@code
 * MetricsApiClient metrics = new MetricsApiClient("api-token");
 * metrics.fire(Map.of("visits.sum", 1.0));
 * MetricSeries visits = metrics.getMetric("visits.sum", "-7d", "1d", Nulls.ZEROIZE);
 * }</pre>
 *
 * <p>Both calls go to {@code <apiUrl>/metrics/} with {@code Authorization: Bearer <token>}: a GET
 * with the query {@code m}, {@code from}, {@code interval}, {@code nulls} (and {@code until}), or a
 * POST of a JSON object of names and values. Every metric name ends in its aggregator, one of
 * {@link Aggregate}'s: {@code .avg}, {@code .sum}, {@code .max}, {@code .min} or {@code .last}.
 * What an interval without data becomes is one of {@link Nulls}; the forms that take it as a
 * String are the Python client's {@code get_metric(metric, start, interval, nulls, end=None)}.
 *
 * <p>Reads are sent again after a failure as {@link RetryPolicy} allows; {@link #fire} is not
 * idempotent (a {@code .sum} fired twice counts twice), so it is sent again only where the server
 * certainly did not get it.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class MetricsApiClient implements AutoCloseable {
  /** Vumi Go's production endpoint, used when no {@code apiUrl} is given. */
  public static final String DEFAULT_API_URL = "https://go.vumi.org/api/v1/go";

  /**
   * The server's interval syntax: a count and a unit name, exactly. Anything else (such as
   * {@code 1m}, which is not a unit) makes the server fail with a 500 that says nothing.
   */
  private static final String UNITS = "(s|second|seconds|min|mins|minute|minutes|h|hour|hours|d|day|days|w|week"
      + "|weeks|mon|month|months|y|year|years)";
  private static final Pattern INTERVAL = Pattern.compile("[0-9]+" + UNITS);

  /**
   * The server's times ({@code graphite_time_parser.parse_time}): a relative {@code -<count><unit>},
   * a clock and date {@code HH:MM_YYYYMMDD} ({@code strptime}), or digits, which are a date
   * {@code YYYYMMDD} when they look like one (8 digits, year above 1900, month below 13, day below
   * 32), else Unix seconds. Anything else makes the server fail with a 500 that says nothing.
   */
  private static final Pattern RELATIVE = Pattern.compile("-([0-9]{1,12})" + UNITS);
  private static final Pattern CLOCK_DATE = Pattern.compile("([0-9]{1,2}):([0-9]{1,2})_([0-9]{8})");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");
  /** The seconds of each unit, as the server counts them (a month is 30 days, a year 365). */
  private static final java.util.Map<String, Long> UNIT_SECONDS = unitSeconds();
  /** The latest Unix time Python's {@code utcfromtimestamp} reads: the end of 9999. */
  private static final long MAX_UNIX_SECONDS = 253_402_300_799L;
  /** The longest span back the server can subtract from now without leaving its calendar (about 1,900 years). */
  private static final long MAX_SPAN_SECONDS = 60_000_000_000L;
  private static final String TIMES = "now, today, yesterday, tomorrow, -<count><unit> (such as -30d; units s, min,"
      + " h, d, w, mon, y or their long names), HH:MM_YYYYMMDD, YYYYMMDD or Unix seconds";

  /** A fire answer echoes each metric in under 100 bytes. */
  static final int MAX_FIRE_ANSWER_PER_METRIC = 256;

  private final Builder settings;
  private final Engine engine;
  private final HttpUrl metricsUrl;

  /**
   * Makes a client for Vumi Go's production endpoint.
   *
   * @param authToken the API token ({@code Authorization: Bearer <token>}); printable ASCII
   * @throws NullPointerException if the token is null
   * @throws IllegalArgumentException if the token is blank or not printable ASCII
   */
  public MetricsApiClient(String authToken) {
    this(builder(authToken));
  }

  /**
   * Makes a client, as the Python client's constructor does; {@link #builder} offers more settings.
   *
   * @param authToken the API token ({@code Authorization: Bearer <token>}); printable ASCII
   * @param apiUrl the base URL, or null for {@link #DEFAULT_API_URL}; see {@link Builder#apiUrl}
   * @param client the HTTP client to send with, or null for a shared default
   * @throws NullPointerException if the token is null
   * @throws IllegalArgumentException if the token is blank or not printable ASCII, or {@code apiUrl} is malformed
   */
  public MetricsApiClient(String authToken, @Nullable String apiUrl, @Nullable OkHttpClient client) {
    this(builder(authToken).apiUrl(apiUrl).client(client));
  }

  private MetricsApiClient(Builder builder) {
    this.settings = builder.copy();
    // The server's one route is /metrics/, with the slash: without it the answer is an HTML 404.
    this.metricsUrl = Urls.endpoint(ClientSettings.of(builder).apiUrl(), "metrics", "");
    this.engine = ClientSettings.of(builder).engine("Bearer " + builder.authToken, Api.METRICS, MetricsApiClient.class);
  }

  /**
   * Returns a builder for a client with settings beyond the constructors'.
   *
   * @param authToken the API token; printable ASCII
   * @return a builder with the defaults
   * @throws NullPointerException if the token is null
   * @throws IllegalArgumentException if the token is blank or not printable ASCII
   */
  public static Builder builder(String authToken) {
    return new Builder(authToken);
  }

  /**
   * Reads a metric's series up to now.
   *
   * @param metric the metric's name, ending in its aggregator, such as {@code stores.default.visits.sum}
   * @param from the start, in the server's time syntax: {@code now}, {@code today}, {@code yesterday},
   *     {@code tomorrow}, {@code -<count><unit>} such as {@code -30d} or {@code -24h},
   *     {@code HH:MM_YYYYMMDD}, {@code YYYYMMDD}, or Unix seconds
   * @param interval the bucket size: a count and a unit, such as {@code 1d}, {@code 1hour},
   *     {@code 10min} (units: {@code s}, {@code min}, {@code h}, {@code d}, {@code w}, {@code mon},
   *     {@code y} and their long names; {@code m} is not one)
   * @param nulls what an interval without data becomes: {@link Nulls#ZEROIZE} (0.0), {@link Nulls#OMIT}
   *     (no point) or {@link Nulls#KEEP} (a point whose value is null)
   * @return the series; no points when the server has no data for the metric
   * @throws IOException an {@link HttpApiException} for a refusal (such as 400 when the request asks
   *     for more than the server's 10000 points), or a transport failure
   * @throws IllegalArgumentException for a bad argument (nothing is sent)
   * @throws NullPointerException if an argument is null
   */
  public MetricSeries getMetric(String metric, String from, String interval, Nulls nulls) throws IOException {
    return getMetric(metric, from, interval, nulls, null);
  }

  /**
   * Reads a metric's series between two times.
   *
   * @param metric the metric's name, ending in its aggregator, such as {@code stores.default.visits.sum}
   * @param from the start, in the server's time syntax; see {@link #getMetric(String, String, String, Nulls)}
   * @param interval the bucket size, such as {@code 1d}
   * @param nulls what an interval without data becomes
   * @param until the end, in the server's time syntax (such as {@code -1d}), or null for now
   * @return the series; no points when the server has no data for the metric
   * @throws IOException an {@link HttpApiException} for a refusal, or a transport failure
   * @throws IllegalArgumentException for a bad argument (nothing is sent)
   * @throws NullPointerException if an argument other than {@code until} is null
   */
  public MetricSeries getMetric(String metric, String from, String interval, Nulls nulls, @Nullable String until)
      throws IOException {
    Checks.requireNonNull(nulls, "nulls");
    return engine.execute(readRequest(metric, from, interval, nulls, until).named("getMetric"));
  }

  /**
   * Reads a metric's series up to now, as the Python client's {@code get_metric(metric, start,
   * interval, nulls)} does; {@link #getMetric(String, String, String, Nulls)} takes {@code nulls} typed.
   *
   * @param metric the metric's name, ending in its aggregator, such as {@code stores.default.visits.sum}
   * @param from the start, in the server's time syntax; see {@link #getMetric(String, String, String, Nulls)}
   * @param interval the bucket size, such as {@code 1d}
   * @param nulls {@code zeroize}, {@code omit} or {@code keep}, as {@link Nulls#wireName()} writes them
   * @return the series; no points when the server has no data for the metric
   * @throws IOException an {@link HttpApiException} for a refusal, or a transport failure
   * @throws IllegalArgumentException for a bad argument (nothing is sent)
   * @throws NullPointerException if an argument is null
   */
  public MetricSeries getMetric(String metric, String from, String interval, String nulls) throws IOException {
    return getMetric(metric, from, interval, nulls, null);
  }

  /**
   * Reads a metric's series between two times, as the Python client's {@code get_metric(metric,
   * start, interval, nulls, end)} does.
   *
   * @param metric the metric's name, ending in its aggregator, such as {@code stores.default.visits.sum}
   * @param from the start, in the server's time syntax; see {@link #getMetric(String, String, String, Nulls)}
   * @param interval the bucket size, such as {@code 1d}
   * @param nulls {@code zeroize}, {@code omit} or {@code keep}
   * @param until the end, in the server's time syntax (such as {@code -1d}), or null for now
   * @return the series; no points when the server has no data for the metric
   * @throws IOException an {@link HttpApiException} for a refusal, or a transport failure
   * @throws IllegalArgumentException for a bad argument (nothing is sent)
   * @throws NullPointerException if an argument other than {@code until} is null
   */
  public MetricSeries getMetric(String metric, String from, String interval, String nulls,
      @Nullable String until)
      throws IOException {
    Checks.requireNonNull(nulls, "nulls");
    return getMetric(metric, from, interval, Nulls.fromWireName(nulls), until);
  }

  private ApiRequest<MetricSeries> readRequest(String metric, String from, String interval, Nulls nulls,
      @Nullable String until) {
    checkName(metric, "metric");
    checkTime(from, "from");
    Checks.requireName(interval, "interval");
    if (!INTERVAL.matcher(interval).matches() || interval.chars().takeWhile(Character::isDigit).allMatch(c -> c == '0')) {
      throw new IllegalArgumentException("interval must be a count above 0 and a unit (s, min, h, d, w, mon, y,"
          + " or their long names), such as 1d or 10min, but was " + Checks.quote(interval));
    }
    if (until != null) {
      // The server drops a blank value, so a blank until would silently mean "now".
      checkTime(until, "until");
    }
    HttpUrl.Builder url = metricsUrl.newBuilder()
        .addQueryParameter("m", metric)
        .addQueryParameter("from", from)
        .addQueryParameter("interval", interval)
        .addQueryParameter("nulls", nulls.wireName());
    if (until != null) {
      url.addQueryParameter("until", until);
    }
    return new ApiRequest<>("GET", url.build(), null, true, ApiRequest.DEFAULT_ANSWER_LIMIT, answer -> {
      if (!answer.isSuccessful()) {
        throw answer.refusal();
      }
      List<MetricPoint> points = readSeries(answer.body(), metric);
      if (points == null) {
        throw answer.unexpected("a JSON object of metric names and lists of {\"x\": milliseconds, \"y\": value}");
      }
      return new MetricSeries(metric, points);
    });
  }

  /**
   * The points of one metric in a GET answer; empty when absent; null when the answer is malformed.
   * Read with the streaming parser, keeping only the points: no tree of the answer is built, so the
   * heap holds the series (within the answer's 1 MiB, at most some 75,000 points) and not a tree
   * many times its size. As strict as a tree: a repeated key or trailing content is malformed.
   * Reads numbers as the server writes them: Python's {@code json.dumps} writes a NaN or infinite
   * value (which the server takes from any client) as the bare word {@code NaN}, {@code Infinity} or
   * {@code -Infinity}, which strict JSON has not.
   */
  static @Nullable List<MetricPoint> readSeries(byte[] body, String metric) {
    try (JsonParser parser = JsonCodec.mapper().getFactory().createParser(body)) {
      parser.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      List<MetricPoint> points = List.of();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!name.equals(metric)) {
          parser.skipChildren();
        } else if (value != JsonToken.START_ARRAY || (points = readPoints(parser)) == null) {
          return null;
        }
      }
      return parser.nextToken() == null ? points : null;
    } catch (IOException notJson) {
      return null;
    }
  }

  /** The points of a series, the parser on the array's start; null if one is not {"x": integer, "y": number or null}. */
  private static @Nullable List<MetricPoint> readPoints(JsonParser parser) throws IOException {
    List<MetricPoint> points = new ArrayList<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      if (token != JsonToken.START_OBJECT) {
        return null;
      }
      Long x = null;
      Double y = null;
      boolean hasY = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("x")) {
          if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return null;
          }
          x = parser.getLongValue();
        } else if (field.equals("y")) {
          if (value != JsonToken.VALUE_NULL && value != JsonToken.VALUE_NUMBER_INT
              && value != JsonToken.VALUE_NUMBER_FLOAT) {
            return null;
          }
          hasY = true;
          y = value == JsonToken.VALUE_NULL ? null : parser.getDoubleValue();
        } else {
          parser.skipChildren();
        }
      }
      if (x == null || !hasY) {
        return null;
      }
      points.add(new MetricPoint(Instant.ofEpochMilli(x), y));
    }
    return points;
  }

  /**
   * Fires metric values: each is published once, and aggregated with the others of its name by the
   * aggregator its name ends in. The whole map is checked before anything is sent; the server, too,
   * publishes all or nothing.
   *
   * @param metrics names, each ending in its aggregator (such as {@code visits.sum}), and their
   *     finite values; sent in the map's order
   * @return the server's echo of each value, in the server's order
   * @throws IOException an {@link HttpApiException} for a refusal, or a transport failure; the
   *     values may have been published when the failure came after they were sent
   * @throws IllegalArgumentException for an empty map, a bad name, or a value that is NaN or infinite
   *     (nothing is sent)
   * @throws NullPointerException if the map, a name or a value is null
   */
  public List<FiredMetric> fire(Map<String, Double> metrics) throws IOException {
    return engine.execute(fireRequest(metrics).named("fire"));
  }

  private ApiRequest<List<FiredMetric>> fireRequest(Map<String, Double> metrics) {
    Checks.requireNonNull(metrics, "metrics");
    if (metrics.isEmpty()) {
      // The server would answer [] to an empty object: a POST that does nothing.
      throw new IllegalArgumentException("metrics must not be empty: it must name at least one metric to fire");
    }
    Map<String, Double> checked = new LinkedHashMap<>();
    for (Map.Entry<String, Double> entry : metrics.entrySet()) {
      String name = checkName(entry.getKey(), "metrics name");
      Double value = Checks.requireNonNull(entry.getValue(), "metrics value of " + name);
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("metrics value of " + Checks.quote(name) + " must be a finite number,"
            + " but was " + value);
      }
      checked.put(name, value);
    }
    byte[] body = fireBody(checked);
    long limit = Math.max(MAX_FIRE_ANSWER_PER_METRIC, (long) MAX_FIRE_ANSWER_PER_METRIC * checked.size()) + body.length;
    return new ApiRequest<>("POST", metricsUrl, body, false, limit, answer -> {
      if (!answer.isSuccessful()) {
        throw answer.refusal();
      }
      List<FiredMetric> fired = readFired(answer);
      if (fired == null) {
        throw answer.unexpected("a JSON list of {\"name\", \"value\", \"aggregator\"}");
      }
      return fired;
    });
  }

  private static byte[] fireBody(Map<String, Double> metrics) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    metrics.forEach(json::put);
    return json.toString().getBytes(StandardCharsets.UTF_8); // a tree's toString() is its JSON
  }

  /**
   * Reads a fire's answer as the server writes it: Python's {@code json.dumps} writes a NaN or
   * infinite value (which the server takes from any client) as the bare word {@code NaN},
   * {@code Infinity} or {@code -Infinity}, which strict JSON has not.
   */
  private static final ObjectReader ANSWERS = JsonCodec.mapper().reader().with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);

  private static JsonNode readAnswer(byte[] body) throws IOException {
    JsonNode tree = ANSWERS.readTree(body);
    if (tree == null || tree.isMissingNode()) {
      throw new IOException("no JSON document");
    }
    return tree;
  }

  private static @Nullable List<FiredMetric> readFired(Answer answer) {
    JsonNode tree;
    try {
      tree = readAnswer(answer.body());
    } catch (IOException notJson) {
      return null;
    }
    if (!tree.isArray()) {
      return null;
    }
    List<FiredMetric> fired = new ArrayList<>(tree.size());
    for (JsonNode item : tree) {
      JsonNode name = item.get("name");
      JsonNode value = item.get("value");
      JsonNode aggregatorName = item.get("aggregator");
      Aggregate aggregator = aggregatorName == null ? null
          : Checks.byWireName(Aggregate.values(), Aggregate::wireName, aggregatorName.asText(null));
      if (name == null || !name.isTextual() || value == null || !value.isNumber() || aggregator == null) {
        return null;
      }
      fired.add(new FiredMetric(name.asText(), value.asDouble(), aggregator));
    }
    return List.copyOf(fired);
  }

  /** A time the server reads, as {@link #RELATIVE} and the patterns beside it say; a name otherwise. */
  private static void checkTime(String time, String parameter) {
    Checks.requireName(time, parameter);
    if (!isTime(time)) {
      throw new IllegalArgumentException(parameter + " must be a time the metrics API reads: " + TIMES + ", but was "
          + Checks.quote(time));
    }
  }

  private static boolean isTime(String time) {
    switch (time) {
      case "now", "today", "yesterday", "tomorrow":
        return true;
      default:
        break;
    }
    Matcher relative = RELATIVE.matcher(time);
    if (relative.matches()) {
      return Long.parseLong(relative.group(1)) <= MAX_SPAN_SECONDS / UNIT_SECONDS.get(relative.group(2));
    }
    Matcher clockDate = CLOCK_DATE.matcher(time);
    if (clockDate.matches()) {
      return Integer.parseInt(clockDate.group(1)) < 24 && Integer.parseInt(clockDate.group(2)) < 60
          && isDate(clockDate.group(3));
    }
    if (!DIGITS.matcher(time).matches()) {
      return false;
    }
    if (time.length() == 8 && Integer.parseInt(time.substring(0, 4)) > 1900
        && Integer.parseInt(time.substring(4, 6)) < 13 && Integer.parseInt(time.substring(6)) < 32) {
      return isDate(time);
    }
    return Long.parseLong(time) <= MAX_UNIX_SECONDS;
  }

  /** Whether {@code YYYYMMDD} is a day of the calendar, as {@code strptime} checks it. */
  private static boolean isDate(String yyyymmdd) {
    try {
      java.time.LocalDate.of(Integer.parseInt(yyyymmdd.substring(0, 4)), Integer.parseInt(yyyymmdd.substring(4, 6)),
          Integer.parseInt(yyyymmdd.substring(6)));
      return Integer.parseInt(yyyymmdd.substring(0, 4)) >= 1;
    } catch (java.time.DateTimeException e) {
      return false;
    }
  }

  private static java.util.Map<String, Long> unitSeconds() {
    java.util.Map<String, Long> seconds = new java.util.HashMap<>();
    long[] values = {1, 60, 3600, 86_400, 7 * 86_400, 30 * 86_400, 365 * 86_400};
    String[][] names = {{"s", "second", "seconds"}, {"min", "mins", "minute", "minutes"}, {"h", "hour", "hours"},
        {"d", "day", "days"}, {"w", "week", "weeks"}, {"mon", "month", "months"}, {"y", "year", "years"}};
    for (int i = 0; i < values.length; i++) {
      for (String name : names[i]) {
        seconds.put(name, values[i]);
      }
    }
    return java.util.Map.copyOf(seconds);
  }

  /**
   * A metric name the server takes: it must end in a dot and an aggregator, or the server refuses
   * it ({@code Aggregator 'x' is not a valid aggregator}).
   */
  private static String checkName(String name, String parameter) {
    Checks.requireName(name, parameter);
    int dot = name.lastIndexOf('.');
    String aggregator = dot < 0 ? "" : name.substring(dot + 1);
    if (dot <= 0 || Checks.byWireName(Aggregate.values(), Aggregate::wireName, aggregator) == null) {
      throw new IllegalArgumentException(parameter + " must end in .avg, .sum, .max, .min or .last, such as"
          + " visits.sum, but was " + Checks.quote(name));
    }
    return name;
  }

  /**
   * Returns a builder with this client's settings, to make a client that differs in some.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return settings.copy();
  }

  /**
   * Closes the client: calls made after it fail at once with an {@link IllegalStateException} and
   * send nothing; calls in flight finish as they would, within their deadline. Releases what the
   * library made for it (the shared default HTTP client and the library's threads, once the last
   * client using them is closed); an {@code OkHttpClient} given to the builder stays the caller's.
   * A client handed out by {@link org.vumi.go.http.VumiGo} is that instance's to close: closing it
   * here does nothing. Idempotent.
   */
  @Override
  public void close() {
    ClientSettings.of(settings).close(engine);
  }

  /**
   * Shows where the client sends; never its token.
   *
   * @return a description such as {@code MetricsApiClient{url=https://…/metrics/, …}}
   */
  @Override
  public String toString() {
    return ClientSettings.of(settings).describe("MetricsApiClient", "url", metricsUrl);
  }

  /** Builds a {@link MetricsApiClient}. Every setting has a default; each setter checks its argument at once. */
  public static final class Builder extends ClientBuilder<Builder, MetricsApiClient> {
    private final String authToken;

    private Builder(String authToken) {
      super(DEFAULT_API_URL, "authToken");
      this.authToken = Checks.requireCredential(authToken, "authToken");
    }

    private Builder copy() {
      return ClientSettings.copy(this, new Builder(authToken));
    }

    /**
     * Returns the client.
     *
     * @return a new client
     */
    @Override
    public MetricsApiClient build() {
      return new MetricsApiClient(this);
    }
  }
}
