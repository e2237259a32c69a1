package org.vumi.go.http.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.RetryPolicy;

/**
 * Runs requests for every client of this library: one place for the attempt loop, the in-flight
 * bound, the deadline, the bounded answer read and the meaning of every failure, shared by the
 * blocking ({@link #execute}) and the asynchronous ({@link #enqueue}) path. Each run is an
 * {@link Operation}. Immutable and safe to share; one per client instance, so its in-flight bound
 * is that client's.
 */
public final class Engine {
  /** The most of an error answer kept: enough for any server's error page. */
  public static final int MAX_ERROR_BYTES = 64 * 1024;
  /** The default bound on requests in flight per client: below Vumi Go's 10 per account. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 8;
  /** The default total time for one operation, from the call to its result. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

  final OkHttpClient client;
  final Call.Factory calls;
  final @Nullable String authorization;
  final String userAgent;
  final RetryPolicy retryPolicy;
  final long deadlineNanos;
  final Turns turns;

  private Engine(Builder builder) {
    this.client = (builder.client == null ? Clients.shared() : builder.client).newBuilder()
        // OkHttp's own silent retry after a connection failure can deliver a message twice, and a
        // redirect would turn a PUT into someone else's GET: the engine decides both itself.
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .addNetworkInterceptor(Attempt.MARKER)
        .build();
    Call.Factory wrapped = builder.callFactory == null ? client : builder.callFactory.apply(client);
    if (wrapped == null) {
      throw new NullPointerException("the Call.Factory that callFactory returned must not be null");
    }
    this.calls = wrapped;
    this.authorization = builder.authorization;
    this.userAgent = builder.userAgent;
    this.retryPolicy = builder.retryPolicy;
    this.deadlineNanos = builder.deadline.toNanos();
    this.turns = new Turns(builder.maxInFlight);
  }

  /**
   * Returns a builder with the defaults: the shared client, the default retry policy, 8 in flight,
   * {@link #DEFAULT_DEADLINE}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs a request in the calling thread.
   *
   * @param request the request
   * @param <T> the result
   * @return the reader's result
   * @throws IOException the reader's exception, or a {@link org.vumi.go.http.TransportException}
   */
  public <T> T execute(ApiRequest<T> request) throws IOException {
    requireOpen(request);
    return new Operation<>(this, request).execute();
  }

  /**
   * Runs a request on OkHttp's asynchronous calls. The future always completes: with the result,
   * the exception {@link #execute} would throw, or a deadline's {@link org.vumi.go.http.TransportException};
   * cancelling it cancels the call.
   *
   * @param request the request
   * @param <T> the result
   * @return the result to come
   */
  public <T> CompletableFuture<T> enqueue(ApiRequest<T> request) {
    requireOpen(request);
    return new Operation<>(this, request).enqueue();
  }

  private volatile boolean closed;

  private void requireOpen(ApiRequest<?> request) {
    if (closed) {
      throw new IllegalStateException("the client is closed: " + request.describe() + " was not sent");
    }
  }

  /** Refuses operations from now on; those in flight finish as they would. Idempotent. */
  public void close() {
    closed = true;
  }

  /**
   * Returns the client the engine's calls use (with its own settings applied).
   *
   * @return the client
   */
  public OkHttpClient client() {
    return client;
  }

  /**
   * Returns how many requests are in flight now.
   *
   * @return from 0 to the bound
   */
  public int inFlight() {
    return turns.inUse();
  }

  /** Settings of an {@link Engine}; the public builders check them and name the parameters. */
  public static final class Builder {
    private @Nullable OkHttpClient client;
    private @Nullable Function<OkHttpClient, Call.Factory> callFactory;
    private @Nullable String authorization;
    private String userAgent = UserAgent.VALUE;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private Duration deadline = DEFAULT_DEADLINE;

    private Builder() {}

    /**
     * Sets the client to derive the engine's own from.
     *
     * @param client the caller's client, or null for the shared default
     * @return this builder
     */
    public Builder client(@Nullable OkHttpClient client) {
      this.client = client;
      return this;
    }

    /**
     * Sets a wrapper that turns the engine's client into the factory of its calls.
     *
     * @param callFactory the wrapper, or null
     * @return this builder
     */
    public Builder callFactory(@Nullable Function<OkHttpClient, Call.Factory> callFactory) {
      this.callFactory = callFactory;
      return this;
    }

    /**
     * Sets the {@code Authorization} header of every request.
     *
     * @param authorization the header's value; never logged or shown
     * @return this builder
     */
    public Builder authorization(@Nullable String authorization) {
      this.authorization = authorization;
      return this;
    }

    /**
     * Sets when requests are sent again.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    /**
     * Sets the bound on requests in flight.
     *
     * @param maxInFlight at least 1
     * @return this builder
     */
    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = maxInFlight;
      return this;
    }

    /**
     * Sets the total time for one operation.
     *
     * @param deadline positive
     * @return this builder
     */
    public Builder deadline(Duration deadline) {
      this.deadline = deadline;
      return this;
    }

    /**
     * Returns the engine.
     *
     * @return a new engine
     */
    public Engine build() {
      return new Engine(this);
    }
  }
}
