package org.vumi.go.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * Sends messages and fires metrics through a Vumi Go conversation's HTTP API: the Java port of
 * the Python {@code go_http.send.HttpApiSender}.
 *
 * <pre>{@code
 * ConversationSender sender = new HttpApiSender("account-key", "conversation-key", "conversation-token");
 * SentMessage sent = sender.sendText("+27831234567", "Hello!");
 * }</pre>
 *
 * <p>Every call is one HTTP {@code PUT} of a JSON body to
 * {@code <apiUrl>/<conversationKey>/messages.json} or {@code .../metrics.json}, authenticated with
 * HTTP Basic auth (the account key and the conversation token).
 *
 * <p><b>At most once.</b> A message is never sent twice by this library. OkHttp on its own repeats a
 * request whose connection failed after the request was written (a kept-alive connection the server
 * dropped, say); for a message that is a duplicate SMS. This sender turns that off for its calls and
 * marks its bodies one-shot, so where it cannot know whether the server got a message, the caller
 * gets an {@link IOException} and decides.
 *
 * <p>Instances are immutable and safe to share between threads; share one per conversation, so
 * its connections are reused.
 */
public final class HttpApiSender implements ConversationSender {
  /** Vumi Go's production endpoint, used when no {@code apiUrl} is given. */
  public static final String DEFAULT_API_URL = "https://go.vumi.org/api/v1/go/http_api_nostream";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  /** Default bound on requests in flight per sender: below Vumi Go's 10 per account, with room to spare. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 8;

  /** A message answer is under 1 KiB beside its content; one this much larger is not Vumi Go. */
  static final int MAX_RESPONSE_BYTES = 64 * 1024;
  private static final int BODY_EXCERPT_CHARS = 200;

  /** One client for every sender made without one, so they share connections and threads. */
  private static final class DefaultClient {
    static final OkHttpClient INSTANCE = new OkHttpClient();
  }

  private final OkHttpClient client;
  private final HttpUrl messagesUrl;
  private final HttpUrl metricsUrl;
  private final String authorization;
  private final RetryPolicy retryPolicy;
  private final int maxInFlight;
  private final Semaphore inFlight;

  /**
   * Makes a sender for Vumi Go's production endpoint with the default settings of {@link Builder}.
   *
   * @param accountKey the account key (the Basic auth user); not blank
   * @param conversationKey the conversation's key; not blank
   * @param conversationToken one of the conversation's API tokens (the Basic auth password); not blank
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is blank
   */
  public HttpApiSender(String accountKey, String conversationKey, String conversationToken) {
    this(builder(accountKey, conversationKey, conversationToken));
  }

  /**
   * Makes a sender, as the Python client's constructor does; {@link #builder} offers more settings.
   *
   * @param accountKey the account key (the Basic auth user); not blank
   * @param conversationKey the conversation's key; not blank
   * @param conversationToken one of the conversation's API tokens (the Basic auth password); not blank
   * @param apiUrl the API's base URL, or null for {@link #DEFAULT_API_URL}; see {@link Builder#apiUrl}
   * @param client the HTTP client to send with, or null for a shared default; see {@link Builder#client}
   * @throws NullPointerException if a key or the token is null
   * @throws IllegalArgumentException if a key or the token is blank, or {@code apiUrl} is malformed
   */
  public HttpApiSender(String accountKey, String conversationKey, String conversationToken,
      String apiUrl, OkHttpClient client) {
    this(builder(accountKey, conversationKey, conversationToken).apiUrl(apiUrl).client(client));
  }

  private HttpApiSender(Builder builder) {
    this.messagesUrl = endpoint(builder.apiUrl, builder.conversationKey, "messages.json");
    this.metricsUrl = endpoint(builder.apiUrl, builder.conversationKey, "metrics.json");
    this.authorization = Credentials.basic(builder.accountKey, builder.conversationToken);
    this.client = (builder.client == null ? DefaultClient.INSTANCE : builder.client).newBuilder()
        .retryOnConnectionFailure(false)
        .addNetworkInterceptor(SendProgress.MARKER)
        .build();
    this.retryPolicy = builder.retryPolicy;
    this.maxInFlight = builder.maxInFlight;
    this.inFlight = new Semaphore(builder.maxInFlight, true);
  }

