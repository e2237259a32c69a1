package org.vumi.go.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.account.AccountApiClient;
import org.vumi.go.http.contacts.ContactsApiClient;
import org.vumi.go.http.internal.Checks;
import org.vumi.go.http.internal.ClientSettings;
import org.vumi.go.http.internal.Engine;
import org.vumi.go.http.metrics.MetricsApiClient;
import org.vumi.go.http.optouts.OptOutsApiClient;

/**
 * One entry point for an application that uses several of Vumi Go's APIs: one API token, one set
 * of settings, one HTTP client shared by every client it hands out, and one {@link #close()}.
 *
 * <pre>{@code
 * try (VumiGo vumiGo = VumiGo.fromEnvironment()) {           // VUMI_GO_API_TOKEN, VUMI_GO_API_URL
 *   if (vumiGo.optOuts().getOptOut("msisdn", "+27831234567").isEmpty()) {
 *     vumiGo.conversation(accountKey, conversationKey, conversationToken)
 *         .sendText("+27831234567", "Hello!");
 *   }
 *   vumiGo.metrics().fire(Map.of("registrations", 1.0));
 * }
 * }</pre>
 *
 * <p>The clients it hands out are its own: {@link #optOuts()}, {@link #metrics()},
 * {@link #contacts()} and {@link #account()} return the same client every time; closing one of them
 * does nothing, and {@link #close()} closes them all, with every sender {@link #conversation} made.
 * Safe to share between threads.
 */
public final class VumiGo implements AutoCloseable {
  /** Vumi Go's production API, used when no {@code apiUrl} is given. */
  public static final String DEFAULT_API_URL = "https://go.vumi.org/api/v1/go";
  /** The environment variable {@link #fromEnvironment()} reads the API token from; required. */
  public static final String API_TOKEN_VARIABLE = "VUMI_GO_API_TOKEN";
  /** The environment variable {@link #fromEnvironment()} reads the API's base URL from; optional. */
  public static final String API_URL_VARIABLE = "VUMI_GO_API_URL";

  private final Builder settings;
  private final String apiToken;
  /** Every engine made for a client of this instance: closed by {@link #close()}. */
  private final List<Engine> engines = new ArrayList<>();
  private @Nullable OptOutsApiClient optOuts;
  private @Nullable MetricsApiClient metrics;
  private @Nullable ContactsApiClient contacts;
  private @Nullable AccountApiClient account;
  private boolean closed;

  private VumiGo(Builder builder) {
    this.apiToken = Checks.requireCredential(builder.apiToken, "apiToken");
    this.settings = builder.copy();
  }

