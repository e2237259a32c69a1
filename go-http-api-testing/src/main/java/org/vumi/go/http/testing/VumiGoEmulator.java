package org.vumi.go.http.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.Event;
import org.vumi.go.http.internal.Ids;
import org.vumi.go.http.internal.Threads;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.SentMessage;

/**
 * An in-process HTTP server on loopback that answers like Vumi Go's conversation HTTP API: Basic
 * auth against the conversations you add, opt-outs, payload validation in the server's own words,
 * the reply path, metrics, the per-account concurrency limit, and HTML pages for wrong paths and
 * methods. It records every message and metric it accepts, so a test can assert what the phone got.
 *
 * <pre>{@code
 * try (VumiGoEmulator vumiGo = VumiGoEmulator.start()) {
 *   vumiGo.addConversation("acc-key", "conv-key", "conv-token");
 *   ConversationSender sender =
 *       new HttpApiSender("acc-key", "conv-key", "conv-token", vumiGo.apiUrl(), null);
 *   sender.sendText("+27831234567", "Hello!");
 *   assertEquals("Hello!", vumiGo.messages().get(0).content());
 * }
 * }</pre>
 *
 * <p>It is built on the JDK's own HTTP server and adds no dependency. It answers as vumi-go's own
 * code does, and the other four APIs as their own servers do, measured side by side against them
 * (see docs/testing.md, "What it emulates", and docs/fidelity.md), with
 * these deliberate differences: the concurrency limit is exact (Vumi Go's check reads the count and
 * increments it in a later step, so simultaneous requests slip past it), and a request counts until
 * its answer starts, so that a client that sends again only once it has its answer is never counted
 * twice; request bodies are bounded ({@link #MAX_REQUEST_BODY_BYTES}); the HTTP reason phrase is the
 * standard one, where Vumi Go puts its reason text (clients must read the body anyway); Basic auth is
 * UTF-8. All methods are safe to call from any thread, also while requests are being answered.
 *
 * <p>Starting one sets the system property {@code sun.net.httpserver.nodelay} to {@code true} unless
 * it is already set, so that the JDK's server answers without Nagle's 40 ms wait; the JDK reads it
 * once, when the JVM's first {@code HttpServer} is made, so a test JVM that made one before the
 * first emulator answers slowly (pass {@code -Dsun.net.httpserver.nodelay=true} to be sure).
 */
public final class VumiGoEmulator implements AutoCloseable {
  /** The path of the API on the emulator, as on Vumi Go: {@code /api/v1/go/http_api_nostream}. */
  public static final String API_PATH = "/api/v1/go/http_api_nostream";
  /** The base path of Vumi Go's other APIs (opt-outs, metrics, contacts, account): {@code /api/v1/go}. */
  public static final String GO_API_PATH = "/api/v1/go";
  /** Vumi Go's default number of requests one account may have in flight. */
  public static final int DEFAULT_CONCURRENCY_LIMIT = 10;
  /**
   * The largest request body the emulator reads, in bytes (8 MiB); a longer one is answered
   * {@code 413} without being read, a declared {@code Content-Length} past it without a byte read.
   * Vumi Go itself sets no limit (Twisted spools a large body to disk); the emulator bounds its
   * memory instead.
   */
  public static final int MAX_REQUEST_BODY_BYTES = 8 * 1024 * 1024;

  /** What the emulator knows of one conversation. */
  static final class Conversation {
    final String accountKey;
    final String key;
    final Set<String> tokens;
    volatile int contentLengthLimit = -1;

    Conversation(String accountKey, String key, Set<String> tokens) {
      this.accountKey = accountKey;
      this.key = key;
      this.tokens = tokens;
    }
  }

  /** Where a conversation pushes inbound messages and events; either may be null. */
  record PushUrls(@Nullable String messageUrl, @Nullable String eventUrl) {}

