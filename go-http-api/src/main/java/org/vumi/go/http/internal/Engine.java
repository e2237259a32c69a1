package org.vumi.go.http.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.Api;
import org.vumi.go.http.ClientListener;
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
  final Api api;
  final Class<?> owner;
  final @Nullable String authorization;
  final String userAgent;
  final RetryPolicy retryPolicy;
  final long deadlineNanos;
  final ClientListener listener;
  final Turns turns;

  private Engine(EngineConfig config, Api api, @Nullable String authorization, Class<?> owner) {
    this.client = (config.client() == null ? Clients.shared() : config.client()).newBuilder()
        // OkHttp's own silent retry after a connection failure can deliver a message twice, and a
        // redirect would turn a PUT into someone else's GET: the engine decides both itself.
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .addNetworkInterceptor(Attempt.MARKER)
        .build();
    Function<OkHttpClient, Call.Factory> callFactory = config.callFactory();
    Call.Factory wrapped = callFactory == null ? client : callFactory.apply(client);
    if (wrapped == null) {
      throw new NullPointerException("the Call.Factory that callFactory returned must not be null");
    }
    this.calls = wrapped;
    this.api = Checks.requireNonNull(api, "api");
    this.owner = Checks.requireNonNull(owner, "owner");
    this.authorization = authorization;
    this.userAgent = UserAgent.VALUE;
    this.retryPolicy = config.retryPolicy();
    this.deadlineNanos = config.deadline().toNanos();
    this.listener = config.listener();
    this.turns = new Turns(config.maxInFlight());
  }

  /**
   * Makes the engine of one client.
   *
   * @param config the settings
   * @param api the API the client speaks to
   * @param authorization the {@code Authorization} header of every request, or null for none; never
   *     logged or shown
   * @param owner the client's class: its name names the client's logger
   * @return a new engine
   */
  public static Engine create(EngineConfig config, Api api, @Nullable String authorization, Class<?> owner) {
    return new Engine(Checks.requireNonNull(config, "config"), api, authorization, owner);
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
}
