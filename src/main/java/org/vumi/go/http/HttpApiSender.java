package org.vumi.go.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Credentials;
import okhttp3.Dispatcher;
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

  /**
   * One client for every sender made without one, so they share connections and threads. Its
   * dispatcher lets as many asynchronous calls through to one host as Vumi Go lets one account
   * have in flight (OkHttp's own default is 5).
   */
  private static final class DefaultClient {
    static final OkHttpClient INSTANCE = newClient();

    private static OkHttpClient newClient() {
      AtomicInteger threads = new AtomicInteger();
      // As OkHttp's own dispatcher pool, but of daemon threads: asynchronous sends never keep the JVM alive.
      ExecutorService executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
          new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "go-http-api OkHttp Dispatcher " + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
      Dispatcher dispatcher = new Dispatcher(executor);
      dispatcher.setMaxRequestsPerHost(10);
      return new OkHttpClient.Builder().dispatcher(dispatcher).build();
    }
  }

  private final OkHttpClient client;
  private final Call.Factory calls;
  private final HttpUrl messagesUrl;
  private final HttpUrl metricsUrl;
  private final String authorization;
  private final RetryPolicy retryPolicy;
  private final int maxInFlight;
  private final InFlightLimit inFlight;

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
    this.calls = builder.callFactory == null ? client
        : Checks.requireNonNull(builder.callFactory.apply(client), "the Call.Factory that callFactory returned");
    this.retryPolicy = builder.retryPolicy;
    this.maxInFlight = builder.maxInFlight;
    this.inFlight = new InFlightLimit(builder.maxInFlight);
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
    return messageExchange(message).run();
  }

  @Override
  public MetricResult fireMetric(Metric metric) throws IOException {
    return metricExchange(metric).run();
  }

  /**
   * Sends a message without blocking, on OkHttp's own asynchronous calls: no thread of this
   * library's keeps the JVM alive. The same errors and the same at-most-once guarantee as
   * {@link #send(OutboundMessage)}; waits for a turn under {@link Builder#maxInFlight} without
   * blocking; cancelling the future cancels the call.
   *
   * @param message the message; not null
   * @return the message as Vumi Go accepted it, or the exception {@link #send} would throw
   */
  @Override
  public CompletableFuture<SentMessage> sendAsync(OutboundMessage message) {
    return messageExchange(message).runAsync();
  }

  /**
   * Fires a metric without blocking, as {@link #sendAsync(OutboundMessage)} sends.
   *
   * @param metric the metric; not null
   * @return Vumi Go's answer, or the exception {@link #fireMetric(Metric)} would throw
   */
  @Override
  public CompletableFuture<MetricResult> fireMetricAsync(Metric metric) {
    return metricExchange(metric).runAsync();
  }

  /**
   * Sends many messages concurrently, at most {@link Builder#maxInFlight} at a time, blocking until
   * each has an outcome. Messages are taken from {@code messages} only as turns come free.
   *
   * @param messages the messages; not null, nor any of them
   * @return one outcome per message, in input order
   */
  @Override
  public List<SendOutcome> sendAll(Iterable<OutboundMessage> messages) {
    return Bulk.sendAll(this, messages, maxInFlight);
  }

  private Exchange<SentMessage> messageExchange(OutboundMessage message) {
    Checks.requireNonNull(message, "message");
    return new Exchange<>(messagesUrl, Json.messageBody(message, null), message, (response, answer) -> {
      String messageId = messageIdOrNull(answer);
      if (messageId == null) {
        throw unexpected(response, answer, "a JSON message with a message_id");
      }
      return new SentMessage(answer, messageId);
    });
  }

  private Exchange<MetricResult> metricExchange(Metric metric) {
    Checks.requireNonNull(metric, "metric");
    return new Exchange<>(metricsUrl, Json.metricBody(metric), null, (response, answer) -> {
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

  private static final long NOT_RETRYABLE = -2;

  /**
   * One PUT and its attempts: what each answer or failure means, shared by the blocking and the
   * asynchronous path. {@code message} is the message being sent, which turns some refusals into
   * their own exceptions; null for metrics.
   */
  private final class Exchange<T> {
    private final HttpUrl url;
    private final byte[] body;
    private final long answerLimit;
    private final OutboundMessage message;
    private final AnswerReader<T> reader;

    Exchange(HttpUrl url, byte[] body, OutboundMessage message, AnswerReader<T> reader) {
      this.url = url;
      this.body = body;
      this.answerLimit = answerLimit(body);
      this.message = message;
      this.reader = reader;
    }

    Request request(SendProgress progress) {
      return new Request.Builder()
          .url(url)
          .header("Authorization", authorization)
          .put(new OneShotBody(body, progress))
          .tag(SendProgress.class, progress)
          .build();
    }

    /**
     * Reads one attempt's answer: the result, or (with the result null) the milliseconds to wait
     * before the next attempt.
     *
     * @throws HttpApiException for a refusal not to be retried
     */
    T answer(Response response, int attempt, long[] retryDelay) throws IOException {
      if (response.isSuccessful()) {
        return reader.read(response, readAnswer(response, answerLimit));
      }
      byte[] errorBody = readErrorBody(response);
      long retryAfterMillis = notProcessedRetryAfter(response, errorBody);
      if (retryAfterMillis == NOT_RETRYABLE || attempt >= retryPolicy.maxAttempts()) {
        throw refusal(response, errorBody, message, attempt);
      }
      retryDelay[0] = backoff(attempt, retryAfterMillis);
      return null;
    }

    /** The wait before the next attempt after a failure, or the exception to give the caller. */
    long failure(IOException e, SendProgress progress, int attempt) throws IOException {
      if (e instanceof HttpApiException || e instanceof UnexpectedResponseException) {
        throw e;
      }
      if (progress.requestStarted || !retryableFailure(e) || attempt >= retryPolicy.maxAttempts()) {
        throw Failures.describe(e, "PUT " + url, attempt, progress, client);
      }
      return backoff(attempt, -1);
    }

    T run() throws IOException {
      long[] retryDelay = new long[1];
      for (int attempt = 1; ; attempt++) {
        SendProgress progress = new SendProgress();
        acquirePermit(url);
        try (Response response = calls.newCall(request(progress)).execute()) {
          T result = answer(response, attempt, retryDelay);
          if (result != null) {
            return result;
          }
        } catch (IOException e) {
          retryDelay[0] = failure(e, progress, attempt);
        } finally {
          inFlight.release();
        }
        pause(url, retryDelay[0]);
      }
    }

    CompletableFuture<T> runAsync() {
      AsyncAttempts<T> attempts = new AsyncAttempts<>(this);
      attempts.next();
      return attempts.result;
    }
  }

  /** The asynchronous path's state: the attempt under way and the future the caller holds. */
  private final class AsyncAttempts<T> implements Callback {
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final Exchange<T> exchange;
    private volatile Call call;
    private volatile SendProgress progress;
    private volatile int attempt;

    AsyncAttempts(Exchange<T> exchange) {
      this.exchange = exchange;
      result.whenComplete((value, error) -> {
        Call current = call;
        if (result.isCancelled() && current != null) {
          current.cancel();
        }
      });
    }

    void next() {
      inFlight.acquireThen(this::start);
    }

    private void start() {
      if (result.isDone()) { // cancelled while it waited for its turn
        inFlight.release();
        return;
      }
      attempt++;
      progress = new SendProgress();
      Call started = calls.newCall(exchange.request(progress));
      call = started;
      started.enqueue(this);
      if (result.isCancelled()) {
        started.cancel();
      }
    }

    @Override
    public void onResponse(Call call, Response response) {
      long[] retryDelay = new long[1];
      try (response) {
        T value = exchange.answer(response, attempt, retryDelay);
        if (value != null) {
          result.complete(value);
          return;
        }
      } catch (IOException e) {
        fail(e);
        return;
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e); // never leave the caller's future hanging
        throw e;
      } finally {
        inFlight.release();
      }
      retryAfter(retryDelay[0]);
    }

    @Override
    public void onFailure(Call call, IOException e) {
      inFlight.release();
      fail(e);
    }

    private void fail(IOException e) {
      try {
        retryAfter(exchange.failure(e, progress, attempt));
      } catch (IOException described) {
        result.completeExceptionally(described);
      }
    }

    private void retryAfter(long millis) {
      if (!result.isDone()) {
        // The JDK's shared delayer: daemon threads, none of them this library's.
        CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS).execute(this::next);
      }
    }
  }

  private long backoff(int attempt, long retryAfterMillis) {
    return retryPolicy.backoffMillis(attempt, retryAfterMillis, ThreadLocalRandom.current().nextDouble());
  }

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

  private static String messageIdOrNull(byte[] answer) {
    try {
      return Json.readMessageId(answer);
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
    private java.util.function.Function<OkHttpClient, Call.Factory> callFactory;

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
     * Sets a wrapper for the sender's calls, such as OpenTelemetry's OkHttp instrumentation. The
     * function receives the sender's own client (the one {@link #client} gave, with OkHttp's silent
     * retries off and the sender's progress marker added) and returns the {@link Call.Factory} to make
     * every call with. The wrapper may add interceptors and observe calls; it must not send a call's
     * request more than once (see the README on interceptors).
     *
     * <pre>{@code
     * builder.callFactory(client -> OkHttpTelemetry.builder(openTelemetry).build().newCallFactory(client))
     * }</pre>
     *
     * @param callFactory the wrapper, or null to call the client directly
     * @return this builder
     */
    public Builder callFactory(java.util.function.Function<OkHttpClient, Call.Factory> callFactory) {
      this.callFactory = callFactory;
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
    private final SendProgress progress;

    OneShotBody(byte[] bytes, SendProgress progress) {
      this.bytes = bytes;
      this.progress = progress;
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
      progress.bodyWritten = true;
    }
  }
}
