package org.vumi.go.http.push;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vumi.go.http.Event;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.MalformedPushException;

/**
 * Receives what Vumi Go pushes to the application: inbound messages (to the conversation's
 * {@code push_message_url}) and events (to its {@code push_event_url}). It checks the push's Basic
 * auth, parses the body, hands the message or event to the application's callback, and says what
 * to answer: 200 when handled, 401, 413 or 400 (with nothing handed on) when the credentials are
 * wrong, the body is too large or the body is malformed, 500 when the callback failed. One receiver
 * can serve both URLs: it tells them apart by {@code message_type}.
 *
 * <p>Credentials come first: nothing of the body is read, or looked at, before they are right.
 * Bodies are bounded: one over {@link Builder#maxBodyBytes(int) maxBodyBytes} (1 MiB by default)
 * is answered 413, and no more than one byte past the limit is ever read. Basic auth credentials
 * are compared as UTF-8 bytes (RFC 7617), as the whole library encodes them.
 *
 * <pre>{@code
 * PushReceiver receiver = PushReceiver.builder()
 *     .basicAuth("vumi", pushPassword)     // the user:pass@ of the push URLs
 *     .onMessage(message -> sender.replyTo(message, "Thanks!", SessionEvent.CLOSE))
 *     .onEvent(event -> deliveries.record(event))
 *     .build();
 *
 * HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
 * server.createContext("/vumi", receiver.httpHandler());        // the JDK's own server
 * server.setExecutor(Executors.newFixedThreadPool(8));          // see httpHandler()
 * // or in a servlet container: new PushServlet(receiver)
 * // or, in any framework: hand over the stream, not readAllBytes(), so the body stays bounded
 * PushResponse answer = receiver.handle(request.getHeader("Authorization"), request.getInputStream());
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads; callbacks may run on several
 * threads at once. A receiver owns no threads or other resources, so there is nothing to close: the
 * server that serves it (and its executor) is the application's to stop.
 */