  /**
   * Returns a builder for a sender with settings beyond the constructors': retries and the bound on
   * requests in flight.
   *
   * @param accountKey the account key (the Basic auth user); not blank
   * @param conversationKey the conversation's key; not blank
   * @param conversationToken one of the conversation's API tokens (the Basic auth password); not blank
   * @return a builder with the defaults
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is blank
   */
  public static Builder builder(String accountKey, String conversationKey, String conversationToken) {
    return new Builder(accountKey, conversationKey, conversationToken);
  }

  private static HttpUrl parseApiUrl(String apiUrl) {
    HttpUrl url = HttpUrl.parse(apiUrl);
    if (url == null) {
      throw new IllegalArgumentException(
          "apiUrl must be an absolute http or https URL, but was " + Checks.quote(apiUrl));
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      // Never echo the URL here: it holds a secret.
      throw new IllegalArgumentException(
          "apiUrl must not hold credentials; pass them as accountKey and conversationToken");
    }
    return url;
  }

  private static HttpUrl endpoint(HttpUrl base, String conversationKey, String resource) {
    HttpUrl.Builder builder = base.newBuilder();
    List<String> segments = base.pathSegments();
    if (segments.get(segments.size() - 1).isEmpty()) {
      builder.removePathSegment(segments.size() - 1); // "…/nostream/" must not give "…/nostream//key"
    }
    return builder.addPathSegment(conversationKey).addPathSegment(resource).build();
  }

  @Override
  public SentMessage send(OutboundMessage message) throws IOException {
    Checks.requireNonNull(message, "message");
    return exchange(messagesUrl, Json.messageBody(message, null), message, (response, answer) -> {
      Json.MessageFields fields = readOrNull(answer);
      if (fields == null || fields.messageId == null) {
        throw unexpected(response, answer, "a JSON message with a message_id");
      }
      return new SentMessage(answer, fields);
    });
  }

  @Override
  public MetricResult fireMetric(Metric metric) throws IOException {
    Checks.requireNonNull(metric, "metric");
    return exchange(metricsUrl, Json.metricBody(metric), null, (response, answer) -> {
      Json.Outcome outcome = Json.readOutcomeOrNull(answer);
      if (outcome == null) {
        throw unexpected(response, answer, "a JSON object");
      }
      return new MetricResult(outcome.success, outcome.reason);
    });
  }

  /** Turns a 2xx answer's bytes into a result. */
  private interface AnswerReader<T> {
    T read(Response response, byte[] answer) throws UnexpectedResponseException;
  }

  /**
   * PUTs {@code body} and reads the answer, sending again only as the retry policy allows.
   * {@code message} is the message being sent, which turns an opted-out refusal into
   * {@link UserOptedOutException}; null for metrics.
   */
  private <T> T exchange(HttpUrl url, byte[] body, OutboundMessage message, AnswerReader<T> reader)
      throws IOException {
    RequestBody requestBody = new OneShotBody(body);
    for (int attempt = 1; ; attempt++) {
      SendProgress progress = new SendProgress();
      Request request = new Request.Builder()
          .url(url)
          .header("Authorization", authorization)
          .put(requestBody)
          .tag(SendProgress.class, progress)
          .build();
      long retryAfterMillis;
      acquirePermit(url);
      try (Response response = client.newCall(request).execute()) {
        if (response.isSuccessful()) {
          return reader.read(response, readAnswer(response, answerLimit(body)));
        }
        byte[] errorBody = readErrorBody(response);
        retryAfterMillis = notProcessedRetryAfter(response, errorBody);
        if (retryAfterMillis == NOT_RETRYABLE || attempt >= retryPolicy.maxAttempts()) {
          throw refusal(response, errorBody, message, attempt);
        }
      } catch (HttpApiException | UnexpectedResponseException answered) {
        throw answered;
      } catch (IOException e) {
        if (progress.requestStarted || !retryableFailure(e) || attempt >= retryPolicy.maxAttempts()) {
          throw Failures.describe(e, "PUT " + url, attempt, progress.requestStarted, client);
        }
        retryAfterMillis = -1;
      } finally {
        inFlight.release();
      }
      pause(url, retryPolicy.backoffMillis(attempt, retryAfterMillis, ThreadLocalRandom.current().nextDouble()));
    }
  }

