package org.vumi.go.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Answer;
import org.vumi.go.http.internal.ApiRequest;
import org.vumi.go.http.internal.Checks;
import org.vumi.go.http.internal.ClientSettings;
import org.vumi.go.http.internal.Engine;
import org.vumi.go.http.internal.Urls;

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
 * <p><b>Bounded.</b> Every operation ends within its {@linkplain Builder#deadline deadline} (60 s unless
 * set), which spans its wait for a turn, every attempt and every backoff.
 *
 * <p>Instances are immutable and safe to share between threads; share one per conversation, so
 * its connections are reused.
 */
public final class HttpApiSender implements ConversationSender {
  /** Vumi Go's production endpoint, used when no {@code apiUrl} is given. */
  public static final String DEFAULT_API_URL = "https://go.vumi.org/api/v1/go/http_api_nostream";

  /** Default bound on requests in flight per sender: below Vumi Go's 10 per account, with room to spare. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 8;

  /** A message answer is under 1 KiB beside its content; one this much larger is not Vumi Go. */
  static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private final Builder settings;
  private final Engine engine;
  private final HttpUrl messagesUrl;
  private final HttpUrl metricsUrl;

  /**
   * Makes a sender for Vumi Go's production endpoint with the default settings of {@link Builder}.
   *
   * @param accountKey the account key (the Basic auth user); printable ASCII without {@code :}
   * @param conversationKey the conversation's key; printable ASCII, not {@code .} or {@code ..}
   * @param conversationToken one of the conversation's API tokens (the Basic auth password); printable ASCII
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is blank or holds what cannot be sent faithfully
   */
  public HttpApiSender(String accountKey, String conversationKey, String conversationToken) {
    this(builder(accountKey, conversationKey, conversationToken));
  }

  /**
   * Makes a sender, as the Python client's constructor does; {@link #builder} offers more settings.
   *
   * @param accountKey the account key (the Basic auth user); printable ASCII without {@code :}
   * @param conversationKey the conversation's key; printable ASCII, not {@code .} or {@code ..}
   * @param conversationToken one of the conversation's API tokens (the Basic auth password); printable ASCII
   * @param apiUrl the API's base URL, or null for {@link #DEFAULT_API_URL}; see {@link Builder#apiUrl}
   * @param client the HTTP client to send with, or null for a shared default; see {@link Builder#client}
   * @throws NullPointerException if a key or the token is null
   * @throws IllegalArgumentException if a key or the token is blank or not printable ASCII, or
   *     {@code apiUrl} is malformed
   */
  public HttpApiSender(String accountKey, String conversationKey, String conversationToken,
      @Nullable String apiUrl, @Nullable OkHttpClient client) {
    this(builder(accountKey, conversationKey, conversationToken).apiUrl(apiUrl).client(client));
  }

  private HttpApiSender(Builder builder) {
    this.settings = builder.copy();
    this.messagesUrl = Urls.endpoint(ClientSettings.of(builder).apiUrl(), builder.conversationKey, "messages.json");
    this.metricsUrl = Urls.endpoint(ClientSettings.of(builder).apiUrl(), builder.conversationKey, "metrics.json");
    // UTF-8, the one Basic-auth charset of this library (the keys are ASCII, so the bytes are too).
    this.engine = ClientSettings.of(builder).engine(
        Credentials.basic(builder.accountKey, builder.conversationToken, StandardCharsets.UTF_8),
        Api.CONVERSATION, HttpApiSender.class);
  }

  /**
   * Returns a builder for a sender with settings beyond the constructors': retries, the bound on
   * requests in flight, the deadline, and a wrapper for the calls.
   *
   * @param accountKey the account key (the Basic auth user); printable ASCII without {@code :}
   * @param conversationKey the conversation's key; printable ASCII, not {@code .} or {@code ..}
   * @param conversationToken one of the conversation's API tokens (the Basic auth password); printable ASCII
   * @return a builder with the defaults
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is blank or holds what cannot be sent faithfully
   */
  public static Builder builder(String accountKey, String conversationKey, String conversationToken) {
    return new Builder(accountKey, conversationKey, conversationToken);
  }

  /**
   * Returns a builder with this sender's settings, to make a sender that differs in some.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return settings.copy();
  }

  @Override
  public SentMessage send(OutboundMessage message) throws IOException {
    return engine.execute(messageRequest(message));
  }

  @Override
  public MetricResult fireMetric(Metric metric) throws IOException {
    return engine.execute(metricRequest(metric));
  }

  /**
   * Sends a message without blocking, on OkHttp's own asynchronous calls: no thread of this
   * library's keeps the JVM alive. The same errors and the same at-most-once guarantee as
   * {@link #send(OutboundMessage)}; waits for a turn under {@link Builder#maxInFlight} without
   * blocking; cancelling the future cancels the call. The future always completes, at the latest
   * at the deadline. It completes on one of the library's callback threads (daemons named
   * {@code go-http-api callbacks}), never on OkHttp's and never while the request holds a turn, so
   * callbacks attached without an executor run there and may send through this sender, blocking
   * or by waiting on another send's future (the pool adds threads while callbacks wait, up to 256).
   *
   * @param message the message; not null
   * @return the message as Vumi Go accepted it, or the exception {@link #send} would throw
   */
  @Override
  public CompletableFuture<SentMessage> sendAsync(OutboundMessage message) {
    return engine.enqueue(messageRequest(message));
  }

  /**
   * Fires a metric without blocking, as {@link #sendAsync(OutboundMessage)} sends.
   *
   * @param metric the metric; not null
   * @return Vumi Go's answer, or the exception {@link #fireMetric(Metric)} would throw
   */
  @Override
  public CompletableFuture<MetricResult> fireMetricAsync(Metric metric) {
    return engine.enqueue(metricRequest(metric));
  }