public final class PushReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(PushReceiver.class);
  /**
   * Parses each push once; the models are then made from the tree. A body must be one JSON value
   * and nothing after it, with no key twice: Vumi Go never pushes more, and a body that two parsers
   * could read as two different pushes is refused rather than guessed at.
   */
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  /** The default {@link Builder#maxBodyBytes(int) body limit}, in bytes: 1 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
  /** A real push carries about 1 KiB of fields besides its content, so a smaller limit refuses real pushes. */
  private static final int MIN_MAX_BODY_BYTES = 1 << 10;
  /** Far above any real push; the bound keeps a whole body's worth of bytes per request modest. */
  private static final int MAX_MAX_BODY_BYTES = 64 << 20;
  /** What of a parse error's text goes back in a 400: enough to name the field and the value's start. */
  private static final int MAX_EXPLANATION_CHARS = 200;
  private static final PushResponse NOT_A_POST = new PushResponse(405, "Vumi Go pushes with POST");

  /**
   * What the application does with a pushed message or event. It may throw an exception: the push
   * is then answered 500, and the exception is logged. An {@link Error} is logged and rethrown,
   * never swallowed: {@link #httpHandler()} answers 500 first, {@link #handle(String, byte[])}
   * leaves the answer to the caller's framework.
   *
   * @param <T> {@link InboundMessage} or {@link Event}
   */
  @FunctionalInterface
  public interface Callback<T> {
    /**
     * Handles one push.
     *
     * @param value the parsed message or event
     * @throws Exception if the application could not handle it
     */
    void handle(T value) throws Exception;
  }

  private final byte @Nullable [] credentialsDigest;
  private final @Nullable Callback<InboundMessage> onMessage;
  private final @Nullable Callback<Event> onEvent;
  private final int maxBodyBytes;
  private final PushResponse tooLarge;

  private PushReceiver(Builder builder) {
    this.credentialsDigest = builder.credentialsDigest;
    this.onMessage = builder.onMessage;
    this.onEvent = builder.onEvent;
    this.maxBodyBytes = builder.maxBodyBytes;
    this.tooLarge = new PushResponse(413, "push body is larger than " + maxBodyBytes + " bytes");
  }

  /**
   * Returns a builder: set the credentials and at least one callback.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Handles one push whose body the caller has already read: checks the credentials, then the
   * body's size, parses it and calls the callback. Prefer {@link #handle(String, InputStream)}, which
   * reads no more than the limit.
   *
   * @param authorization the request's {@code Authorization} header, or null when it has none
   * @param body the request body; not null
   * @return what to answer: 401 before anything else when the credentials are wrong, 413 when the
   *     body is over the limit, 400 when it is malformed, 500 when the callback threw an exception
   * @throws Error whatever Error the callback threw, after logging it
   */
  public PushResponse handle(@Nullable String authorization, byte[] body) {
    Objects.requireNonNull(body, "body must not be null");
    if (!authorized(authorization)) {
      return PushResponse.UNAUTHORIZED;
    }
    return accept(body);
  }

  /**
   * Handles one push, whatever serves the HTTP: checks the credentials before reading anything,
   * then reads the body, at most one byte past the limit, parses it and calls the callback. The
   * stream is left open, and unread past what was needed.
   *
   * @param authorization the request's {@code Authorization} header, or null when it has none
   * @param body the request body; not null
   * @return what to answer, as {@link #handle(String, byte[])} says
   * @throws IOException if reading the body failed
   * @throws Error whatever Error the callback threw, after logging it
   */
  public PushResponse handle(@Nullable String authorization, InputStream body) throws IOException {
    Objects.requireNonNull(body, "body must not be null");
    if (!authorized(authorization)) {
      return PushResponse.UNAUTHORIZED;
    }
    return accept(body.readNBytes(maxBodyBytes + 1));
  }

  /** Everything after the credentials: size, parse, callback. */
  private PushResponse accept(byte[] body) {
    if (body.length > maxBodyBytes) {
      return tooLarge;
    }
    JsonNode push;
    try {
      push = MAPPER.readTree(body);
    } catch (IOException e) {
      return new PushResponse(400, "push body is not valid JSON");
    }
    try {
      // An empty body reads as a MissingNode, which the parsers refuse as not an object.
      if ("event".equals(push.path("message_type").asText())) {
        Event event = Event.parse(push);
        return deliver(onEvent, event, "event " + escape(event.eventId()));
      }
      InboundMessage message = InboundMessage.parse(push);
      return deliver(onMessage, message, "inbound message " + escape(message.messageId()));
    } catch (MalformedPushException e) {
      // The explanation may quote what was pushed: escaped and cut, it is safe to log or show.
      return new PushResponse(400, escape(e.getMessage()));
    }
  }

  /**
   * Runs the callback. The log line names the push by its id only: the content is the sender's
   * business, and the pusher's text is escaped so it cannot forge or garble log lines.
   */
  private static <T> PushResponse deliver(@Nullable Callback<T> callback, T value, String what) {
    if (callback == null) {
      return PushResponse.OK; // nobody asked for this kind of push: take it, so Vumi Go does not retry
    }
    try {
      callback.handle(value);
      return PushResponse.OK;
    } catch (Exception e) {
      LOG.warn("Push callback failed for {}", what, e);
      return PushResponse.CALLBACK_FAILED;
    } catch (Error e) {
      // An Error (OutOfMemoryError, StackOverflowError, AssertionError...) says the JVM or the
      // application is in trouble: logged here, and rethrown, so whoever runs the JVM hears of it.
      LOG.error("Push callback threw an Error for {}; rethrowing it", what, e);
      throw e;
    }
  }

  /**
   * Escapes text that a pusher controls before it reaches a log line or an answer: control
   * characters (C0, DEL, C1), line and paragraph separators, bidirectional controls (which reorder
   * how a line reads) and lone surrogates become a backslash, u and four hex digits, as the rest of
   * the library writes them; the text is cut after {@value #MAX_EXPLANATION_CHARS} characters, so a
   * megabyte field does not become a megabyte log line.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_EXPLANATION_CHARS) + 16);
    int i = 0;
    while (i < text.length() && out.length() < MAX_EXPLANATION_CHARS) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (needsEscape(c)) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    }
    return i < text.length() ? out.append("...").toString() : out.toString();
  }

  /** Whether a code point would garble, reorder or split a line of text that shows it raw. */
  private static boolean needsEscape(int c) {
    switch (Character.getType(c)) {
      case Character.CONTROL:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SURROGATE: // only a lone one: a pair is read as one code point
        return true;
      default:
        return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
  }

  /**
   * Whether the credentials are right, or none are required. Compares digests, so the time taken
   * says nothing of how much of the secret matched.
   */
  private boolean authorized(@Nullable String authorization) {
    if (credentialsDigest == null) {
      return true;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    byte[] presented;
    try {
      presented = Base64.getDecoder().decode(authorization.substring(6).trim());
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    return MessageDigest.isEqual(credentialsDigest, sha256(presented));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * Returns a handler for the JDK's HTTP server: POST only (405 otherwise); answers as
   * {@link #handle(String, InputStream)} says, with {@code WWW-Authenticate} on a 401. A body whose
   * {@code Content-Length} is over the limit is answered 413 without reading any of it. When the
   * callback throws an {@link Error}, the push is answered 500 and the Error is then rethrown to
   * the server.
   *
   * <p><b>A refused request holds no thread.</b> The JDK's server reads what a handler left unread
   * of a body before it takes the connection's next request, with no time limit, so a client that
   * is refused (401, 405, 413) and then sends its body one byte a second would keep a thread for
   * hours. The handler therefore reads the rest of a refused body only when all of it has already
   * arrived; otherwise it answers with {@code Connection: close}, flushes the answer and ends the
   * exchange abnormally (it throws an {@link IOException} to the server, which the server logs at
   * {@code TRACE} and answers by closing the connection). A push that is accepted, or refused
   * after its body was read to the end, ends normally and keeps its connection.
   *
   * <p><b>Wiring.</b> The JDK's server runs every handler on one thread unless given an executor:
   * give it a bounded one ({@code server.setExecutor(Executors.newFixedThreadPool(8))}) and shut it
   * down after {@code server.stop(...)}. The server reads a request's head on one of those threads
   * too, before any handler runs, so a client that sends its headers slowly holds a thread where no
   * handler can reach it, and so does a slow body that was given the right credentials. Only the
   * server bounds those, through system properties read once per JVM, when its classes load (set
   * them with {@code -D} on the command line): {@code sun.net.httpserver.maxReqTime}, the seconds a
   * request's head and body may take to arrive before the connection is closed (by default
   * forever); {@code sun.net.httpserver.maxRspTime}, the same for sending the answer;
   * {@code sun.net.httpserver.idleInterval}, the seconds a connection may wait for its first or
   * next request (30 by default); {@code sun.net.httpserver.maxReqHeaders} and (JDK 21 and later)
   * {@code sun.net.httpserver.maxReqHeaderSize}, the number and size of request headers; and
   * {@code sun.net.httpserver.drainAmount}, how much of an unread body the server reads before it
   * closes the connection instead (64 KiB by default). {@code -Dsun.net.httpserver.maxReqTime=30} is
   * a sensible start: a push is small, and Vumi Go sends it at once.
   *
   * @return the handler
   */
  public HttpHandler httpHandler() {
    return this::serve;
  }

  private void serve(HttpExchange exchange) throws IOException {
    Answer answer;
    try {
      answer = answer(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Authorization"),
          announcedLength(exchange.getRequestHeaders().getFirst("Content-Length")), exchange.getRequestBody());
    } catch (RuntimeException | Error e) {
      // Vumi Go is owed an answer whatever happened, so it retries instead of waiting; the
      // failure is then rethrown, never hidden. Should answering fail too (it may, out of
      // memory), the first failure is the one that matters. The body was read to its end (the
      // callback had it), so the exchange ends normally.
      try (exchange) {
        respond(exchange, PushResponse.CALLBACK_FAILED);
      } catch (Throwable whileAnswering) {
        e.addSuppressed(whileAnswering);
      }
      throw e;
    }
    if (answer.response().statusCode() == 405) {
      exchange.getResponseHeaders().set("Allow", "POST");
    }
    if (answer.bodyRead() || discardArrived(exchange)) {
      try (exchange) {
        respond(exchange, answer.response());
      }
      return;
    }
    // Ending the exchange normally would make the server wait for the rest of the body, however
    // slowly it comes: answer, then end it abnormally, so that the server closes the connection.
    exchange.getResponseHeaders().set("Connection", "close");
    send(exchange, answer.response()).flush();
    throw new IOException("the push was refused with " + answer.response().statusCode()
        + " before its body arrived; the connection is closed rather than waiting for the body");
  }

  /** What to answer a request, and whether its body was read to its end. */
  record Answer(PushResponse response, boolean bodyRead) {}

  /**
   * Answers one request, whichever server received it: {@link #httpHandler()} and {@link PushServlet}
   * both come here, so they answer alike. The body is read only once the method and the
   * credentials are right and the announced length is within the limit.
   *
   * @param announcedLength the {@code Content-Length}, or -1 when the request announces none
   */
  Answer answer(String method, @Nullable String authorization, long announcedLength, InputStream body)
      throws IOException {
    if (!method.equals("POST")) {
      return new Answer(NOT_A_POST, false);
    }
    if (!authorized(authorization)) {
      return new Answer(PushResponse.UNAUTHORIZED, false);
    }
    if (announcedLength > maxBodyBytes) {
      return new Answer(tooLarge, false);
    }
    byte[] read = body.readNBytes(maxBodyBytes + 1);
    return new Answer(accept(read), read.length <= maxBodyBytes);
  }

  /**
   * Reads and drops a refused request's body if all of it has already arrived, so the connection
   * can carry the next request, and says whether it did; never waits for more of it. The JDK's
   * server announces as available only what it has already read from the connection; a chunked
   * body's end cannot be known without waiting, so it is never drained here.
   */
  private static boolean discardArrived(HttpExchange exchange) throws IOException {
    if (exchange.getRequestHeaders().containsKey("Transfer-Encoding")) {
      return false;
    }
    // Without either header a request has no body; the server refuses an unparsable length itself.
    long length = Math.max(0, announcedLength(exchange.getRequestHeaders().getFirst("Content-Length")));
    InputStream body = exchange.getRequestBody();
    if (length > body.available()) {
      return false;
    }
    body.readNBytes((int) length);
    return true;
  }

  /**
   * The body length a request announces, or -1 when it announces none that parses. The JDK's server
   * answers an unparsable one 400 itself; should another pass one on, the bounded read still holds.
   */
  static long announcedLength(@Nullable String contentLength) {
    if (contentLength == null) {
      return -1;
    }
    try {
      return Long.parseLong(contentLength.trim());
    } catch (NumberFormatException notANumber) {
      return -1;
    }
  }

  private static void respond(HttpExchange exchange, PushResponse response) throws IOException {
    send(exchange, response).close();
  }

  /** Sends the answer's head and body, and returns the body's stream, flushed only as far as its buffer. */
  private static OutputStream send(HttpExchange exchange, PushResponse response) throws IOException {
    if (response.statusCode() == 401) {
      exchange.getResponseHeaders().set("WWW-Authenticate", PushResponse.CHALLENGE);
    }
    byte[] body = response.body().getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", PushResponse.CONTENT_TYPE);
    exchange.sendResponseHeaders(response.statusCode(), body.length);
    OutputStream out = exchange.getResponseBody();
    out.write(body);
    return out;
  }

  @Override
  public String toString() {
    return "PushReceiver{authenticated=" + (credentialsDigest != null) + ", onMessage=" + (onMessage != null)
        + ", onEvent=" + (onEvent != null) + "}";
  }

  /** Builds a {@link PushReceiver}. */
  public static final class Builder {
    private byte @Nullable [] credentialsDigest;
    private boolean unauthenticated;
    private @Nullable Callback<InboundMessage> onMessage;
    private @Nullable Callback<Event> onEvent;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    private Builder() {}

    /**
     * Requires pushes to carry these Basic auth credentials: the {@code user:pass@} of the push
     * URLs configured in Vumi Go. They are compared as UTF-8 bytes (RFC 7617), the rule the whole
     * library follows, so a user or password outside ASCII matches what Vumi Go sends.
     *
     * @param username the user; not null
     * @param password the password; not null
     * @return this builder
     */
    public Builder basicAuth(String username, String password) {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      this.credentialsDigest = sha256((username + ":" + password).getBytes(UTF_8));
      return this;
    }

    /**
     * Accepts pushes without credentials: only for push URLs that carry none, on a network where
     * nobody else can reach the receiver.
     *
     * @return this builder
     */
    public Builder withoutAuthentication() {
      this.unauthenticated = true;
      return this;
    }

    /**
     * Sets what to do with each inbound message.
     *
     * @param onMessage the callback
     * @return this builder
     */
    public Builder onMessage(Callback<InboundMessage> onMessage) {
      this.onMessage = Objects.requireNonNull(onMessage, "onMessage");
      return this;
    }

    /**
     * Sets what to do with each event.
     *
     * @param onEvent the callback
     * @return this builder
     */
    public Builder onEvent(Callback<Event> onEvent) {
      this.onEvent = Objects.requireNonNull(onEvent, "onEvent");
      return this;
    }

    /**
     * Sets the largest body accepted, in bytes: a push over it is answered 413, and no more than one
     * byte past it is read. Each request in flight holds up to this much memory.
     *
     * @param maxBodyBytes from 1024 (1 KiB: a real push has about that many bytes of fields besides
     *     its content) to 67108864 (64 MiB); {@value PushReceiver#DEFAULT_MAX_BODY_BYTES} (1 MiB)
     *     unless set
     * @return this builder
     * @throws IllegalArgumentException if {@code maxBodyBytes} is outside that range
     */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < MIN_MAX_BODY_BYTES || maxBodyBytes > MAX_MAX_BODY_BYTES) {
        throw new IllegalArgumentException("maxBodyBytes must be from " + MIN_MAX_BODY_BYTES + " to "
            + MAX_MAX_BODY_BYTES + " (1 KiB to 64 MiB), but was " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Returns the receiver.
     *
     * @return a new receiver
     * @throws IllegalStateException if neither credentials nor {@link #withoutAuthentication()}
     *     were given, or no callback was set
     */
    public PushReceiver build() {
      if (credentialsDigest == null && !unauthenticated) {
        throw new IllegalStateException("call basicAuth(username, password), or withoutAuthentication() for push"
            + " URLs that carry no credentials");
      }
      if (onMessage == null && onEvent == null) {
        throw new IllegalStateException("set onMessage, onEvent or both");
      }
      return new PushReceiver(this);
    }
  }
}