  final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
  /** Bearer tokens of the opt-outs, metrics, contacts and account APIs, and the account each acts for. */
  final Map<String, String> authTokens = new ConcurrentHashMap<>();
  /** Every opt-out, keyed by {@link #optOutKey}: what the opt-outs API reads and writes. */
  final ConcurrentHashMap<String, OptOutRecord> optOutRecords = new ConcurrentHashMap<>();
  /** The same opt-outs as the conversation API checks them; adding here records "now". */
  final Set<String> optOuts = optOutRecords.keySet(new OptOutRecord(java.time.Instant.now(), null));
  final Map<String, InboundMessage> inbound = new ConcurrentHashMap<>();
  final Map<String, PushUrls> pushUrls = new ConcurrentHashMap<>();
  /** Every event pushed, answered or not, in the order the pushes ended. */
  final Recording<Event> pushedEvents = new Recording<>("pushed events");
  final Pusher pusher = new Pusher();
  final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  final Recording<SentMessage> messages = new Recording<>("messages");
  final Recording<PublishedMetric> metrics = new Recording<>("metrics");
  /** Every metric value the metrics API can read back, timestamped, from either API. */
  final List<StoredMetric> metricLog = new CopyOnWriteArrayList<>();
  final AtomicInteger peakInFlight = new AtomicInteger();
  final AtomicInteger requestCount = new AtomicInteger();
  /** Requests one account may have in flight; negative for no limit (as in Vumi Go's config), never seen outside. */
  volatile int concurrencyLimit = DEFAULT_CONCURRENCY_LIMIT;
  volatile Duration responseDelay = Duration.ZERO;
  /**
   * For tests: while set, every PUT that has its place in flight waits for this latch before it is
   * answered, and is recorded in {@link #atGate} as it starts to wait. So a test keeps requests in
   * flight exactly as long as it needs, whatever the machine's speed, where a delay would have to
   * guess. Null: none waits.
   */
  volatile @Nullable CountDownLatch gate;
  /** For tests: every request that waited at the {@link #gate}, as {@code METHOD path}. */
  final Recording<String> atGate = new Recording<>("requests at the gate");
  /**
   * For tests: every request held open (never to be answered, as the real server holds it), as
   * {@code METHOD path}: a test waits for its request to be held rather than for an answer not to
   * come within some time.
   */
  final Recording<String> held = new Recording<>("held requests");

  private final HttpServer server;
  final ExecutorService executor;
  private final ApiHandler handler;
  private final AccountApi accountApi = new AccountApi(this);
  /** The contacts and groups API: its accounts' contacts and groups, and its page limits. */
  final ContactsApi contactsApi = new ContactsApi(this);

  private VumiGoEmulator(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
    this.handler = new ApiHandler(this);
    server.createContext("/", handler);
    // Each API also takes its path without the slash, which its own server answers (the JDK's
    // server matches a context as a plain prefix).
    server.createContext(OptOutsApi.CONTEXT, new OptOutsApi(this));
    server.createContext(MetricsApi.PATH, new MetricsApi(this));
    server.createContext(AccountApi.CONTEXT, accountApi);
    server.createContext(GO_API_PATH + "/contacts", contactsApi);
    server.createContext(GO_API_PATH + "/groups", contactsApi);
    server.setExecutor(executor);
  }

  /**
   * Starts an emulator on a free port of the loopback interface, with no conversations.
   *
   * @return the running emulator; close it when done
   * @throws IOException if no port could be bound
   */
  public static VumiGoEmulator start() throws IOException {
    answerWithoutNagleDelay();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // Daemon threads: a test that forgets close() must not keep its JVM alive.
    ExecutorService executor = Executors.newCachedThreadPool(Threads.daemons("vumi-go-emulator"));
    VumiGoEmulator emulator = new VumiGoEmulator(server, executor);
    server.start();
    return emulator;
  }

  /**
   * The JDK's server flushes an answer's headers before its body and leaves Nagle's algorithm on
   * unless {@code sun.net.httpserver.nodelay} says otherwise: the body then waits for the client's
   * delayed ACK, about 40 ms on Linux, on every answer (a test of 30 requests waited over a second
   * for nothing). The server reads the property once, when the first server of the JVM is made, so
   * it is set before ours; a value the user set, either way, is left as it is.
   */
  static void answerWithoutNagleDelay() {
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }

  /** The JDK server's switch for TCP_NODELAY on the sockets it accepts. */
  static final String NO_DELAY = "sun.net.httpserver.nodelay";

  /**
   * Returns the base URL to give {@code HttpApiSender} as its {@code apiUrl}.
   *
   * @return {@code http://127.0.0.1:<port>/api/v1/go/http_api_nostream}
   */
  public String apiUrl() {
    InetSocketAddress address = server.getAddress();
    return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + API_PATH;
  }

