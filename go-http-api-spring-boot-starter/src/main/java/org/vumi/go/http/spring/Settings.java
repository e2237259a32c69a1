package org.vumi.go.http.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.vumi.go.http.ClientBuilder;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.VumiGo;
import org.vumi.go.http.push.PushReceiver;

/**
 * The {@code vumi.go.*} properties, checked: each value is handed to the library's own setter once,
 * at start-up, so a value the library refuses stops the application with the library's message
 * (which names the allowed values), wrapped with the property's name. Nothing is checked twice,
 * and no range is copied here from the library.
 *
 * <p>Values that may be secret (tokens, keys, the push credentials, and the API URL, which may hold
 * a user:pass@) are never echoed: the library's messages do not show them, and they are reported as
 * a plain {@link IllegalArgumentException}.
 * The others are reported as Boot's {@link InvalidConfigurationPropertyValueException}, whose failure
 * analysis shows the value and where it was set.
 */
final class Settings {
  static final String API_URL = VumiGoProperties.PREFIX + ".api-url";
  static final String API_TOKEN = VumiGoProperties.PREFIX + ".api-token";
  static final String ACCOUNT_KEY = VumiGoProperties.PREFIX + ".account-key";
  static final String CONVERSATION_KEY = VumiGoProperties.PREFIX + ".conversation-key";
  static final String CONVERSATION_TOKEN = VumiGoProperties.PREFIX + ".conversation-token";
  static final String DEADLINE = VumiGoProperties.PREFIX + ".deadline";
  static final String MAX_IN_FLIGHT = VumiGoProperties.PREFIX + ".max-in-flight";
  static final String MAX_ATTEMPTS = VumiGoProperties.PREFIX + ".retry.max-attempts";
  static final String INITIAL_BACKOFF = VumiGoProperties.PREFIX + ".retry.initial-backoff";
  static final String MAX_BACKOFF = VumiGoProperties.PREFIX + ".retry.max-backoff";
  static final String PUSH_PATH = VumiGoProperties.PREFIX + ".push.path";
  static final String PUSH_USERNAME = VumiGoProperties.PREFIX + ".push.username";
  static final String PUSH_PASSWORD = VumiGoProperties.PREFIX + ".push.password";
  static final String PUSH_MAX_BODY_BYTES = VumiGoProperties.PREFIX + ".push.max-body-bytes";
  static final String PUSH_ALLOW_UNAUTHENTICATED = VumiGoProperties.PREFIX + ".push.allow-unauthenticated";

  /** The three properties of the conversation to send through. */
  record Conversation(String accountKey, String conversationKey, String conversationToken) {}

  private final String apiUrl;
  private final @Nullable String apiToken;
  private final @Nullable Conversation conversation;
  private final Duration deadline;
  private final int maxInFlight;
  private final RetryPolicy retryPolicy;
  private final String pushPath;
  private final @Nullable String pushUsername;
  private final @Nullable String pushPassword;
  private final int pushMaxBodyBytes;
  private final boolean pushAllowUnauthenticated;

  private Settings(VumiGoProperties properties) {
    // Each setter of a throwaway builder checks one value, so a failure belongs to one property.
    // Hidden: a URL may hold credentials (user:pass@), which the library refuses without echoing them.
    apiUrl = properties.getApiUrl();
    hidden(API_URL, () -> VumiGo.builder().apiUrl(required(apiUrl)));
    apiToken = properties.getApiToken();
    if (apiToken != null) {
      hidden(API_TOKEN, () -> VumiGo.builder().apiToken(apiToken));
    }
    conversation = conversation(properties);
    deadline = shown(DEADLINE, properties.getDeadline(), d -> VumiGo.builder().deadline(d));
    maxInFlight = shown(MAX_IN_FLIGHT, properties.getMaxInFlight(), n -> VumiGo.builder().maxInFlight(n));
    VumiGoProperties.Retry retry = properties.getRetry();
    RetryPolicy.Builder policy = RetryPolicy.builder();
    shown(MAX_ATTEMPTS, retry.getMaxAttempts(), policy::maxAttempts);
    shown(INITIAL_BACKOFF, retry.getInitialBackoff(), d -> policy.initialBackoff(d));
    shown(MAX_BACKOFF, retry.getMaxBackoff(), d -> policy.maxBackoff(d));
    retryPolicy = policy.build();

    VumiGoProperties.Push push = properties.getPush();
    pushPath = shown(PUSH_PATH, push.getPath(), Settings::checkPath);
    pushMaxBodyBytes = shown(PUSH_MAX_BODY_BYTES, push.getMaxBodyBytes(), n -> PushReceiver.builder().maxBodyBytes(n));
    pushUsername = push.getUsername();
    pushPassword = push.getPassword();
    if (pushUsername != null) {
      hidden(PUSH_USERNAME, () -> checkUsername(pushUsername));
    }
    if (pushPassword != null) {
      hidden(PUSH_PASSWORD, () -> checkText(pushPassword, "password"));
    }
    if ((pushUsername == null) != (pushPassword == null)) {
      throw new IllegalArgumentException((pushUsername == null ? PUSH_USERNAME : PUSH_PASSWORD) + " is not set, but "
          + (pushUsername == null ? PUSH_PASSWORD : PUSH_USERNAME) + " is: pushes carry both, the user:pass@ of"
          + " the push URLs configured in Vumi Go; set both, or neither");
    }
    pushAllowUnauthenticated = push.isAllowUnauthenticated();
  }

