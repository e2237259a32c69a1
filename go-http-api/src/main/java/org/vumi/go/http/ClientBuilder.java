package org.vumi.go.http;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.account.AccountApiClient;
import org.vumi.go.http.contacts.ContactsApiClient;
import org.vumi.go.http.internal.ClientSettings;
import org.vumi.go.http.metrics.MetricsApiClient;
import org.vumi.go.http.optouts.OptOutsApiClient;

/**
 * The settings every client of this library has, written once: where the API is, the HTTP client
 * to send with, a wrapper for its calls, retries, the bound on requests in flight, the deadline of
 * every operation and a {@linkplain #listener listener} that sees every attempt. Each client's own builder adds its
 * credentials and {@code build()}s; {@link VumiGo#builder()} takes the same settings for every client
 * it hands out. Every setting has a default, and each setter checks its argument at once, naming it.
 *
 * <pre>{@code
 * ContactsApiClient contacts = ContactsApiClient.builder(apiToken)
 *     .retryPolicy(RetryPolicy.none())
 *     .maxInFlight(4)
 *     .deadline(Duration.ofSeconds(20))
 *     .build();
 * }</pre>
 *
 * @param <B> the client's own builder, which every setter returns
 * @param <C> the client it builds
 */
public abstract sealed class ClientBuilder<B extends ClientBuilder<B, C>, C>
    permits HttpApiSender.Builder, VumiGo.Builder, OptOutsApiClient.Builder, MetricsApiClient.Builder,
        ContactsApiClient.Builder, AccountApiClient.Builder {

  static {
    // The clients of the other packages read a builder's settings through the internal package,
    // so the settings need no public accessor (as the JDK's SharedSecrets do).
    ClientSettings.grantAccess(new SettingsReader());
  }

  /** Reads a builder's settings: a named class, not a lambda, whose class would be spun on a first send's time. */
  private static final class SettingsReader implements Function<Object, ClientSettings> {
    @Override
    public ClientSettings apply(Object builder) {
      return ((ClientBuilder<?, ?>) builder).settings;
    }
  }

  private final ClientSettings settings;

  /**
   * Starts a builder with every setting at its default.
   *
   * @param defaultApiUrl the API's production base URL, used when {@link #apiUrl} is not set
   * @param credentialParameters the parameters that carry credentials, named in the message that
   *     refuses credentials in the URL
   */
  protected ClientBuilder(String defaultApiUrl, String credentialParameters) {
    this.settings = new ClientSettings(defaultApiUrl, credentialParameters);
  }

  @SuppressWarnings("unchecked") // sealed: every subclass is its own B
  private B self() {
    return (B) this;
  }

  /**
   * Sets the API's base URL, for a test server or a Vumi Go of your own.
   *
   * @param apiUrl an absolute http(s) URL without credentials, query or fragment, or null for the
   *     client's default ({@code DEFAULT_API_URL}); a trailing {@code /} makes no difference
   * @return this builder
   * @throws IllegalArgumentException if the URL is malformed, not http(s), or holds credentials, a
   *     query or a fragment; the message never echoes more of the URL than its scheme and host
   */
  public final B apiUrl(@Nullable String apiUrl) {
    settings.apiUrl(apiUrl);
    return self();
  }

  /**
   * Sets the HTTP client to send with. It is used as it is: its connection pool, dispatcher,
   * timeouts, proxy and interceptors stay the caller's, and closing this library's client leaves it
   * running. The exceptions: OkHttp's silent retry after a connection failure, which can deliver a
   * message twice, and redirects, which would send a request somewhere else; the library's calls use
   * neither.
   *
   * <p>Interceptors may add headers, log, measure and trace. They must not call
   * {@code chain.proceed} twice for one request (a retrying interceptor): the library's request
   * bodies refuse a second write, so such an interceptor gets an {@link IOException} and the caller a
   * failure that says the request may have been sent.
   *
   * @param client the client, or null for a default one shared by all of this library's clients
   *     (OkHttp's defaults, with daemon threads and idle connections closed after 4 s), released
   *     when the last client using it closes
   * @return this builder
   */
  public final B client(@Nullable OkHttpClient client) {
    settings.client(client);
    return self();
  }

  /**
   * Sets a wrapper for the client's calls, such as OpenTelemetry's OkHttp instrumentation. The
   * function receives this library's own client (the one {@link #client} gave, with the library's
   * settings applied) and returns the {@link Call.Factory} to make every call with. The wrapper may
   * observe calls and add interceptors; it must not send a call's request more than once.
   *
   * <pre>{@code
   * builder.callFactory(client -> OkHttpTelemetry.builder(openTelemetry).build().createCallFactory(client))
   * }</pre>
   *
   * @param callFactory the wrapper, or null to call the client directly
   * @return this builder
   */
  public final B callFactory(@Nullable Function<OkHttpClient, Call.Factory> callFactory) {
    settings.callFactory(callFactory);
    return self();
  }

  /**
   * Sets when a request is sent again: only when the server certainly did not process it, or, for
   * requests that are safe to repeat (reads, deletes), after a gateway error.
   *
   * @param retryPolicy the policy; {@link RetryPolicy#defaults()} unless set,
   *     {@link RetryPolicy#none()} to switch retries off
   * @return this builder
   */
  public final B retryPolicy(RetryPolicy retryPolicy) {
    settings.retryPolicy(retryPolicy);
    return self();
  }

  /**
   * Sets how many requests this client has in flight at most; further calls wait their turn, in
   * order, within their deadline. Vumi Go refuses an account's requests past 10 in flight (across
   * all its clients), so keep the sum of your clients' bounds under that.
   *
   * @param maxInFlight from 1 to 1000; {@value HttpApiSender#DEFAULT_MAX_IN_FLIGHT} unless set
   * @return this builder
   * @throws IllegalArgumentException outside 1 to 1000
   */
  public final B maxInFlight(int maxInFlight) {
    settings.maxInFlight(maxInFlight);
    return self();
  }

  /**
   * Sets the total time one operation may take, from the call to its result: the wait for a turn,
   * every attempt and every backoff. When it passes, the operation fails with a
   * {@link TransportException} whose {@link TransportException#timeout()} is
   * {@link TransportException.Timeout#DEADLINE} and which says whether the request may have been
   * sent. The HTTP client's own timeouts still apply to each attempt.
   *
   * @param deadline from 1 ms to 1 hour; 60 s unless set
   * @return this builder
   * @throws IllegalArgumentException outside 1 ms to 1 hour
   */
  public final B deadline(Duration deadline) {
    settings.deadline(deadline);
    return self();
  }

  /**
   * Sets what sees every attempt, retry and outcome of the client's operations: for metrics and
   * tracing of your own (the Spring Boot starter times every attempt with Micrometer through one).
   * One listener per client: combine several with {@link ClientListener#compose}. A listener's
   * exception is logged and never changes an outcome; it never runs while the client holds a turn.
   * Each client also logs one SLF4J DEBUG line per attempt and one WARN line per retry, through a
   * logger named after its class, without credentials.
   *
   * @param listener the listener; {@link ClientListener#noop()} unless set
   * @return this builder
   * @throws NullPointerException if it is null
   */
  public final B listener(ClientListener listener) {
    settings.listener(listener);
    return self();
  }

  /**
   * Returns the client, with these settings.
   *
   * @return a new client; close it when done
   */
  public abstract C build();
}