  /**
   * Returns the base URL to give the opt-outs, metrics, contacts and account API clients as their
   * {@code apiUrl}.
   *
   * @return {@code http://127.0.0.1:<port>/api/v1/go}
   */
  public String goApiUrl() {
    InetSocketAddress address = server.getAddress();
    return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + GO_API_PATH;
  }

  /**
   * Adds a bearer token of Vumi Go's other APIs (opt-outs, metrics, contacts, account), acting for
   * an account: the same account whose conversations {@link #addConversation} adds, so an opt-out
   * set through the opt-outs API refuses that account's sends.
   *
   * @param accountKey the account the token acts for; not blank
   * @param token the token ({@code Authorization: Bearer <token>}); not blank
   * @return this emulator
   */
  public VumiGoEmulator addAuthToken(String accountKey, String token) {
    authTokens.put(requireText(token, "token"), requireText(accountKey, "accountKey"));
    return this;
  }

  /**
   * Adds an active conversation to an account's campaign, as the account API lists it, with the
   * endpoints {@code CONVERSATION:<type>:<uuid>::default} and one per extra endpoint name.
   *
   * @param accountKey the account (its campaign key is the account key)
   * @param uuid the conversation's key
   * @param type its type, such as {@code jsbox} or {@code dialogue}
   * @param name its name
   * @param description its description
   * @param status {@code starting}, {@code running}, {@code stopping} or {@code stopped}
   * @param extraEndpoints the names of endpoints beside {@code default}
   * @return this emulator
   */
  public VumiGoEmulator addCampaignConversation(String accountKey, String uuid, String type, String name,
      String description, String status, String... extraEndpoints) {
    accountApi.world(requireText(accountKey, "accountKey")).conversations.add(new AccountApi.Conversation(
        requireText(uuid, "uuid"), requireText(type, "type"), name, description, status, List.of(extraEndpoints)));
    return this;
  }

  /**
   * Adds a channel to an account's campaign: a tag it holds, with the one endpoint
   * {@code TRANSPORT_TAG:<pool>:<tag>::default}.
   *
   * @param accountKey the account
   * @param pool the tag pool, such as {@code longcode} or {@code apposit_sms}
   * @param tag the tag, such as {@code *120*123#}
   * @return this emulator
   */
  public VumiGoEmulator addCampaignChannel(String accountKey, String pool, String tag) {
    accountApi.world(requireText(accountKey, "accountKey")).channels.add(
        new AccountApi.Channel(requireText(pool, "pool"), requireText(tag, "tag")));
    return this;
  }

  /**
   * Adds an active router to an account's campaign, with the endpoints
   * {@code ROUTER:<type>:<uuid>:INBOUND::<name>} on its channel side and
   * {@code ROUTER:<type>:<uuid>:OUTBOUND::<name>} on its conversation side, {@code default} first on each.
   *
   * @param accountKey the account
   * @param uuid the router's key
   * @param type its type, such as {@code keyword}
   * @param name its name
   * @param description its description
   * @param status {@code starting}, {@code running}, {@code stopping} or {@code stopped}
   * @param extraChannelEndpoints the names of channel-side endpoints beside {@code default}
   * @param extraConversationEndpoints the names of conversation-side endpoints beside {@code default}
   * @return this emulator
   */
  public VumiGoEmulator addCampaignRouter(String accountKey, String uuid, String type, String name,
      String description, String status, List<String> extraChannelEndpoints, List<String> extraConversationEndpoints) {
    accountApi.world(requireText(accountKey, "accountKey")).routers.add(new AccountApi.Router(requireText(uuid, "uuid"),
        requireText(type, "type"), name, description, status, List.copyOf(extraChannelEndpoints),
        List.copyOf(extraConversationEndpoints)));
    return this;
  }

  /**
   * Adds a routing entry to an account's routing table, unchecked (the account API's
   * {@code update_routing_table} checks what it is given); an entry from a source already routed
   * replaces that one, as in Vumi Go's routing table.
   *
   * @param accountKey the account
   * @param source the source endpoint's uuid, such as {@code TRANSPORT_TAG:pool:tag1::default}
   * @param target the target endpoint's uuid, such as {@code CONVERSATION:jsbox:conv-1::default}
   * @return this emulator
   */
  public VumiGoEmulator addRoutingEntry(String accountKey, String source, String target) {
    AccountApi.World world = accountApi.world(requireText(accountKey, "accountKey"));
    AccountApi.Entry entry = new AccountApi.Entry(requireText(source, "source"), requireText(target, "target"));
    synchronized (world) {
      world.routingEntries = AccountApi.withEntry(world.routingEntries, entry);
    }
    return this;
  }