  /**
   * Checks the properties.
   *
   * @param properties the bound properties
   * @return the checked settings
   * @throws InvalidConfigurationPropertyValueException if a value that may be shown is invalid
   * @throws IllegalArgumentException if a secret's value is invalid, or the properties are set in
   *     part where they go together; the message names the property
   */
  static Settings of(VumiGoProperties properties) {
    return new Settings(properties);
  }

  private static @Nullable Conversation conversation(VumiGoProperties properties) {
    String accountKey = properties.getAccountKey();
    String conversationKey = properties.getConversationKey();
    String conversationToken = properties.getConversationToken();
    List<String> missing = new ArrayList<>();
    if (accountKey == null) {
      missing.add(ACCOUNT_KEY);
    }
    if (conversationKey == null) {
      missing.add(CONVERSATION_KEY);
    }
    if (conversationToken == null) {
      missing.add(CONVERSATION_TOKEN);
    }
    if (missing.size() == 3) {
      return null;
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are")
          + " not set, but the other conversation properties are: set " + ACCOUNT_KEY + ", " + CONVERSATION_KEY
          + " and " + CONVERSATION_TOKEN + " for a ConversationSender, or none of them");
    }
    // One at a time, with valid stand-ins for the others, so a failure is that property's.
    hidden(ACCOUNT_KEY, () -> HttpApiSender.builder(accountKey, "key", "token"));
    shown(CONVERSATION_KEY, conversationKey, key -> HttpApiSender.builder("account", key, "token"));
    hidden(CONVERSATION_TOKEN, () -> HttpApiSender.builder("account", "key", conversationToken));
    return new Conversation(accountKey, conversationKey, conversationToken);
  }

  /** Checks a value that may be shown; returns it. */
  private static <T> T shown(String property, T value, Consumer<T> check) {
    try {
      check.accept(value);
      return value;
    } catch (IllegalArgumentException | NullPointerException e) {
      InvalidConfigurationPropertyValueException invalid =
          new InvalidConfigurationPropertyValueException(property, value, String.valueOf(e.getMessage()));
      // Its cause is fixed (null) by its constructor: the library's exception goes along as suppressed.
      invalid.addSuppressed(e);
      throw invalid;
    }
  }

  /** Checks a value that may be secret: the library's message never shows it, and neither does this. */
  private static void hidden(String property, Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
    }
  }

  /** The library takes a null URL for "the default": here it is a mistake. */
  private static String required(@Nullable String url) {
    if (url == null) {
      throw new IllegalArgumentException("apiUrl must not be null");
    }
    return url;
  }

  /** A servlet mapping of one path and everything under it: /a/b and /a/b/*. */
  private static void checkPath(String path) {
    if (path == null || !path.startsWith("/") || path.length() < 2 || path.endsWith("/")
        || path.chars().anyMatch(c -> c == '*' || c == '?' || c == '#' || c == ';' || c == '%' || c <= ' ' || c == 0x7f)) {
      throw new IllegalArgumentException("the path must start with /, not end with /, and hold no *, ?, #, ;, %,"
          + " spaces or control characters, such as /vumi-go/push");
    }
  }

  private static void checkUsername(String username) {
    checkText(username, "username");
    if (username.indexOf(':') >= 0) {
      // Basic auth splits user from password at the first ':': such a user could never match.
      throw new IllegalArgumentException("username must not contain ':'");
    }
  }

  private static void checkText(String value, String name) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  /**
   * Gives a client's builder the shared settings: base URL, retries, bound in flight, deadline.
   *
   * @param builder the builder
   * @return the builder
   */
  <B extends ClientBuilder<B, ?>> B applyTo(B builder) {
    return builder.apiUrl(apiUrl).retryPolicy(retryPolicy).maxInFlight(maxInFlight).deadline(deadline);
  }

  /** The conversation API's URL: {@code <api-url>/http_api_nostream}, as {@link VumiGo#conversation} has it. */
  String conversationApiUrl() {
    String base = apiUrl;
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + "/http_api_nostream";
  }

  @Nullable String apiToken() {
    return apiToken;
  }

  @Nullable Conversation conversation() {
    return conversation;
  }

  String pushPath() {
    return pushPath;
  }

  /**
   * Returns a receiver's builder with the push credentials and body limit.
   *
   * @return the builder
   * @throws IllegalStateException if no credentials are set and unauthenticated pushes are not allowed
   */
  PushReceiver.Builder pushReceiver() {
    PushReceiver.Builder builder = PushReceiver.builder().maxBodyBytes(pushMaxBodyBytes);
    if (pushUsername != null && pushPassword != null) {
      return builder.basicAuth(pushUsername, pushPassword);
    }
    if (pushAllowUnauthenticated) {
      return builder.withoutAuthentication();
    }
    throw new IllegalStateException(PUSH_USERNAME + " and " + PUSH_PASSWORD + " are not set, and the application"
        + " receives pushes (it has a PushReceiver.Callback bean): set them to the user and password of the push"
        + " URLs (user:pass@) configured in Vumi Go, so that nobody else can push to " + pushPath + "; or set "
        + PUSH_ALLOW_UNAUTHENTICATED + "=true for push URLs that carry no credentials");
  }
}
