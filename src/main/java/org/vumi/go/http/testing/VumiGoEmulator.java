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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>It is built on the JDK's own HTTP server and adds no dependency. One difference from a real
 * server: the HTTP reason phrase is the standard one, where Vumi Go puts its reason text; clients
 * must read the body anyway. All methods are safe to call from any thread, also while requests are
 * being answered.
 */
public final class VumiGoEmulator implements AutoCloseable {
  /** The path of the API on the emulator, as on Vumi Go: {@code /api/v1/go/http_api_nostream}. */
  public static final String API_PATH = "/api/v1/go/http_api_nostream";
  /** Vumi Go's default number of requests one account may have in flight. */
  public static final int DEFAULT_CONCURRENCY_LIMIT = 10;

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

  /** An inbound message a reply may answer. */
  record Inbound(String messageId, String conversationKey, String fromAddr, String toAddr,
      String transportName, String transportType) {}

  final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
  final Set<String> optOuts = ConcurrentHashMap.newKeySet();
  final Map<String, Inbound> inbound = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  final List<SentMessage> messages = new CopyOnWriteArrayList<>();
  final List<PublishedMetric> metrics = new CopyOnWriteArrayList<>();
  final AtomicInteger peakInFlight = new AtomicInteger();
  final AtomicInteger requestCount = new AtomicInteger();
  volatile int concurrencyLimit = DEFAULT_CONCURRENCY_LIMIT;
  volatile Duration responseDelay = Duration.ZERO;

  private final HttpServer server;
  private final ExecutorService executor;
  private final ApiHandler handler;

  private VumiGoEmulator(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
    this.handler = new ApiHandler(this);
    server.createContext("/", handler);
    server.setExecutor(executor);
  }

  /**
   * Starts an emulator on a free port of the loopback interface, with no conversations.
   *
   * @return the running emulator; close it when done
   * @throws IOException if no port could be bound
   */
  public static VumiGoEmulator start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger threads = new AtomicInteger();
    // Daemon threads: a test that forgets close() must not keep its JVM alive.
    ExecutorService executor = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "vumi-go-emulator-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    VumiGoEmulator emulator = new VumiGoEmulator(server, executor);
    server.start();
    return emulator;
  }

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
    optOuts.add(optOutKey(accountKey, toAddrType, toAddr));
    return this;
  }

  static String optOutKey(String accountKey, String toAddrType, String toAddr) {
    return accountKey + '\u0000' + toAddrType + '\u0000' + toAddr;
  }

  /**
   * Sets a conversation's {@code content_length_limit}: content longer than this many Unicode code
   * points is refused.
   *
   * @param conversationKey a conversation already added
   * @param limit the most code points allowed; negative for no limit
   * @return this emulator
   * @throws IllegalArgumentException if the conversation was not added
   */
  public VumiGoEmulator contentLengthLimit(String conversationKey, int limit) {
    Conversation conversation = conversations.get(conversationKey);
    if (conversation == null) {
      throw new IllegalArgumentException("no conversation " + conversationKey + "; add it first");
    }
    conversation.contentLengthLimit = limit;
    return this;
  }

  /**
   * Sets how many requests one account may have in flight; past that the emulator answers 403
   * {@code Too many concurrent connections}, as Vumi Go does.
   *
   * @param limit the limit ({@value #DEFAULT_CONCURRENCY_LIMIT} at start); negative for none
   * @return this emulator
   */
  public VumiGoEmulator concurrencyLimit(int limit) {
    this.concurrencyLimit = limit;
    return this;
  }

  /**
   * Makes every answer to a PUT wait, as a loaded server would; the request counts as in flight meanwhile.
   *
   * @param delay how long to wait before answering; {@link Duration#ZERO} at start
   * @return this emulator
   */
  public VumiGoEmulator responseDelay(Duration delay) {
    this.responseDelay = Objects.requireNonNull(delay, "delay");
    return this;
  }

  /**
   * Stores an inbound message from a person, so that replies to it are accepted, as if Vumi Go had
   * received it on the conversation's channel.
   *
   * @param conversationKey the conversation it came in on
   * @param fromAddr the person's address
   * @param toAddr the channel's address (a short code or USSD code such as {@code *120*123#})
   * @param transportType the transport type, such as {@code sms} or {@code ussd}
   * @return the inbound message's id, for {@code in_reply_to}
   */
  public String addInboundMessage(String conversationKey, String fromAddr, String toAddr, String transportType) {
    String id = newMessageId();
    inbound.put(id, new Inbound(id, conversationKey, fromAddr, toAddr, transportType + "_transport", transportType));
    return id;
  }

  static String newMessageId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * Returns every message accepted so far, oldest first, as the server answered them.
   *
   * @return an unmodifiable snapshot
   */
  public List<SentMessage> messages() {
    return List.copyOf(messages);
  }

  /**
   * Returns every metric value published so far, oldest first.
   *
   * @return an unmodifiable snapshot
   */
  public List<PublishedMetric> metrics() {
    return List.copyOf(metrics);
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
   * Returns the most requests one account had in flight at once, refused ones not counted.
   *
   * @return the peak since start
   */
  public int peakInFlight() {
    return peakInFlight.get();
  }

  /** Stops the server, drops any request still waiting, and frees the port. */
  @Override
  public void close() {
    handler.dropHeldExchanges();
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "VumiGoEmulator{apiUrl=" + apiUrl() + ", conversations=" + new ArrayList<>(conversations.keySet()) + "}";
  }
}