  /**
   * Returns a builder with every setting at its default; {@link Builder#apiToken} must be set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Makes an instance from the environment: the API token from {@value #API_TOKEN_VARIABLE}, and
   * the base URL from {@value #API_URL_VARIABLE} when it is set (else {@link #DEFAULT_API_URL}).
   * Other settings keep their defaults; use {@link #builder()} for more.
   *
   * @return a new instance
   * @throws IllegalStateException if {@value #API_TOKEN_VARIABLE} is missing or empty, naming it
   * @throws IllegalArgumentException if a variable's value is malformed, naming the variable
   */
  public static VumiGo fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** {@link #fromEnvironment()} with the environment given: for tests. */
  static VumiGo fromEnvironment(Map<String, String> environment) {
    String token = environment.get(API_TOKEN_VARIABLE);
    if (token == null || token.isBlank()) {
      throw new IllegalStateException("the environment variable " + API_TOKEN_VARIABLE + " is "
          + (token == null ? "not set" : "empty") + ": set it to your Vumi Go account's API token (an OAuth access token)");
    }
    Builder builder = builder();
    try {
      builder.apiToken(token.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(API_TOKEN_VARIABLE + ": " + e.getMessage(), e);
    }
    String url = environment.get(API_URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      try {
        builder.apiUrl(url.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(API_URL_VARIABLE + ": " + e.getMessage(), e);
      }
    }
    return builder.build();
  }

  /**
   * Returns a builder with this instance's settings, to make another that differs in some.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return settings.copy();
  }

  /**
   * Returns the client of the opt-outs API; the same one on every call.
   *
   * @return the client
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized OptOutsApiClient optOuts() {
    open();
    if (optOuts == null) {
      optOuts = own(OptOutsApiClient.builder(apiToken)).build();
    }
    return optOuts;
  }

  /**
   * Returns the client of the metrics API; the same one on every call.
   *
   * @return the client
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized MetricsApiClient metrics() {
    open();
    if (metrics == null) {
      metrics = own(MetricsApiClient.builder(apiToken)).build();
    }
    return metrics;
  }

  /**
   * Returns the client of the contacts API; the same one on every call.
   *
   * @return the client
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized ContactsApiClient contacts() {
    open();
    if (contacts == null) {
      contacts = own(ContactsApiClient.builder(apiToken)).build();
    }
    return contacts;
  }

  /**
   * Returns the client of the account API (conversations, campaigns, routing); the same one on
   * every call.
   *
   * @return the client
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized AccountApiClient account() {
    open();
    if (account == null) {
      account = own(AccountApiClient.builder(apiToken)).build();
    }
    return account;
  }

  /**
   * Returns a sender for one conversation's HTTP API, at {@code <apiUrl>/http_api_nostream}. Each
   * call makes a new sender (keep it: it has its own bound on requests in flight); all share this
   * instance's HTTP client and are closed by {@link #close()}.
   *
   * @param accountKey the account key, at the bottom of the Account &gt; Details page in Vumi Go
   * @param conversationKey the conversation's key: the UUID at the end of the conversation's URL
   * @param conversationToken the secret entered in the conversation's configuration
   * @return a new sender
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is blank or holds what cannot be sent faithfully
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized HttpApiSender conversation(String accountKey, String conversationKey, String conversationToken) {
    open();
    HttpApiSender.Builder sender = own(HttpApiSender.builder(accountKey, conversationKey, conversationToken));
    ClientSettings.of(sender).apiUrl(ClientSettings.of(settings).apiUrl().newBuilder()
        .addPathSegment("http_api_nostream").build().toString());
    return sender.build();
  }

  /** Gives a client's builder this instance's settings, and makes its engine this instance's to close. */
  private <B extends ClientBuilder<B, ?>> B own(B builder) {
    ClientSettings.copy(settings, builder);
    ClientSettings.of(builder).ownedBy(engines::add);
    return builder;
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("this VumiGo is closed");
    }
  }

  /**
   * Closes every client this instance handed out, and releases the HTTP client they share if this
   * library made it (one passed to {@link Builder#client} stays the caller's). Operations in flight
   * finish as they would, within their deadline; calls made after it fail with an
   * {@link IllegalStateException} and send nothing. Idempotent.
   */
  @Override
  public void close() {
    List<Engine> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = List.copyOf(engines);
    }
    for (Engine engine : toClose) {
      engine.close();
    }
  }

  /**
   * Shows where the clients send; never the token.
   *
   * @return a description such as {@code VumiGo{apiUrl=https://go.vumi.org/api/v1/go/, ...}}
   */
  @Override
  public String toString() {
    ClientSettings own = ClientSettings.of(settings);
    return "VumiGo{apiUrl=" + own.apiUrl() + ", retryPolicy=" + own.retryPolicy() + ", maxInFlight="
        + own.maxInFlight() + ", deadline=" + own.deadline() + ", closed=" + closed + "}";
  }

  /** Builds a {@link VumiGo}: the API token, and the settings every client it hands out shares. */
  public static final class Builder extends ClientBuilder<Builder, VumiGo> {
    private @Nullable String apiToken;

    private Builder() {
      super(DEFAULT_API_URL, "apiToken");
    }

    private Builder copy() {
      Builder copy = ClientSettings.copy(this, new Builder());
      copy.apiToken = apiToken;
      return copy;
    }

    /**
     * Sets the API token of the opt-outs, metrics, contacts and account APIs: an OAuth access token
     * for the account.
     *
     * @param apiToken the token; printable ASCII
     * @return this builder
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is blank or not printable ASCII (the message never shows it)
     */
    public Builder apiToken(String apiToken) {
      this.apiToken = Checks.requireCredential(apiToken, "apiToken");
      return this;
    }

    /**
     * Returns the instance.
     *
     * @return a new instance; close it when done
     * @throws IllegalStateException if {@link #apiToken} was not set
     */
    @Override
    public VumiGo build() {
      if (apiToken == null) {
        throw new IllegalStateException("apiToken must be set: VumiGo.builder().apiToken(token)");
      }
      return new VumiGo(this);
    }
  }
}
