package org.vumi.go.http.account;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.UnexpectedResponseException;
import org.vumi.go.http.Api;
import org.vumi.go.http.ClientBuilder;
import org.vumi.go.http.internal.Answer;
import org.vumi.go.http.internal.ApiRequest;
import org.vumi.go.http.internal.Checks;
import org.vumi.go.http.internal.ClientSettings;
import org.vumi.go.http.internal.Engine;
import org.vumi.go.http.internal.JsonCodec;
import org.vumi.go.http.internal.Text;
import org.vumi.go.http.internal.Urls;

/**
 * Lists a Vumi Go account's campaign, conversations, channels and routers, and reads and replaces
 * its routing table, through the account API: the Java port of the Python
 * {@code go_http.account.AccountApiClient}.
 *
 * <pre>{@code
 * AccountApiClient account = new AccountApiClient("api-token");
 * String campaignKey = account.campaigns().get(0).key();
 * for (Conversation conversation : account.conversations(campaignKey)) {
 *   System.out.println(conversation.name() + " " + conversation.status());
 * }
 * }</pre>
 *
 * <p>Every call is a JSON-RPC 2.0 request, {@code POST <apiUrl>/api/} with the body
 * {@code {"method": …, "params": […], "jsonrpc": "2.0", "id": 0}} and
 * {@code Authorization: Bearer <token>}. On Vumi Go the campaign key is the account key, and
 * {@link #campaigns()} returns that one campaign. A fault (answered with HTTP 200) raises a
 * {@link JsonRpcException}; both the envelope of Vumi Go's txJSON-RPC 0.3.1
 * ({@code {"result", "error": {"fault", "faultCode", "faultString"}, "id": null}}) and the JSON-RPC
 * 2.0 envelope of later versions ({@code "error": {"code", "message"}}) are understood.
 *
 * <p>The calls that read are sent again after a failure as {@link RetryPolicy} allows;
 * {@link #updateRoutingTable} is not idempotent in general (another client may have changed the
 * table in between), so it is sent again only where the server certainly did not get it.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class AccountApiClient implements AutoCloseable {
  /** Vumi Go's production endpoint, used when no {@code apiUrl} is given. */
  public static final String DEFAULT_API_URL = "https://go.vumi.org/api/v1/go";

  /** A routing table of thousands of conversations fits many times over; an answer past this is not the API. */
  static final long MAX_ANSWER_BYTES = 8L * 1024 * 1024;
  /**
   * The most JSON tokens (values, field names, brackets) of an answer, which is held whole as a
   * tree while it is read: at up to about 70 bytes of heap a token, about 17 MiB, where 8 MiB of
   * tiny items would take over 200 MiB. A routing table of ten thousand entries fits.
   */
  static final long MAX_ANSWER_TOKENS = 250_000;

  /** The library's strict reading, within {@link #MAX_ANSWER_TOKENS}. */
  private static final ObjectMapper TREES = JsonCodec.mapper().copyWith(JsonCodec.mapper().getFactory().rebuild()
      .streamReadConstraints(JsonCodec.mapper().getFactory().streamReadConstraints().rebuild()
          .maxTokenCount(MAX_ANSWER_TOKENS).build())
      .build());

  private final Builder settings;
  private final Engine engine;
  private final HttpUrl rpcUrl;

  /**
   * Makes a client for Vumi Go's production endpoint.
   *
   * @param authToken the API token ({@code Authorization: Bearer <token>}); printable ASCII
   * @throws NullPointerException if the token is null
   * @throws IllegalArgumentException if the token is blank or not printable ASCII
   */
  public AccountApiClient(String authToken) {
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
  public AccountApiClient(String authToken, @Nullable String apiUrl, @Nullable OkHttpClient client) {
    this(builder(authToken).apiUrl(apiUrl).client(client));
  }

  private AccountApiClient(Builder builder) {
    this.settings = builder.copy();
    this.rpcUrl = Urls.endpoint(ClientSettings.of(builder).apiUrl(), "api", "");
    this.engine = ClientSettings.of(builder).engine("Bearer " + builder.authToken, Api.ACCOUNT, AccountApiClient.class);
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
   * Lists the campaigns the token may act for: on Vumi Go exactly one, keyed by the account.
   *
   * @return the campaigns
   * @throws IOException a {@link JsonRpcException} for a fault, an {@link HttpApiException} for a
   *     refusal (401 for a bad token), or a transport failure
   */
  public List<Campaign> campaigns() throws IOException {
    return call("campaigns", null, true, result -> Shapes.list(result, Shapes::campaign));
  }

  /**
   * Lists a campaign's active conversations.
   *
   * @param campaignKey the campaign's key (the account key); not blank
   * @return the conversations
   * @throws IOException a {@link JsonRpcException} for a fault (404 {@code Unknown campaign key.}),
   *     an {@link HttpApiException} for a refusal, or a transport failure
   * @throws IllegalArgumentException if the key is blank (nothing is sent)
   * @throws NullPointerException if the key is null
   */
  public List<Conversation> conversations(String campaignKey) throws IOException {
    return call("conversations", key(campaignKey), true, result -> Shapes.list(result, Shapes::conversation));
  }

  /**
   * Lists a campaign's channels: one per tag the account holds.
   *
   * @param campaignKey the campaign's key (the account key); not blank
   * @return the channels
   * @throws IOException a {@link JsonRpcException} for a fault, an {@link HttpApiException} for a
   *     refusal, or a transport failure
   * @throws IllegalArgumentException if the key is blank (nothing is sent)
   * @throws NullPointerException if the key is null
   */
  public List<Channel> channels(String campaignKey) throws IOException {
    return call("channels", key(campaignKey), true, result -> Shapes.list(result, Shapes::channel));
  }

  /**
   * Lists a campaign's active routers.
   *
   * @param campaignKey the campaign's key (the account key); not blank
   * @return the routers
   * @throws IOException a {@link JsonRpcException} for a fault, an {@link HttpApiException} for a
   *     refusal, or a transport failure
   * @throws IllegalArgumentException if the key is blank (nothing is sent)
   * @throws NullPointerException if the key is null
   */
  public List<Router> routers(String campaignKey) throws IOException {
    return call("routers", key(campaignKey), true, result -> Shapes.list(result, Shapes::router));
  }

  /**
   * Lists a campaign's routing entries, in the server's (unspecified) order.
   *
   * @param campaignKey the campaign's key (the account key); not blank
   * @return the entries
   * @throws IOException a {@link JsonRpcException} for a fault (8002 when the account has no
   *     routing table), an {@link HttpApiException} for a refusal, or a transport failure
   * @throws IllegalArgumentException if the key is blank (nothing is sent)
   * @throws NullPointerException if the key is null
   */
  public List<RoutingEntry> routingEntries(String campaignKey) throws IOException {
    return call("routing_entries", key(campaignKey), true, result -> Shapes.list(result, Shapes::routingEntry));
  }

  /**
   * Reads a campaign's routing table: its channels, conversations, routers and routing entries.
   *
   * @param campaignKey the campaign's key (the account key); not blank
   * @return the table, whole as the server sent it
   * @throws IOException a {@link JsonRpcException} for a fault, an {@link HttpApiException} for a
   *     refusal, or a transport failure
   * @throws IllegalArgumentException if the key is blank (nothing is sent)
   * @throws NullPointerException if the key is null
   */
  public RoutingTable routingTable(String campaignKey) throws IOException {
    return call("routing_table", key(campaignKey), true, RoutingTable::fromJson);
  }

  /**
   * Replaces a campaign's routing entries with the table's. The server checks every entry against
   * the account's real endpoints: each must link a channel (or a router's conversation side) to a
   * conversation (or a router's channel side), or back.
   *
   * @param campaignKey the campaign's key (the account key); not blank
   * @param table the new table, usually one read with {@link #routingTable} and changed with
   *     {@link RoutingTable#withRoutingEntries}
   * @throws IOException a {@link JsonRpcException} for a fault (400 {@code InvalidRoutingTable}
   *     naming the first bad entry), an {@link HttpApiException} for a refusal, or a transport
   *     failure, after which the table may or may not have been replaced
   * @throws IllegalArgumentException if the key is blank (nothing is sent)
   * @throws NullPointerException if the key or the table is null
   */
  public void updateRoutingTable(String campaignKey, RoutingTable table) throws IOException {
    key(campaignKey);
    Checks.requireNonNull(table, "table");
    call("update_routing_table", new Object[] {campaignKey, table.tree()}, false, result -> null);
  }

  private static Object[] key(String campaignKey) {
    return new Object[] {Checks.requireName(campaignKey, "campaignKey")};
  }

  /** Reads a call's {@code result}. */
  @FunctionalInterface
  private interface ResultReader<T> {
    T read(JsonNode result) throws IOException;
  }

  private <T> T call(String method, Object @Nullable [] params, boolean idempotent, ResultReader<T> reader)
      throws IOException {
    byte[] body = envelope(method, params);
    return engine.execute(new ApiRequest<T>("POST", rpcUrl, body, idempotent, MAX_ANSWER_BYTES, answer -> {
      JsonNode tree = readObjectOrNull(answer);
      JsonNode error = tree == null ? null : tree.get("error");
      if (error != null && !error.isNull()) {
        // A fault, whatever the status: the server's own refusal, in either envelope.
        throw fault(answer, method, error);
      }
      if (!answer.isSuccessful()) {
        throw answer.refusal();
      }
      if (tree == null || !tree.has("result")) {
        throw answer.unexpected("a JSON-RPC answer with a result or an error");
      }
      try {
        return reader.read(tree.get("result"));
      } catch (IOException malformed) {
        throw answer.unexpected("the result of " + method + " as Vumi Go gives it ("
            + Text.escape(malformed.getMessage()) + ")");
      }
    }).named(operationName(method)));
  }

  /** The Java method that makes an RPC call: the RPC method's name in camel case ({@code routingEntries}). */
  static String operationName(String rpcMethod) {
    StringBuilder name = new StringBuilder(rpcMethod.length());
    boolean upper = false;
    for (char c : rpcMethod.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }

  /** The body: {@code {"method": …, "params": […], "jsonrpc": "2.0", "id": 0}}, as the Python client sends it. */
  private static byte[] envelope(String method, Object @Nullable [] params) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("method", method);
    ArrayNode array = json.putArray("params");
    for (Object param : params == null ? new Object[0] : params) {
      if (param instanceof JsonNode tree) {
        array.add(tree);
      } else {
        array.add((String) param);
      }
    }
    json.put("jsonrpc", "2.0");
    json.put("id", 0);
    return json.toString().getBytes(StandardCharsets.UTF_8); // a tree's toString() is its JSON
  }

  /** The answer's JSON object; null when it is not one (such as a proxy's HTML page). */
  private static @Nullable JsonNode readObjectOrNull(Answer answer) throws UnexpectedResponseException {
    boolean tooMany = false;
    try (JsonParser parser = TREES.getFactory().createParser(answer.body())) {
      try {
        JsonNode tree = TREES.readTree(parser);
        return tree != null && tree.isObject() && parser.nextToken() == null ? tree : null;
      } catch (StreamConstraintsException e) {
        tooMany = parser.currentTokenCount() >= MAX_ANSWER_TOKENS; // else another of Jackson's bounds
      }
    } catch (IOException notJson) {
      // not JSON: null below
    }
    if (tooMany) {
      throw answer.unexpected("an answer this client holds: it has more than " + MAX_ANSWER_TOKENS
          + " JSON tokens, the most a result held whole may have");
    }
    return null;
  }

  /**
   * The fault of either envelope: {@code fault}, {@code faultCode}, {@code faultString} (txJSON-RPC
   * 0.3.1, Vumi Go's), or {@code code}, {@code message} (JSON-RPC 2.0, txJSON-RPC 0.5), where the
   * fault's class name is then {@code Fault}.
   */
  private static IOException fault(Answer answer, String method, JsonNode error) {
    JsonNode code = error.has("faultCode") ? error.get("faultCode") : error.get("code");
    if (code == null || !code.isIntegralNumber() || !code.canConvertToInt()) { // also when error is no object
      UnexpectedResponseException e = answer.unexpected("a JSON-RPC error with a faultCode or code");
      return answer.isSuccessful() ? e : answer.refusal();
    }
    JsonNode fault = error.get("fault");
    JsonNode text = error.has("faultString") ? error.get("faultString") : error.get("message");
    return JsonRpcException.of(method, fault != null && fault.isTextual() ? fault.asText() : "Fault", code.asInt(),
        text != null && text.isTextual() ? text.asText() : null);
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
   * @return a description such as {@code AccountApiClient{url=https://…/api/, …}}
   */
  @Override
  public String toString() {
    return ClientSettings.of(settings).describe("AccountApiClient", "url", rpcUrl);
  }

  /** Builds an {@link AccountApiClient}. Every setting has a default; each setter checks its argument at once. */
  public static final class Builder extends ClientBuilder<Builder, AccountApiClient> {
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
    public AccountApiClient build() {
      return new AccountApiClient(this);
    }
  }
}
