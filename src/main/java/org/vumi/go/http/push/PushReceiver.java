package org.vumi.go.http.push;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vumi.go.http.Event;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.MalformedPushException;

/**
 * Receives what Vumi Go pushes to the application: inbound messages (to the conversation's
 * {@code push_message_url}) and events (to its {@code push_event_url}). It checks the push's Basic
 * auth, parses the body, hands the message or event to the application's callback, and says what
 * to answer: 200 when handled, 400 or 401 (with nothing handed on) when the body or the
 * credentials are wrong. One receiver can serve both URLs: it tells them apart by {@code message_type}.
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
 * // or, in any framework:
 * PushResponse answer = receiver.handle(request.getHeader("Authorization"), request.getInputStream().readAllBytes());
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads; callbacks may run on several
 * threads at once.
 */
public final class PushReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(PushReceiver.class);
  /** Parses each push once; the models are then made from the tree. */
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * What the application does with a pushed message or event. It may throw: the push is then
   * answered 500, and the exception is logged.
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

  private final byte[] credentialsDigest;
  private final Callback<InboundMessage> onMessage;
  private final Callback<Event> onEvent;

  private PushReceiver(Builder builder) {
    this.credentialsDigest = builder.credentialsDigest;
    this.onMessage = builder.onMessage;
    this.onEvent = builder.onEvent;
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
   * Handles one push, whatever serves the HTTP: checks the credentials, parses the body, calls
   * the callback.
   *
   * @param authorization the request's {@code Authorization} header, or null when it has none
   * @param body the request body
   * @return what to answer
   */
  public PushResponse handle(String authorization, byte[] body) {
    if (credentialsDigest != null && !authorized(authorization)) {
      return PushResponse.UNAUTHORIZED;
    }
    JsonNode push;
    try {
      push = MAPPER.readTree(Objects.requireNonNull(body, "body"));
    } catch (IOException e) {
      return new PushResponse(400, "push body is not valid JSON");
    }
    try {
      if (push != null && "event".equals(push.path("message_type").asText())) {
        return deliver(onEvent, Event.parse(push));
      }
      return deliver(onMessage, InboundMessage.parse(push == null ? MissingNode.getInstance() : push));
    } catch (MalformedPushException e) {
      return new PushResponse(400, e.getMessage());
    }
  }

  private static <T> PushResponse deliver(Callback<T> callback, T value) {
    if (callback == null) {
      return PushResponse.OK; // nobody asked for this kind of push: take it, so Vumi Go does not retry
    }
    try {
      callback.handle(value);
      return PushResponse.OK;
    } catch (Exception e) {
      LOG.warn("Push callback failed for {}", value, e);
      return PushResponse.CALLBACK_FAILED;
    }
  }

  /** Compares digests, so the time taken says nothing of how much of the secret matched. */
  private boolean authorized(String authorization) {
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
   * {@link #handle(String, byte[])} says, with {@code WWW-Authenticate} on a 401.
   *
   * @return the handler
   */
  public HttpHandler httpHandler() {
    return this::serve;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      PushResponse response;
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        response = new PushResponse(405, "Vumi Go pushes with POST");
      } else {
        response = handle(exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestBody().readAllBytes());
      }
      if (response.statusCode() == 401) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Vumi Go push\"");
      }
      byte[] body = response.body().getBytes(UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(response.statusCode(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public String toString() {
    return "PushReceiver{authenticated=" + (credentialsDigest != null) + ", onMessage=" + (onMessage != null)
        + ", onEvent=" + (onEvent != null) + "}";
  }

  /** Builds a {@link PushReceiver}. */
  public static final class Builder {
    private byte[] credentialsDigest;
    private boolean unauthenticated;
    private Callback<InboundMessage> onMessage;
    private Callback<Event> onEvent;

    private Builder() {}

    /**
     * Requires pushes to carry these Basic auth credentials: the {@code user:pass@} of the push
     * URLs configured in Vumi Go.
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