  /**
   * The account a request's token acts for, as the auth bouncer (go-auth on oauthlib 1.0.3) reads
   * the token: the {@code Authorization} header (stripped, as the servers read headers) from its
   * eighth character, whatever its scheme, so {@code bearer <token>} works and {@code Basic ...} is
   * an unknown token. Null when there is no header or its token is unknown.
   */
  @Nullable String accountForBearer(com.sun.net.httpserver.HttpExchange exchange) {
    String token = bouncerToken(exchange);
    return token == null ? null : authTokens.get(token);
  }

  /** The token the bouncer reads, or null without an {@code Authorization} header (the bouncer's 401). */
  static @Nullable String bouncerToken(com.sun.net.httpserver.HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null) {
      return null;
    }
    String value = header.replaceAll("^[ \t\n\r\u000b\f]+|[ \t\n\r\u000b\f]+$", "");
    return value.length() <= 7 ? "" : value.substring(7);
  }

  private static String requireText(String value, String parameter) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(parameter + " must not be null or blank");
    }
    return value;
  }

  /**
   * Adds a conversation, or adds tokens to one already added.
   *
   * @param accountKey the account that owns it (the Basic auth user)
   * @param conversationKey the conversation's key
   * @param tokens its API tokens (each a valid Basic auth password); at least one
   * @return this emulator
   * @throws IllegalArgumentException if no token is given, or the conversation belongs to another account
   */
  public VumiGoEmulator addConversation(String accountKey, String conversationKey, String... tokens) {
    Objects.requireNonNull(accountKey, "accountKey");
    Objects.requireNonNull(conversationKey, "conversationKey");
    if (tokens.length == 0) {
      throw new IllegalArgumentException("tokens must hold at least one API token");
    }
    Conversation conversation = conversations.computeIfAbsent(conversationKey,
        key -> new Conversation(accountKey, key, ConcurrentHashMap.newKeySet()));
    if (!conversation.accountKey.equals(accountKey)) {
      throw new IllegalArgumentException("conversation " + conversationKey + " belongs to another account");
    }
    conversation.tokens.addAll(List.of(tokens));
    return this;
  }

  /**
   * Opts an MSISDN out of messages from an account: sends to it are refused with HTTP 400.
   *
   * @param accountKey the account
   * @param msisdn the address, as the sender gives it in {@code to_addr}
   * @return this emulator
   */
  public VumiGoEmulator optOut(String accountKey, String msisdn) {
    return optOut(accountKey, "msisdn", msisdn);
  }

  /**
   * Opts an address of any type out of messages from an account.
   *
   * @param accountKey the account
   * @param toAddrType the address type, as sent in {@code to_addr_type} ({@code msisdn} when absent)
   * @param toAddr the address
   * @return this emulator
   */
  public VumiGoEmulator optOut(String accountKey, String toAddrType, String toAddr) {
    optOutRecords.putIfAbsent(optOutKey(accountKey, toAddrType, toAddr), new OptOutRecord(java.time.Instant.now(), null));
    return this;
  }

  /** Vumi Go stores an opt-out under the id {@code "%s:%s" % (addr_type, addr)}, per account. */
  static String optOutKey(String accountKey, String toAddrType, String toAddr) {
    return accountKey + '\u0000' + toAddrType + ':' + toAddr;
  }

  /** When an opt-out was recorded, and the inbound message it came from (null for the API's). */
  record OptOutRecord(java.time.Instant createdAt, @Nullable String message) {}

  /**
   * A metric value as the metrics API reads it back: its full name, aggregator included.
   *
   * @param accountKey the account that fired it
   * @param name such as {@code visits.sum}, or {@code stores.default.visits.sum} for one fired
   *     through a conversation
   */
  record StoredMetric(String accountKey, String name, double value, java.time.Instant time) {}

  /**
   * Called by the conversation API as it publishes metrics: Vumi Go stores them in the account's
   * {@code default} metric store, so the metrics API reads them as {@code stores.default.<name>.<aggregate>}.
   */
  void recordConversationMetrics(List<PublishedMetric> published) {
    java.time.Instant now = java.time.Instant.now();
    for (PublishedMetric metric : published) {
      metricLog.add(new StoredMetric(metric.accountKey(), "stores.default." + metric.name() + "." + metric.aggregate(),
          metric.value(), now));
    }
  }

  /** The values of one metric of one account, oldest first. */
  List<StoredMetric> storedMetrics(String accountKey, String name) {
    List<StoredMetric> found = new ArrayList<>();
    for (StoredMetric metric : metricLog) {
      if (metric.accountKey().equals(accountKey) && metric.name().equals(name)) {
        found.add(metric);
      }
    }
    return found;
  }

  /**
   * Sets a conversation's {@code content_length_limit}: content longer than this many Unicode code
   * points is refused.
   *
   * @param conversationKey a conversation already added
   * @param limit the most code points allowed; 0 or more
   * @return this emulator
   * @throws IllegalArgumentException if the conversation was not added or the limit is negative
   */
  public VumiGoEmulator contentLengthLimit(String conversationKey, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("contentLengthLimit must be 0 or more, but was " + limit
          + "; use noContentLengthLimit(conversationKey) for none");
    }
    conversation(conversationKey).contentLengthLimit = limit;
    return this;
  }

  /**
   * Removes a conversation's {@code content_length_limit}, as a conversation has none at first.
   *
   * @param conversationKey a conversation already added
   * @return this emulator
   * @throws IllegalArgumentException if the conversation was not added
   */
  public VumiGoEmulator noContentLengthLimit(String conversationKey) {
    conversation(conversationKey).contentLengthLimit = -1;
    return this;
  }

  /**
   * Sets the contacts API's page size limit (the server's {@code max_contacts_per_page}): a page of
   * contacts, or of a group's contacts, holds at most this many; {@code max_results} may ask for fewer.
   *
   * @param limit at least 1; {@value ContactsApi#DEFAULT_PAGE_LIMIT} at start
   * @return this emulator
   * @throws IllegalArgumentException if the limit is below 1
   */
  public VumiGoEmulator contactsPageLimit(int limit) {
    contactsApi.contactsPageLimit = requirePageLimit(limit);
    return this;
  }

  /**
   * Sets the groups API's page size limit (the server's {@code max_groups_per_page}).
   *
   * @param limit at least 1; {@value ContactsApi#DEFAULT_PAGE_LIMIT} at start
   * @return this emulator
   * @throws IllegalArgumentException if the limit is below 1
   */
  public VumiGoEmulator groupsPageLimit(int limit) {
    contactsApi.groupsPageLimit = requirePageLimit(limit);
    return this;
  }

  private static int requirePageLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
    }
    return limit;
  }

  /**
   * Sets how many requests one account may have in flight; past that the emulator answers 403
   * {@code Too many concurrent connections}, as Vumi Go does.
   *
   * @param limit the limit ({@value #DEFAULT_CONCURRENCY_LIMIT} at start), 0 or more; 0 refuses every
   *     request, as Vumi Go's {@code concurrency_limit: 0} does, which makes the 403 easy to test
   * @return this emulator
   * @throws IllegalArgumentException if the limit is negative; {@link #noConcurrencyLimit()} sets none
   */
  public VumiGoEmulator concurrencyLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be 0 or more, but was " + limit
          + "; use noConcurrencyLimit() for none");
    }
    this.concurrencyLimit = limit;
    return this;
  }

  /**
   * Removes the limit on requests in flight, as a negative {@code concurrency_limit} does in Vumi
   * Go's config: no request is refused for being one too many.
   *
   * @return this emulator
   */
  public VumiGoEmulator noConcurrencyLimit() {
    this.concurrencyLimit = -1;
    return this;
  }

  /**
   * Makes every answer to a PUT wait, as a loaded server would; the request counts as in flight meanwhile.
   *
   * @param delay how long to wait before answering; {@link Duration#ZERO} at start
   * @return this emulator
   * @throws IllegalArgumentException if the delay is negative
   */
  public VumiGoEmulator responseDelay(Duration delay) {
    Objects.requireNonNull(delay, "responseDelay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("responseDelay must not be negative, but was " + delay);
    }
    this.responseDelay = delay;
    return this;
  }

  /**
   * Stores an inbound message from a person, so that replies to it are accepted, as if Vumi Go had
   * received it on the conversation's channel; nothing is pushed.
   *
   * @param conversationKey a conversation already added
   * @param fromAddr the person's address
   * @param toAddr the channel's address (a short code or USSD code such as {@code *120*123#})
   * @param transportType the transport type, such as {@code sms} or {@code ussd}
   * @return the inbound message; its id is what a reply names as {@code in_reply_to}
   * @throws IllegalArgumentException if the conversation was not added
   */
  public InboundMessage addInboundMessage(String conversationKey, String fromAddr, String toAddr, String transportType) {
    InboundMessage message = Pusher.inbound(conversation(conversationKey), fromAddr, toAddr, null, null, transportType);
    inbound.put(message.messageId(), message);
    return message;
  }

  /**
   * Sets where a conversation pushes, as its {@code push_message_url} and {@code push_event_url} do
   * in Vumi Go. A {@code user:pass@} in a URL is sent as Basic auth. Once an event URL is set, every
   * message the conversation accepts is followed by an {@code ack} and a {@code delivery_report}
   * ({@code delivered}) event, pushed in the background.
   *
   * @param conversationKey a conversation already added
   * @param messageUrl where inbound messages go, or null
   * @param eventUrl where events go, or null
   * @return this emulator
   * @throws IllegalArgumentException if the conversation was not added or a URL is malformed
   */
  public VumiGoEmulator pushTo(String conversationKey, @Nullable String messageUrl,
      @Nullable String eventUrl) {
    conversation(conversationKey);
    for (String url : new String[] {messageUrl, eventUrl}) {
      if (url != null && okhttp3.HttpUrl.parse(url) == null) {
        throw new IllegalArgumentException("push URLs must be absolute http or https URLs");
      }
    }
    pushUrls.put(conversationKey, new PushUrls(messageUrl, eventUrl));
    return this;
  }

  /**
   * A person sends a message: the emulator stores it (so replies to it are accepted) and pushes it
   * to the conversation's message URL, waiting for the application's answer.
   *
   * @param conversationKey a conversation with a message URL set by {@link #pushTo}
   * @param fromAddr the person's address, such as {@code +27831234567}
   * @param toAddr the channel's address, such as {@code *120*123#}
   * @param content what the person sent, or null (a USSD session start has none)
   * @param sessionEvent {@code "new"}, {@code "resume"}, {@code "close"}, or null outside sessions
   * @param transportType the transport type, such as {@code sms} or {@code ussd}
   * @return the message as pushed
   * @throws IOException if the application did not answer 2xx within 5 s
   * @throws IllegalStateException if the conversation has no message URL
   */
  public InboundMessage pushInbound(String conversationKey, String fromAddr, String toAddr,
      @Nullable String content, @Nullable String sessionEvent, String transportType) throws IOException {
    PushUrls urls = pushUrls.get(conversationKey);
    if (urls == null || urls.messageUrl() == null) {
      throw new IllegalStateException("no message URL for " + conversationKey + "; call pushTo first");
    }
    InboundMessage message = Pusher.inbound(conversation(conversationKey), fromAddr, toAddr, content, sessionEvent,
        transportType);
    inbound.put(message.messageId(), message);
    pusher.post(urls.messageUrl(), Pusher.toJson(message.json()));
    return message;
  }

  /**
   * Called once a message is accepted: pushes its events where the conversation wants them, as
   * from the transport the message went out on (a send names none).
   */
  void accepted(Conversation conversation, String messageId, String transportName) {
    PushUrls urls = pushUrls.get(conversation.key);
    if (urls != null && urls.eventUrl() != null) {
      pusher.deliverEvents(urls.eventUrl(), messageId, transportName, executor, pushedEvents);
    }
  }

  private Conversation conversation(String conversationKey) {
    Conversation conversation = conversations.get(conversationKey);
    if (conversation == null) {
      throw new IllegalArgumentException("no conversation " + conversationKey + "; add it first");
    }
    return conversation;
  }

  /**
   * Returns every event pushed so far (the acks and delivery reports the emulator sends to a
   * conversation's event URL), answered or not, in the order the pushes ended.
   *
   * @return an unmodifiable snapshot
   */
  public List<Event> pushedEvents() {
    return pushedEvents.snapshot();
  }

  /**
   * Waits until the emulator has pushed at least {@code count} events, answered or not, and returns
   * them all, as {@link #pushedEvents()} does. An event counts once its push has ended: answered by
   * the application (whatever the status), or failed. The wait is on a condition signalled as each
   * push ends: it neither polls nor sleeps, and returns as soon as the count is reached.
   *
   * @param count how many events to wait for; 0 or more
   * @param timeout how long to wait at most; not negative ({@link Duration#ZERO} checks once)
   * @return an unmodifiable snapshot of every event pushed so far, at least {@code count}
   * @throws AssertionError if fewer than {@code count} were pushed within the timeout (or the thread
   *     was interrupted; its interrupt flag is set again); the message shows those that were
   * @throws IllegalArgumentException if count or timeout is negative
   * @throws NullPointerException if timeout is null
   */
  public List<Event> awaitPushedEvents(int count, Duration timeout) {
    return pushedEvents.await(count, timeout);
  }

  static String newMessageId() {
    return Ids.messageId();
  }

  /**
   * Returns every message accepted so far, oldest first, as the server answered them.
   *
   * @return an unmodifiable snapshot
   */
  public List<SentMessage> messages() {
    return messages.snapshot();
  }

  /**
   * Waits until the emulator has accepted at least {@code count} messages, and returns them all, as
   * {@link #messages()} does. The wait is on a condition signalled as each message is accepted: it
   * neither polls nor sleeps, and returns as soon as the count is reached.
   *
   * @param count how many messages to wait for; 0 or more
   * @param timeout how long to wait at most; not negative ({@link Duration#ZERO} checks once)
   * @return an unmodifiable snapshot of every message accepted so far, at least {@code count}
   * @throws AssertionError if fewer than {@code count} were accepted within the timeout (or the
   *     thread was interrupted; its interrupt flag is set again); the message shows those that were
   * @throws IllegalArgumentException if count or timeout is negative
   * @throws NullPointerException if timeout is null
   */
  public List<SentMessage> awaitMessages(int count, Duration timeout) {
    return messages.await(count, timeout);
  }

  /**
   * Returns every metric value published so far, oldest first.
   *
   * @return an unmodifiable snapshot
   */
  public List<PublishedMetric> metrics() {
    return metrics.snapshot();
  }

  /**
   * Waits until the emulator has published at least {@code count} metric values (fired through
   * the conversation API), and returns them all, as {@link #metrics()} does. The wait is on a
   * condition signalled as each value is published: it neither polls nor sleeps, and returns as
   * soon as the count is reached.
   *
   * @param count how many metric values to wait for; 0 or more
   * @param timeout how long to wait at most; not negative ({@link Duration#ZERO} checks once)
   * @return an unmodifiable snapshot of every metric value published so far, at least {@code count}
   * @throws AssertionError if fewer than {@code count} were published within the timeout (or the
   *     thread was interrupted; its interrupt flag is set again); the message shows those that were
   * @throws IllegalArgumentException if count or timeout is negative
   * @throws NullPointerException if timeout is null
   */
  public List<PublishedMetric> awaitMetrics(int count, Duration timeout) {
    return metrics.await(count, timeout);
  }

  /**
   * Returns how many requests reached the emulator, answered or not.
   *
   * @return the count since start
   */
  public int requestCount() {
    return requestCount.get();
  }

  /**
   * Returns the most requests one account had in flight at once (from arrival until the answer
   * starts), refused ones not counted.
   *
   * @return the peak since start
   */
  public int peakInFlight() {
    return peakInFlight.get();
  }

  /** For tests: closes the requests held so far; their clients see the connection end with no answer. */
  void dropHeld() {
    handler.dropHeldExchanges();
  }

  /** Stops the server, drops any request still waiting, and frees the port. */
  @Override
  public void close() {
    handler.dropHeldExchanges();
    server.stop(0);
    executor.shutdownNow();
    pusher.close();
  }

  @Override
  public String toString() {
    return "VumiGoEmulator{apiUrl=" + apiUrl() + ", conversations=" + new ArrayList<>(conversations.keySet()) + "}";
  }
}
