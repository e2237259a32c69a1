package org.vumi.go.http.internal;

import java.time.Duration;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.ClientListener;
import org.vumi.go.http.RetryPolicy;

/**
 * The settings an {@link Engine} runs with, as one immutable value: what every client's builder
 * gathers. The per-client facts (which API, the credentials, the client's class) are passed beside
 * it to {@link Engine#create}.
 *
 * @param client the caller's HTTP client to derive the engine's own from, or null for the library's
 *     shared default (the engine never shuts down a client the caller passed)
 * @param callFactory a wrapper that turns the engine's client into the factory of its calls, or null
 * @param retryPolicy when requests are sent again
 * @param maxInFlight the bound on requests in flight at once: from 1 to 1000
 * @param deadline the total time of one operation: from 1 ms to 1 hour
 * @param listener sees every attempt, retry and outcome
 */
public record EngineConfig(@Nullable OkHttpClient client, @Nullable Function<OkHttpClient, Call.Factory> callFactory,
    RetryPolicy retryPolicy, int maxInFlight, Duration deadline, ClientListener listener) {
  /** The most requests in flight a client may be set to. */
  public static final int MAX_IN_FLIGHT_LIMIT = 1000;
  /** The longest deadline a client may be set to. */
  public static final Duration MAX_DEADLINE = Duration.ofHours(1);

  private static final EngineConfig DEFAULTS = new EngineConfig(null, null, RetryPolicy.defaults(),
      Engine.DEFAULT_MAX_IN_FLIGHT, Engine.DEFAULT_DEADLINE, ClientListener.noop());

  /**
   * Checks the settings, naming the one that is wrong.
   *
   * @param client the caller's HTTP client, or null
   * @param callFactory the call wrapper, or null
   * @param retryPolicy when requests are sent again
   * @param maxInFlight from 1 to 1000
   * @param deadline from 1 ms to 1 hour
   * @param listener sees every attempt
   * @throws NullPointerException if the policy, the deadline or the listener is null
   * @throws IllegalArgumentException if maxInFlight or the deadline is out of its range
   */
  public EngineConfig {
    Checks.requireNonNull(retryPolicy, "retryPolicy");
    Checks.requireNonNull(deadline, "deadline");
    Checks.requireNonNull(listener, "listener");
    if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_LIMIT) {
      throw new IllegalArgumentException("maxInFlight must be from 1 to " + MAX_IN_FLIGHT_LIMIT + ", but was " + maxInFlight);
    }
    if (deadline.compareTo(Duration.ofMillis(1)) < 0 || deadline.compareTo(MAX_DEADLINE) > 0) {
      throw new IllegalArgumentException("deadline must be from 1 ms to 1 hour (PT1H), but was " + deadline);
    }
  }

  /**
   * Returns the defaults: the shared client, no wrapper, the default retry policy, 8 in flight, a
   * 60 s deadline, no listener.
   *
   * @return the defaults
   */
  public static EngineConfig defaults() {
    return DEFAULTS;
  }
}