  /**
   * Sends many messages concurrently, at most {@link Builder#maxInFlight} at a time, blocking until
   * each has an outcome. The whole input is checked before anything is sent.
   *
   * @param messages the messages; not null, nor any of them
   * @return one outcome per message, in input order
   */
  @Override
  public List<SendOutcome> sendAll(Iterable<OutboundMessage> messages) {
    return Bulk.sendAll(this, messages, ClientSettings.of(settings).maxInFlight());
  }

  private ApiRequest<SentMessage> messageRequest(OutboundMessage message) {
    Checks.requireNonNull(message, "message");
    byte[] body = Json.messageBody(message, null);
    // Every message (sendText, sendVoice, replyTo, sendAll) is sent here, named once.
    return new ApiRequest<>("PUT", messagesUrl, body, false, answerLimit(body), new SentReader(message), "send");
  }

  /**
   * Reads a send's answer. A named class rather than a lambda: a lambda's class is spun the first
   * time it runs, on the time of the first message.
   */
  private static final class SentReader implements ApiRequest.AnswerReader<SentMessage> {
    private final OutboundMessage message;

    SentReader(OutboundMessage message) {
      this.message = message;
    }

    @Override
    public SentMessage read(Answer answer) throws IOException {
      if (!answer.isSuccessful()) {
        throw Refusals.of(answer, message);
      }
      String messageId = messageIdOrNull(answer.body());
      if (messageId == null) {
        throw Refusals.unexpected(answer, "a JSON message with a message_id");
      }
      return new SentMessage(answer.body(), messageId);
    }
  }

  private ApiRequest<MetricResult> metricRequest(Metric metric) {
    Checks.requireNonNull(metric, "metric");
    byte[] body = Json.metricBody(metric);
    return new ApiRequest<>("PUT", metricsUrl, body, false, MAX_RESPONSE_BYTES, answer -> {
      if (!answer.isSuccessful()) {
        throw Refusals.of(answer, null);
      }
      Json.Outcome outcome = Json.readOutcomeOrNull(answer.body());
      if (outcome == null) {
        throw Refusals.unexpected(answer, "a JSON object");
      }
      return new MetricResult(outcome.success, outcome.reason);
    }, "fireMetric");
  }

  /**
   * The exceptions of a refused or unreadable answer. A class of their own, returned as
   * {@code IOException}: a method of this class that made or threw them would load their five classes
   * with the sender, on a first send that meets none of them.
   */
  private static final class Refusals {
    private Refusals() {}

    /** Vumi Go's refusals, with the two that the Python client (or a reply) gives their own type. */
    static IOException of(Answer answer, @Nullable OutboundMessage message) {
      Json.Outcome outcome = Json.readOutcomeOrNull(answer.body());
      String reason = outcome == null ? null : outcome.reason;
      if (message != null && answer.code() == 400 && reason != null) {
        // Exactly where the Python client raises UserOptedOutException; replies are never opted out.
        if (!message.isReply() && reason.contains("opted out") && !outcome.success) {
          return new UserOptedOutException(message.toAddr(), message.content(), reason, answer.text());
        }
        if (message.isReply() && reason.equals(InvalidReplyException.REASON)) {
          return new InvalidReplyException(message.inReplyTo(), answer.text());
        }
      }
      return answer.refusal(reason);
    }

    /** A 2xx answer that is not what was expected. */
    static IOException unexpected(Answer answer, String expected) {
      return answer.unexpected(expected);
    }
  }

  private static @Nullable String messageIdOrNull(byte[] answer) {
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
   * Shows where the sender sends; never its credentials.
   *
   * @return a description such as {@code HttpApiSender{messagesUrl=https://…/conv-key/messages.json, …}}
   */
  @Override
  public String toString() {
    return ClientSettings.of(settings).describe("HttpApiSender", "messagesUrl", messagesUrl);
  }

  /**
   * Builds an {@link HttpApiSender}. Every setting has a default; each setter checks its argument at once.
   *
   * <pre>{@code
   * HttpApiSender sender = HttpApiSender.builder(accountKey, conversationKey, token)
   *     .client(appClient)
   *     .retryPolicy(RetryPolicy.none())
   *     .maxInFlight(4)
   *     .deadline(Duration.ofSeconds(20))
   *     .build();
   * }</pre>
   */
  public static final class Builder extends ClientBuilder<Builder, HttpApiSender> {
    private final String accountKey;
    private final String conversationKey;
    private final String conversationToken;

    private Builder(String accountKey, String conversationKey, String conversationToken) {
      super(DEFAULT_API_URL, "accountKey and conversationToken");
      this.accountKey = Checks.requireCredential(accountKey, "accountKey");
      if (accountKey.indexOf(':') >= 0) {
        // Basic auth splits user from password at the first ':', so the server would see another account.
        throw new IllegalArgumentException("accountKey must not contain ':', but has one at index "
            + accountKey.indexOf(':'));
      }
      this.conversationKey = Checks.requirePathSegment(Checks.requireCredential(conversationKey, "conversationKey"),
          "conversationKey");
      this.conversationToken = Checks.requireCredential(conversationToken, "conversationToken");
    }

    private Builder copy() {
      return ClientSettings.copy(this, new Builder(accountKey, conversationKey, conversationToken));
    }

    /**
     * Returns the sender.
     *
     * @return a new sender
     */
    @Override
    public HttpApiSender build() {
      return new HttpApiSender(this);
    }
  }
}