  private static final long NOT_RETRYABLE = -2;

  /**
   * Tells whether the server certainly did not process the request: -1 to retry after the policy's
   * backoff, a number of milliseconds the server asked for, or {@link #NOT_RETRYABLE}.
   */
  private static long notProcessedRetryAfter(Response response, byte[] errorBody) {
    int code = response.code();
    if (code == 403) {
      return new String(errorBody, StandardCharsets.UTF_8).contains("Too many concurrent connections")
          ? -1 : NOT_RETRYABLE;
    }
    if (code == 429 || code == 503) {
      String retryAfter = response.header("Retry-After");
      return retryAfter == null ? NOT_RETRYABLE : RetryAfter.millis(retryAfter);
    }
    return NOT_RETRYABLE;
  }

  /** Failures before the request was written: worth another try unless the caller gave up. */
  private static boolean retryableFailure(IOException e) {
    return !(e instanceof InterruptedIOException) || e instanceof SocketTimeoutException;
  }

  private void acquirePermit(HttpUrl url) throws InterruptedIOException {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to PUT " + url + "; nothing was sent");
    }
  }

  private static void pause(HttpUrl url, long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry PUT " + url
          + "; the server had not processed the request, and it was not sent again");
    }
  }

  private static Json.MessageFields readOrNull(byte[] answer) {
    try {
      return Json.readMessage(answer);
    } catch (IOException notJson) {
      return null;
    }
  }

  /**
   * The largest answer worth reading: a message answer echoes the content, which the server may
   * escape to six bytes a character, plus under 1 KiB of its own fields.
   */
  static long answerLimit(byte[] requestBody) {
    return MAX_RESPONSE_BYTES + 6L * requestBody.length;
  }

  /** Reads a 2xx answer, refusing one over {@code limit} bytes before holding it in memory. */
  private static byte[] readAnswer(Response response, long limit) throws IOException {
    ResponseBody body = response.body();
    BufferedSource source = body.source();
    if (body.contentLength() > limit || source.request(limit + 1)) {
      throw new UnexpectedResponseException("HTTP " + response.code() + " from PUT "
          + response.request().url() + ": the answer is larger than " + limit
          + " bytes and was not read; the server did accept the request", response.code());
    }
    return source.readByteArray();
  }

  /** Reads at most {@link #MAX_RESPONSE_BYTES} of an error answer, as text. */
  private static byte[] readErrorBody(Response response) throws IOException {
    BufferedSource source = response.body().source();
    source.request(MAX_RESPONSE_BYTES);
    return source.readByteArray(Math.min(source.getBuffer().size(), MAX_RESPONSE_BYTES));
  }

  private static HttpApiException refusal(Response response, byte[] bytes, OutboundMessage message, int attempts) {
    int code = response.code();
    String text = new String(bytes, charset(response));
    Json.Outcome outcome = Json.readOutcomeOrNull(bytes);
    String reason = outcome == null ? null : outcome.reason;
    if (message != null && code == 400 && reason != null) {
      // Exactly where the Python client raises UserOptedOutException; replies are never opted out.
      if (!message.isReply() && reason.contains("opted out") && !outcome.success) {
        return new UserOptedOutException(message.toAddr(), message.content(), reason, text);
      }
      if (message.isReply() && reason.equals(InvalidReplyException.REASON)) {
        return new InvalidReplyException(message.inReplyTo(), text);
      }
    }
    String detail = reason != null ? reason : excerpt(text);
    return new HttpApiException("HTTP " + code + " from PUT " + response.request().url()
        + (attempts > 1 ? " (after " + attempts + " attempts)" : "")
        + (detail.isEmpty() ? "" : ": " + detail), code, reason, text);
  }

  private static UnexpectedResponseException unexpected(Response response, byte[] answer, String expected) {
    return new UnexpectedResponseException("HTTP " + response.code() + " from PUT "
        + response.request().url() + " is not " + expected + "; the server did accept the request. Body starts: "
        + excerpt(new String(answer, charset(response))), response.code());
  }

  private static Charset charset(Response response) {
    MediaType type = response.body().contentType();
    return type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
  }

  private static String excerpt(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= BODY_EXCERPT_CHARS ? oneLine : oneLine.substring(0, BODY_EXCERPT_CHARS) + "…";
  }

  /**
   * Shows where the sender sends; never its credentials.
   *
   * @return a description such as {@code HttpApiSender{messagesUrl=https://…/conv-key/messages.json, …}}
   */
  @Override
  public String toString() {
    return "HttpApiSender{messagesUrl=" + messagesUrl + ", retryPolicy=" + retryPolicy
        + ", maxInFlight=" + maxInFlight + "}";
  }

  /**
   * Builds an {@link HttpApiSender}. Every setting has a default; each setter checks its argument at once.
   *
   * <pre>{@code
   * HttpApiSender sender = HttpApiSender.builder(accountKey, conversationKey, token)
   *     .client(appClient)
   *     .retryPolicy(RetryPolicy.none())
   *     .maxInFlight(4)
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final String accountKey;
    private final String conversationKey;
    private final String conversationToken;
    private HttpUrl apiUrl = HttpUrl.get(DEFAULT_API_URL);
    private OkHttpClient client;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

    private Builder(String accountKey, String conversationKey, String conversationToken) {
      this.accountKey = Checks.requireText(accountKey, "accountKey");
      this.conversationKey = Checks.requireText(conversationKey, "conversationKey");
      this.conversationToken = Checks.requireText(conversationToken, "conversationToken");
    }

    /**
     * Sets the API's base URL.
     *
     * @param apiUrl an absolute http(s) URL without credentials, or null for {@link #DEFAULT_API_URL};
     *     a trailing {@code /} makes no difference
     * @return this builder
     * @throws IllegalArgumentException if the URL is malformed, not http(s), or holds credentials
     */
    public Builder apiUrl(String apiUrl) {
      this.apiUrl = parseApiUrl(apiUrl == null ? DEFAULT_API_URL : apiUrl);
      return this;
    }

    /**
     * Sets the HTTP client to send with. It is used as it is: its connection pool, dispatcher,
     * timeouts, proxy and interceptors stay the caller's. The one exception is OkHttp's silent retry
     * after a connection failure, which the sender's calls never use, because it can deliver a
     * message twice.
     *
     * @param client the client, or null for a default one shared by all senders (OkHttp's defaults)
     * @return this builder
     */
    public Builder client(OkHttpClient client) {
      this.client = client;
      return this;
    }

    /**
     * Sets when a request that the server certainly did not process is sent again.
     *
     * @param retryPolicy the policy; {@link RetryPolicy#defaults()} unless set,
     *     {@link RetryPolicy#none()} to switch retries off
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Checks.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets how many requests this sender has in flight at most; further calls wait their turn, in
     * order. Vumi Go refuses an account's requests past 10 in flight (across all its conversations
     * and senders), so keep the sum of your senders' bounds under that.
     *
     * @param maxInFlight from 1 to 1000; {@value #DEFAULT_MAX_IN_FLIGHT} unless set
     * @return this builder
     * @throws IllegalArgumentException outside 1 to 1000
     */
    public Builder maxInFlight(int maxInFlight) {
      if (maxInFlight < 1 || maxInFlight > 1000) {
        throw new IllegalArgumentException("maxInFlight must be from 1 to 1000, but was " + maxInFlight);
      }
      this.maxInFlight = maxInFlight;
      return this;
    }

    /**
     * Returns the sender.
     *
     * @return a new sender
     */
    public HttpApiSender build() {
      return new HttpApiSender(this);
    }
  }

  /** A JSON body OkHttp may write only once: it will neither retry nor follow a redirect with it. */
  private static final class OneShotBody extends RequestBody {
    private final byte[] bytes;

    OneShotBody(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public MediaType contentType() {
      return JSON;
    }

    @Override
    public long contentLength() {
      return bytes.length;
    }

    @Override
    public boolean isOneShot() {
      return true;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.write(bytes);
    }
  }
}
