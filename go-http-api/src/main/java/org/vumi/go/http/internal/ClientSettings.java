package org.vumi.go.http.internal;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.Api;
import org.vumi.go.http.ClientListener;
import org.vumi.go.http.RetryPolicy;

/**
 * The settings every client's builder has (base URL, HTTP client, call wrapper, retries, bound in
 * flight, deadline), checked once here for all of them, and the engine they make.
 */
public final class ClientSettings {
  /** Reads the settings of a public builder; granted once, by {@code org.vumi.go.http.ClientBuilder}. */
  private static volatile @Nullable Function<Object, ClientSettings> access;

  private final String defaultApiUrl;
  private final String credentialParameters;
  /** The base URL set, or null for the default (parsed only when asked for: most callers set one). */
  private @Nullable HttpUrl apiUrl;
  private @Nullable OkHttpClient client;
  private @Nullable Function<OkHttpClient, Call.Factory> callFactory;
  private RetryPolicy retryPolicy = RetryPolicy.defaults();
  private int maxInFlight = Engine.DEFAULT_MAX_IN_FLIGHT;
  private Duration deadline = Engine.DEFAULT_DEADLINE;
  /** Who closes the engine these settings make, when not the client itself (a VumiGo). */
  private @Nullable Consumer<Engine> owner;
  private ClientListener listener = ClientListener.noop();

  /**
   * Makes the defaults of one kind of client.
   *
   * @param defaultApiUrl the client's production base URL
   * @param credentialParameters where credentials go instead of the URL, for messages: "authToken"
   */
  public ClientSettings(String defaultApiUrl, String credentialParameters) {
    this.defaultApiUrl = defaultApiUrl;
    this.credentialParameters = credentialParameters;
  }

  /**
   * Lets this package read the settings of the public builders; called once, by their base class.
   *
   * @param reader returns a builder's settings
   */
  public static void grantAccess(Function<Object, ClientSettings> reader) {
    if (access != null) {
      throw new IllegalStateException("access was granted already");
    }
    access = reader;
  }

  /**
   * Returns the settings of a public builder.
   *
   * @param builder an {@code org.vumi.go.http.ClientBuilder}
   * @return its settings, live
   */
  public static ClientSettings of(Object builder) {
    Function<Object, ClientSettings> reader = access;
    if (reader == null) {
      throw new IllegalStateException("ClientBuilder is not initialised");
    }
    return reader.apply(builder);
  }

  /**
   * Copies one builder's settings to another of the same kind: for a client's {@code newBuilder()}.
   *
   * @param from the builder to copy
   * @param to the new builder
   * @param <B> the builder
   * @return {@code to}
   */
  public static <B> B copy(Object from, B to) {
    of(to).copyFrom(of(from));
    return to;
  }

  /**
   * Takes every setting of another client's settings of the same kind.
   *
   * @param other the settings to copy
   */
  public void copyFrom(ClientSettings other) {
    apiUrl = other.apiUrl;
    client = other.client;
    callFactory = other.callFactory;
    retryPolicy = other.retryPolicy;
    maxInFlight = other.maxInFlight;
    deadline = other.deadline;
    listener = other.listener;
  }

  /**
   * Sets the base URL.
   *
   * @param apiUrl the URL, or null for the default
   */
  public void apiUrl(@Nullable String apiUrl) {
    this.apiUrl = apiUrl == null ? null : Urls.parseApiUrl(apiUrl, credentialParameters);
  }

  /**
   * Returns the base URL.
   *
   * @return the URL
   */
  public HttpUrl apiUrl() {
    HttpUrl url = apiUrl;
    return url != null ? url : HttpUrl.get(defaultApiUrl);
  }

  /**
   * Sets the HTTP client.
   *
   * @param client the client, or null for the shared default
   */
  public void client(@Nullable OkHttpClient client) {
    this.client = client;
  }

  /**
   * Sets the call wrapper.
   *
   * @param callFactory the wrapper, or null
   */
  public void callFactory(@Nullable Function<OkHttpClient, Call.Factory> callFactory) {
    this.callFactory = callFactory;
  }

  /**
   * Sets the retry policy.
   *
   * @param retryPolicy the policy; not null
   */
  public void retryPolicy(RetryPolicy retryPolicy) {
    this.retryPolicy = Checks.requireNonNull(retryPolicy, "retryPolicy");
  }

  /**
   * Returns the retry policy.
   *
   * @return the policy
   */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * Sets the bound on requests in flight.
   *
   * @param maxInFlight from 1 to 1000
   */
  public void maxInFlight(int maxInFlight) {
    if (maxInFlight < 1 || maxInFlight > 1000) {
      throw new IllegalArgumentException("maxInFlight must be from 1 to 1000, but was " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
  }

  /**
   * Returns the bound on requests in flight.
   *
   * @return from 1 to 1000
   */
  public int maxInFlight() {
    return maxInFlight;
  }

  /**
   * Sets the total time of one operation.
   *
   * @param deadline from 1 ms to 1 hour
   */
  public void deadline(Duration deadline) {
    Checks.requireNonNull(deadline, "deadline");
    if (deadline.compareTo(Duration.ofMillis(1)) < 0 || deadline.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("deadline must be from 1 ms to 1 hour (PT1H), but was " + deadline);
    }
    this.deadline = deadline;
  }

  /**
   * Returns the total time of one operation.
   *
   * @return the deadline
   */
  public Duration deadline() {
    return deadline;
  }

  /**
   * Makes the engines of these settings another's to close: the client's own {@code close()} then
   * leaves its engine alone.
   *
   * @param owner receives every engine made from these settings
   */
  public void ownedBy(Consumer<Engine> owner) {
    this.owner = owner;
  }

  /**
   * Tells whether the engines of these settings are another's to close.
   *
   * @return true for the clients a VumiGo hands out
   */
  public boolean owned() {
    return owner != null;
  }

  /**
   * Sets the listener.
   *
   * @param listener the listener; not null
   */
  public void listener(ClientListener listener) {
    this.listener = Checks.requireNonNull(listener, "listener");
  }

  /**
   * Returns the listener.
   *
   * @return the listener
   */
  public ClientListener listener() {
    return listener;
  }

  /**
   * Returns these settings as the engine's one immutable value.
   *
   * @return the settings
   */
  public EngineConfig config() {
    return new EngineConfig(client, callFactory, retryPolicy, maxInFlight, deadline, listener);
  }

  /**
   * Makes the engine of a client with these settings.
   *
   * @param authorization the {@code Authorization} header of every request
   * @param api the API the client speaks to
   * @param owner the client's class, which names its logger
   * @return a new engine
   */
  public Engine engine(String authorization, Api api, Class<?> owner) {
    Engine engine = Engine.create(config(), api, authorization, owner);
    if (this.owner != null) {
      this.owner.accept(engine);
    }
    return engine;
  }

  /**
   * Closes a client's engine, unless it is another's to close ({@link #owned()}).
   *
   * @param engine the client's engine
   */
  public void close(Engine engine) {
    if (!owned()) {
      engine.close();
    }
  }

  /**
   * Describes a client for its {@code toString()}: where it sends and what shapes its calls, never
   * a credential.
   *
   * @param client the client's simple class name
   * @param urlName the name of the URL shown
   * @param url the URL, without credentials
   * @return such as {@code OptOutsApiClient{url=..., retryPolicy=..., maxInFlight=8, deadline=PT1M}}
   */
  public String describe(String client, String urlName, Object url) {
    return client + "{" + urlName + "=" + url + ", retryPolicy=" + retryPolicy + ", maxInFlight=" + maxInFlight
        + ", deadline=" + deadline + "}";
  }
}
