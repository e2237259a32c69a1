package org.vumi.go.http.optouts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.Api;
import org.vumi.go.http.ClientBuilder;
import org.vumi.go.http.internal.Answer;
import org.vumi.go.http.internal.ApiRequest;
import org.vumi.go.http.internal.Checks;
import org.vumi.go.http.internal.ClientSettings;
import org.vumi.go.http.internal.Engine;
import org.vumi.go.http.internal.JsonCodec;
import org.vumi.go.http.internal.Urls;

/**
 * Reads, records and removes opt-outs through Vumi Go's opt-outs API: the Java port of the Python
 * {@code go_http.optouts.OptOutsApiClient}.
 *
 * <pre>{@code
 * OptOutsApiClient optOuts = new OptOutsApiClient("api-token");
 * if (optOuts.getOptOut("msisdn", "+27831234567").isEmpty()) {
 *   optOuts.setOptOut("msisdn", "+27831234567");
 * }
 * }</pre>
 *
 * <p>Requests go to {@code <apiUrl>/optouts/<addressType>/<address>} and {@code <apiUrl>/optouts/count},
 * with {@code Authorization: Bearer <token>}. The address type and the address are each
 * percent-encoded as one path segment, so pass them as they are ({@code +27…}, not {@code %2B27…}).
 * The server compares addresses exactly: {@code +27…} and {@code 27…} are different opt-outs.
 *
 * <p>Every call here is idempotent (a read, a delete, or a PUT that the server refuses with 409
 * when repeated), so each is sent again after a failure as {@link RetryPolicy} allows. When an
 * earlier attempt may have done what was asked (its answer was lost), the retry's "already so" is
 * success: a retried {@link #setOptOut} answered 409 returns the opt-out (read with a GET), and a
 * retried {@link #deleteOptOut} answered 404 is empty, as any delete of what is not there is.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class OptOutsApiClient implements AutoCloseable {
  /** Vumi Go's production endpoint, used when no {@code apiUrl} is given. */
  public static final String DEFAULT_API_URL = "https://go.vumi.org/api/v1/go";

  /** An opt-out answer is a few hundred bytes; one this much larger is not the opt-outs API. */
  static final int MAX_ANSWER_BYTES = 64 * 1024;

  /** The server's reason for a PUT of an opt-out it has. */
  private static final String ALREADY_EXISTS = "Opt out already exists.";

  private final Builder settings;
  private final Engine engine;
  private final HttpUrl optOutsUrl;

  /**
   * Makes a client for Vumi Go's production endpoint.
   *
   * @param authToken the API token ({@code Authorization: Bearer <token>}); printable ASCII
   * @throws NullPointerException if the token is null
   * @throws IllegalArgumentException if the token is blank or not printable ASCII
   */
  public OptOutsApiClient(String authToken) {
    this(builder(authToken));
  }

  /**
   * Makes a client, as the Python client's constructor does; {@link #builder} offers more settings.
   *
   * @param authToken the API token ({@code Authorization: Bearer <token>}); printable ASCII
   * @param apiUrl the base URL, or null for {@link #DEFAULT_API_URL}; see {@link Builder#apiUrl}
   * @param client the HTTP client to send with, or null for a shared default
   * @throws NullPointerException if the token is null
   * @throws IllegalArgumentException if the token is blank or not printable ASCII, or {@code apiUrl} is malformed
   */
  public OptOutsApiClient(String authToken, @Nullable String apiUrl, @Nullable OkHttpClient client) {
    this(builder(authToken).apiUrl(apiUrl).client(client));
  }

  private OptOutsApiClient(Builder builder) {
    this.settings = builder.copy();
    this.optOutsUrl = Urls.endpoint(ClientSettings.of(builder).apiUrl(), "optouts");
    this.engine = ClientSettings.of(builder).engine("Bearer " + builder.authToken, Api.OPT_OUTS, OptOutsApiClient.class);
  }

  /**
   * Returns a builder for a client with settings beyond the constructors'.
   *
   * @param authToken the API token; printable ASCII
   * @return a builder with the defaults
   * @throws NullPointerException if the token is null
   * @throws IllegalArgumentException if the token is blank or not printable ASCII
   */
  public static Builder builder(String authToken) {
    return new Builder(authToken);
  }

  /**
   * Returns the opt-out of an address.
   *
   * @param addressType the address type, such as {@code msisdn}; not blank, no {@code /}
   * @param address the address, such as {@code +27831234567}, un-encoded; not blank, no {@code /}
   * @return the opt-out, or empty when the server answers 404 (the address is not opted out)
   * @throws IOException an {@link HttpApiException} for any other refusal (such as 401 for a bad
   *     token, or a 404 whose body is not JSON: a wrong {@code apiUrl}), or a transport failure
   * @throws IllegalArgumentException for a blank address type or address, or one with a {@code /}
   *     (nothing is sent)
   */
  public Optional<OptOut> getOptOut(String addressType, String address) throws IOException {
    return engine.execute(recordRequest("GET", addressType, address, true, answer -> false).named("getOptOut"));
  }

  /**
   * Opts an address out: Vumi Go refuses messages to it from this account from now on.
   *
   * @param addressType the address type, such as {@code msisdn}; not blank
   * @param address the address, un-encoded; not blank
   * @return the new opt-out; or, when a retry (after an attempt whose answer was lost) is answered
   *     409, the opt-out that attempt recorded, as a GET then reads it
   * @throws IOException an {@link HttpApiException} with status 409 ({@code Opt out already
   *     exists.}) when the address was already opted out before this call (or, after a retry, is
   *     no longer when it is read), another refusal, or a transport failure
   * @throws IllegalArgumentException for a blank address type or address, or one with a {@code /}
   *     (nothing is sent)
   */
  public OptOut setOptOut(String addressType, String address) throws IOException {
    HttpApiException[] alreadyThere = new HttpApiException[1];
    ApiRequest<Optional<OptOut>> put = recordRequest("PUT", addressType, address, false, answer -> {
      if (answer.code() == 409 && answer.attempts() > 1 && ALREADY_EXISTS.equals(answer.reason())) {
        // An earlier attempt, whose answer was lost, may have recorded it: what was asked holds.
        alreadyThere[0] = answer.refusal();
        return true;
      }
      return false;
    });
    Optional<OptOut> set = engine.execute(put.named("setOptOut"));
    if (set.isPresent()) {
      return set.get();
    }
    Optional<OptOut> standing = getOptOut(addressType, address);
    if (standing.isEmpty()) {
      throw alreadyThere[0]; // gone again before it could be read
    }
    return standing.get();
  }

  /**
   * Removes the opt-out of an address.
   *
   * @param addressType the address type, such as {@code msisdn}; not blank
   * @param address the address, un-encoded; not blank
   * @return the opt-out as it was, or empty when the server answers 404 (there was none, or an
   *     earlier attempt, whose answer was lost, removed it)
   * @throws IOException an {@link HttpApiException} for any other refusal, or a transport failure
   * @throws IllegalArgumentException for a blank address type or address, or one with a {@code /}
   *     (nothing is sent)
   */
  public Optional<OptOut> deleteOptOut(String addressType, String address) throws IOException {
    return engine.execute(recordRequest("DELETE", addressType, address, true, answer -> false).named("deleteOptOut"));
  }

  /**
   * Counts the account's opt-outs, of every address type.
   *
   * @return the server's {@code opt_out_count}
   * @throws IOException an {@link HttpApiException} for a refusal, or a transport failure
   */
  public long count() throws IOException {
    HttpUrl url = Urls.endpoint(optOutsUrl, "count");
    return engine.execute(new ApiRequest<Long>("GET", url, null, true, MAX_ANSWER_BYTES, answer -> {
      if (!answer.isSuccessful()) {
        throw answer.refusal();
      }
      JsonNode count = readObject(answer).get("opt_out_count");
      if (count == null || !count.canConvertToLong() || !count.isIntegralNumber()) {
        throw answer.unexpected("a JSON object with an integer opt_out_count");
      }
      return count.asLong();
    }).named("count"));
  }

  /** Whether an answer other than the record means the record is as asked, for the caller to read. */
  @FunctionalInterface
  private interface AsAsked {
    boolean test(Answer answer);
  }

  /**
   * One request on one opt-out record. A 404 means "none" only where the caller may get none: for a
   * PUT it is a refusal like any other. An answer {@code asAsked} accepts is empty too.
   */
  private ApiRequest<Optional<OptOut>> recordRequest(String method, String addressType, String address,
      boolean notFoundIsEmpty, AsAsked asAsked) {
    HttpUrl url = optOutsUrl.newBuilder()
        .addEncodedPathSegment(quote(segment(addressType, "addressType")))
        .addEncodedPathSegment(quote(segment(address, "address")))
        .build();
    // The Python client sends Content-Type: application/json on its empty PUT; an empty JSON body
    // does the same here. The server ignores both.
    byte[] body = method.equals("PUT") ? new byte[0] : null;
    return new ApiRequest<>(method, url, body, true, MAX_ANSWER_BYTES, answer -> {
      if ((notFoundIsEmpty && answer.code() == 404 && isTheApisOwn(answer)) || asAsked.test(answer)) {
        return Optional.empty();
      }
      if (!answer.isSuccessful()) {
        throw answer.refusal();
      }
      OptOut optOut = OptOut.fromJson(readObject(answer).get("opt_out"));
      if (optOut == null) {
        throw answer.unexpected("a JSON object with an opt_out object");
      }
      return Optional.of(optOut);
    });
  }

  /**
   * The server decodes {@code %2F} before routing, so an address with a {@code /} would reach
   * another route, or none: a GET would answer 404, "not opted out", for an address that may be.
   */
  private static String segment(String value, String parameter) {
    Checks.requirePathSegment(value, parameter);
    if (value.indexOf('/') >= 0) {
      throw new IllegalArgumentException(parameter + " must not contain '/' (the opt-outs API cannot address it),"
          + " but was " + Checks.quote(value));
    }
    return value;
  }

  /**
   * Percent-encodes a path segment as the Python client does ({@code urllib.quote}): everything but
   * ASCII letters, digits, {@code _}, {@code .} and {@code -}, as UTF-8, in upper-case hex. So
   * {@code +27…} goes out as {@code %2B27…}, as Vumi Go's own client sends it; OkHttp alone would
   * leave {@code +}, {@code @} and others as they are, which the server reads the same but a proxy
   * or log may not.
   */
  static String quote(String segment) {
    StringBuilder out = new StringBuilder(segment.length() * 3);
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
          || c == '-') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * A 404 from the API itself ("not found") rather than a page from whatever answers at a wrong
   * URL: one that says "no such opt-out" must never be read as "not opted out". The API's 404s are
   * JSON; an empty body is given the benefit of the doubt.
   */
  private static boolean isTheApisOwn(Answer answer) {
    if (answer.body().length == 0) {
      return true;
    }
    try {
      return JsonCodec.readTree(answer.body()).isObject();
    } catch (IOException notJson) {
      return false;
    }
  }

  private static JsonNode readObject(Answer answer) throws IOException {
    try {
      JsonNode tree = JsonCodec.readTree(answer.body());
      if (tree.isObject()) {
        return tree;
      }
    } catch (IOException notJson) {
      // reported below, as any answer of the wrong shape
    }
    throw answer.unexpected("a JSON object");
  }

  /**
   * Returns a builder with this client's settings, to make a client that differs in some.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return settings.copy();
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
   * Shows where the client sends; never its token.
   *
   * @return a description such as {@code OptOutsApiClient{url=https://…/optouts, …}}
   */
  @Override
  public String toString() {
    return ClientSettings.of(settings).describe("OptOutsApiClient", "url", optOutsUrl);
  }

  /** Builds an {@link OptOutsApiClient}. Every setting has a default; each setter checks its argument at once. */
  public static final class Builder extends ClientBuilder<Builder, OptOutsApiClient> {
    private final String authToken;

    private Builder(String authToken) {
      super(DEFAULT_API_URL, "authToken");
      this.authToken = Checks.requireCredential(authToken, "authToken");
    }

    private Builder copy() {
      return ClientSettings.copy(this, new Builder(authToken));
    }

    /**
     * Returns the client.
     *
     * @return a new client
     */
    @Override
    public OptOutsApiClient build() {
      return new OptOutsApiClient(this);
    }
  }
}
