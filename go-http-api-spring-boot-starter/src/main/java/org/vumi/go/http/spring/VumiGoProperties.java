package org.vumi.go.http.spring;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code vumi.go.*} properties: where Vumi Go is, the credentials, the settings every client
 * shares, and the push endpoint. Each value is checked by the library when the application starts;
 * an invalid one stops it, with a message that names the property and the allowed values.
 *
 * <pre>
 * vumi.go.api-token=${VUMI_GO_API_TOKEN}
 * vumi.go.account-key=...
 * vumi.go.conversation-key=...
 * vumi.go.conversation-token=${VUMI_GO_CONVERSATION_TOKEN}
 * vumi.go.push.username=vumi
 * vumi.go.push.password=${VUMI_GO_PUSH_PASSWORD}
 * </pre>
 *
 * <p>The defaults are the library's own.
 */
@ConfigurationProperties(prefix = VumiGoProperties.PREFIX)
public class VumiGoProperties {
  /** The prefix of every property: {@value}. */
  public static final String PREFIX = "vumi.go";

  /**
   * Base URL of Vumi Go's APIs; the conversation API is at this URL followed by /http_api_nostream.
   * Set it for a Vumi Go of your own or a test server.
   */
  private String apiUrl = "https://go.vumi.org/api/v1/go";

  /**
   * API token of the opt-outs, metrics, contacts and account APIs: an OAuth access token for the
   * account. When set, the application gets a VumiGo bean and the four API clients.
   */
  private @Nullable String apiToken;

  /**
   * Account key, the Basic auth user of the conversation API: at the bottom of the Account > Details
   * page in Vumi Go. With conversation-key and conversation-token, the application gets a
   * ConversationSender bean.
   */
  private @Nullable String accountKey;

  /** Key of the conversation to send through: the UUID at the end of the conversation's URL. */
  private @Nullable String conversationKey;

  /** The conversation's API token, the Basic auth password: the secret entered in its configuration. */
  private @Nullable String conversationToken;

  /**
   * Total time one operation may take, from the call to its result: the wait for a turn, every
   * attempt and every backoff. From 1 ms to 1 hour.
   */
  private Duration deadline = Duration.ofSeconds(60);

  /**
   * Most requests each client has in flight at once; further calls wait their turn. From 1 to 1000.
   * Vumi Go refuses an account's requests past 10 in flight, across all its clients.
   */
  private int maxInFlight = 8;

  /** When a request is sent again. */
  private final Retry retry = new Retry();

  /** The endpoint that receives what Vumi Go pushes. */
  private final Push push = new Push();

  /**
   * Returns the base URL of Vumi Go's APIs.
   *
   * @return the URL
   */
  public String getApiUrl() {
    return apiUrl;
  }

  /**
   * Sets the base URL of Vumi Go's APIs.
   *
   * @param apiUrl the URL
   */
  public void setApiUrl(String apiUrl) {
    this.apiUrl = apiUrl;
  }

  /**
   * Returns the API token.
   *
   * @return the token, or null when not set
   */
  public @Nullable String getApiToken() {
    return apiToken;
  }

  /**
   * Sets the API token.
   *
   * @param apiToken the token
   */
  public void setApiToken(@Nullable String apiToken) {
    this.apiToken = apiToken;
  }

  /**
   * Returns the account key.
   *
   * @return the key, or null when not set
   */
  public @Nullable String getAccountKey() {
    return accountKey;
  }

  /**
   * Sets the account key.
   *
   * @param accountKey the key
   */
  public void setAccountKey(@Nullable String accountKey) {
    this.accountKey = accountKey;
  }

  /**
   * Returns the conversation key.
   *
   * @return the key, or null when not set
   */
  public @Nullable String getConversationKey() {
    return conversationKey;
  }

  /**
   * Sets the conversation key.
   *
   * @param conversationKey the key
   */
  public void setConversationKey(@Nullable String conversationKey) {
    this.conversationKey = conversationKey;
  }

  /**
   * Returns the conversation token.
   *
   * @return the token, or null when not set
   */
  public @Nullable String getConversationToken() {
    return conversationToken;
  }

  /**
   * Sets the conversation token.
   *
   * @param conversationToken the token
   */
  public void setConversationToken(@Nullable String conversationToken) {
    this.conversationToken = conversationToken;
  }

  /**
   * Returns the deadline of every operation.
   *
   * @return the deadline
   */
  public Duration getDeadline() {
    return deadline;
  }

  /**
   * Sets the deadline of every operation.
   *
   * @param deadline the deadline
   */
  public void setDeadline(Duration deadline) {
    this.deadline = deadline;
  }

  /**
   * Returns the bound on requests in flight per client.
   *
   * @return the bound
   */
  public int getMaxInFlight() {
    return maxInFlight;
  }

  /**
   * Sets the bound on requests in flight per client.
   *
   * @param maxInFlight the bound
   */
  public void setMaxInFlight(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  /**
   * Returns the retry settings.
   *
   * @return the retry settings
   */
  public Retry getRetry() {
    return retry;
  }

  /**
   * Returns the push endpoint's settings.
   *
   * @return the push settings
   */
  public Push getPush() {
    return push;
  }

  /**
   * The {@code vumi.go.retry.*} properties. A request that is not idempotent (a message, a metric)
   * is sent again only where the server certainly did not process it; see
   * {@link org.vumi.go.http.RetryPolicy}.
   */
  public static class Retry {
    /** How many times a request may be sent at most, the first time included: 1 (never again) to 100. */
    private int maxAttempts = 3;

    /** Wait before the first retry; each later wait doubles it, with jitter. From 0 to 1 hour. */
    private Duration initialBackoff = Duration.ofMillis(250);

    /** Longest wait between attempts, which also caps the server's Retry-After. From 0 to 1 hour. */
    private Duration maxBackoff = Duration.ofSeconds(10);

    /**
     * Returns how many times a request may be sent at most.
     *
     * @return the number of attempts
     */
    public int getMaxAttempts() {
      return maxAttempts;
    }

    /**
     * Sets how many times a request may be sent at most.
     *
     * @param maxAttempts the number of attempts
     */
    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /**
     * Returns the wait before the first retry.
     *
     * @return the wait
     */
    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    /**
     * Sets the wait before the first retry.
     *
     * @param initialBackoff the wait
     */
    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    /**
     * Returns the longest wait between attempts.
     *
     * @return the wait
     */
    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    /**
     * Sets the longest wait between attempts.
     *
     * @param maxBackoff the wait
     */
    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }
  }

  /**
   * The {@code vumi.go.push.*} properties. The endpoint is served when the application has a bean
   * of type {@code PushReceiver.Callback<InboundMessage>} or {@code PushReceiver.Callback<Event>}
   * (or a {@code PushReceiver}), in a servlet web application.
   */
  public static class Push {
    /**
     * Path of the push endpoint, and of everything under it: point the conversation's
     * push_message_url and push_event_url here (one endpoint tells messages from events). Starts
     * with /, does not end with /.
     */
    private String path = "/vumi-go/push";

    /**
     * Basic auth user that pushes must carry: the user of the push URLs' user:pass@. Required with
     * the password, unless allow-unauthenticated is true.
     */
    private @Nullable String username;

    /** Basic auth password that pushes must carry: the pass of the push URLs' user:pass@. */
    private @Nullable String password;

    /**
     * Largest push body accepted, in bytes; a larger one is answered 413. From 1024 to 67108864
     * (64 MiB).
     */
    private int maxBodyBytes = 1048576;

    /**
     * Whether the endpoint may accept pushes without credentials when no username and password are
     * set: only for push URLs that carry none, on a network where nobody else can reach it.
     */
    private boolean allowUnauthenticated;

    /**
     * Returns the endpoint's path.
     *
     * @return the path
     */
    public String getPath() {
      return path;
    }

    /**
     * Sets the endpoint's path.
     *
     * @param path the path
     */
    public void setPath(String path) {
      this.path = path;
    }

    /**
     * Returns the Basic auth user pushes must carry.
     *
     * @return the user, or null when not set
     */
    public @Nullable String getUsername() {
      return username;
    }

    /**
     * Sets the Basic auth user pushes must carry.
     *
     * @param username the user
     */
    public void setUsername(@Nullable String username) {
      this.username = username;
    }

    /**
     * Returns the Basic auth password pushes must carry.
     *
     * @return the password, or null when not set
     */
    public @Nullable String getPassword() {
      return password;
    }

    /**
     * Sets the Basic auth password pushes must carry.
     *
     * @param password the password
     */
    public void setPassword(@Nullable String password) {
      this.password = password;
    }

    /**
     * Returns the largest push body accepted, in bytes.
     *
     * @return the limit
     */
    public int getMaxBodyBytes() {
      return maxBodyBytes;
    }

    /**
     * Sets the largest push body accepted, in bytes.
     *
     * @param maxBodyBytes the limit
     */
    public void setMaxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Returns whether pushes without credentials may be accepted when none are set.
     *
     * @return true if they may
     */
    public boolean isAllowUnauthenticated() {
      return allowUnauthenticated;
    }

    /**
     * Sets whether pushes without credentials may be accepted when none are set.
     *
     * @param allowUnauthenticated true if they may
     */
    public void setAllowUnauthenticated(boolean allowUnauthenticated) {
      this.allowUnauthenticated = allowUnauthenticated;
    }
  }
}
