package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Interceptor;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The server reads a PUT on a kept-alive connection and then drops the connection without
 * answering. Plain OkHttp sends the request again; the sender must not.
 */
class AtMostOnceTest {
  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final OkHttpClient client = new OkHttpClient();

  void enqueueAnsweredThenDroppedThenAnswered() {
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
  }

  /** Shows that the scenario below is the real hazard: OkHttp on its own delivers the PUT twice. */
  @Test
  void plainOkHttpSendsTheDroppedRequestAgain() throws Exception {
    enqueueAnsweredThenDroppedThenAnswered();
    for (int i = 0; i < 2; i++) {
      Request put = new Request.Builder().url(server.url("/conv-key/messages.json"))
          .put(RequestBody.create("{\"to_addr\":\"+27\",\"content\":\"" + i + "\"}", MediaType.get("application/json")))
          .build();
      try (Response response = client.newCall(put).execute()) {
        assertEquals(200, response.code());
      }
    }
    assertEquals(3, server.getRequestCount(), "OkHttp retried the dropped PUT");
    server.takeRequest();
    assertEquals(server.takeRequest(30, TimeUnit.SECONDS).getBody(), server.takeRequest(30, TimeUnit.SECONDS).getBody());
  }

  @Test
  void senderNeverSendsAMessageTwice() throws Exception {
    enqueueAnsweredThenDroppedThenAnswered();
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), client);
    sender.sendText("+27", "first");
    IOException e = assertThrows(IOException.class, () -> sender.sendText("+27", "second"));
    assertTrue(e.getMessage().contains("may or may not have received it"), e.getMessage());
    assertEquals(2, server.getRequestCount(), "the dropped message was sent again");
  }

  @Test
  void metricsAreNotRepeatedEither() throws Exception {
    enqueueAnsweredThenDroppedThenAnswered();
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), client);
    sender.sendText("+27", "first");
    assertThrows(IOException.class, () -> sender.fireMetric("m", 1));
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void redirectsAreNotFollowedWithTheMessage() throws Exception {
    server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", server.url("/elsewhere")).build());
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), client);
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender.sendText("+27", "hi"));
    assertEquals(307, e.statusCode());
    assertEquals(1, server.getRequestCount());
  }

  /** An application interceptor of the kind shared clients carry: it retries on IOException. */
  static final Interceptor RETRY_ON_IO_EXCEPTION = chain -> {
    try {
      return chain.proceed(chain.request());
    } catch (IOException first) {
      return chain.proceed(chain.request());
    }
  };

  /** And one that retries on 5xx. */
  static final Interceptor RETRY_ON_5XX = chain -> {
    Response response = chain.proceed(chain.request());
    if (response.code() < 500) {
      return response;
    }
    response.close();
    return chain.proceed(chain.request());
  };

  @Test
  void aCallersRetryingInterceptorCannotSendAMessageTwice() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    OkHttpClient retrying = client.newBuilder().addInterceptor(RETRY_ON_IO_EXCEPTION).build();
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), retrying);
    TransportException e = assertThrows(TransportException.class, () -> sender.sendText("+27", "pay R100 to 1234"));
    assertTrue(e.mayHaveBeenSent());
    assertTrue(e.getMessage().contains("may or may not have received it"), e.getMessage());
    assertEquals(1, server.getRequestCount(), "the interceptor sent the message again");
  }

  /** A call as tracing wraps one: the wrapper is what the engine holds; the client's call runs inside it. */
  static final class Traced implements Call {
    private final Call inner;

    Traced(Call inner) {
      this.inner = inner;
    }

    @Override
    public Request request() {
      return inner.request();
    }

    @Override
    public Response execute() throws IOException {
      return inner.execute();
    }

    @Override
    public void enqueue(okhttp3.Callback callback) {
      inner.enqueue(callback);
    }

    @Override
    public void cancel() {
      inner.cancel();
    }

    @Override
    public boolean isExecuted() {
      return inner.isExecuted();
    }

    @Override
    public boolean isCanceled() {
      return inner.isCanceled();
    }

    @Override
    public okio.Timeout timeout() {
      return inner.timeout();
    }

    @Override
    public <T> T tag(kotlin.reflect.KClass<T> type) {
      return inner.tag(type);
    }

    @Override
    public <T> T tag(Class<? extends T> type) {
      return inner.tag(type);
    }

    @Override
    public <T> T tag(kotlin.reflect.KClass<T> type, kotlin.jvm.functions.Function0<? extends T> computeIfAbsent) {
      return inner.tag(type, computeIfAbsent);
    }

    @Override
    public <T> T tag(Class<T> type, kotlin.jvm.functions.Function0<? extends T> computeIfAbsent) {
      return inner.tag(type, computeIfAbsent);
    }

    @Override
    public Call clone() {
      return new Traced(inner.clone());
    }
  }

  /**
   * Through a caller's {@code Call.Factory} (tracing wraps the client so), the engine never sees the
   * call that goes to the network, and finds how far each attempt got by its request's tag instead:
   * the same guarantees, blocking and asynchronous.
   */
  @Test
  void throughACallersCallFactoryAMessageIsNeverSentTwiceEither() throws Exception {
    AtomicInteger wrapped = new AtomicInteger();
    Function<OkHttpClient, Call.Factory> tracing = base -> request -> {
      wrapped.incrementAndGet();
      return new Traced(base.newCall(request));
    };
    HttpApiSender sender = HttpApiSender.builder("acc-key", "conv-key", "conv-token").apiUrl(server.url("/").toString())
        .client(client).callFactory(tracing).build();
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    sender.sendText("+27", "first");
    TransportException dropped = assertThrows(TransportException.class, () -> sender.sendText("+27", "second"));
    assertTrue(dropped.mayHaveBeenSent(), dropped.getMessage());
    assertEquals(2, server.getRequestCount(), "the dropped message was sent again");

    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    sender.sendAsync(OutboundMessage.text("+27", "third")).get(30, TimeUnit.SECONDS);
    ExecutionException async = assertThrows(ExecutionException.class,
        () -> sender.sendAsync(OutboundMessage.text("+27", "fourth")).get(30, TimeUnit.SECONDS));
    assertTrue(assertInstanceOf(TransportException.class, async.getCause()).mayHaveBeenSent());
    assertEquals(4, server.getRequestCount(), "the dropped message was sent again");

    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    HttpApiSender retrying = HttpApiSender.builder("acc-key", "conv-key", "conv-token")
        .apiUrl(server.url("/").toString()).client(client.newBuilder().addInterceptor(RETRY_ON_IO_EXCEPTION).build())
        .callFactory(tracing).build();
    TransportException e = assertThrows(TransportException.class, () -> retrying.sendText("+27", "pay R100 to 1234"));
    assertTrue(e.mayHaveBeenSent());
    assertEquals(5, server.getRequestCount(), "the interceptor sent the message again");
    assertEquals(5, wrapped.get(), "every call went through the caller's factory");
  }

  @Test
  void aRetryOn5xxInterceptorCannotSendAMessageTwiceEither() throws Exception {
    server.enqueue(new MockResponse.Builder().code(502).body("bad gateway").build());
    OkHttpClient retrying = client.newBuilder().addInterceptor(RETRY_ON_5XX).build();
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), retrying);
    TransportException e = assertThrows(TransportException.class, () -> sender.sendText("+27", "pay R100 to 1234"));
    assertTrue(e.mayHaveBeenSent());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void redirectsOfEveryKindAreRefusalsNotFollowed() throws Exception {
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), client);
    for (int code : new int[] {301, 302, 303, 307, 308}) {
      server.enqueue(new MockResponse.Builder().code(code).setHeader("Location", server.url("/elsewhere")).build());
      HttpApiException e = assertThrows(HttpApiException.class, () -> sender.sendText("+27", "hi"));
      assertEquals(code, e.statusCode());
    }
    assertEquals(5, server.getRequestCount(), "no redirect was followed");
    for (int i = 0; i < 5; i++) {
      assertEquals("PUT", server.takeRequest().getMethod());
    }
  }

  @Test
  void aRetryAfterTooLargeForOkHttpIsStillAnHttpRefusal() throws Exception {
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), client);
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "99999999999").body("later").build());
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender.sendText("+27", "hi"));
    assertEquals(503, e.statusCode());
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "99999999999").body("later").build());
    ExecutionException async = assertThrows(ExecutionException.class,
        () -> sender.sendAsync(OutboundMessage.text("+27", "hi")).get(30, TimeUnit.SECONDS));
    assertEquals(503, assertInstanceOf(HttpApiException.class, async.getCause()).statusCode());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void aTlsFailureIsNotRetried() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket plain = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (true) {
          try (Socket socket = plain.accept()) {
            connections.incrementAndGet();
            socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          } catch (IOException closed) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      HttpApiSender sender = HttpApiSender.builder("acc-key", "conv-key", "conv-token")
          .apiUrl("https://127.0.0.1:" + plain.getLocalPort() + "/").client(client)
          .retryPolicy(RetryPolicy.builder().initialBackoff(java.time.Duration.ofMillis(1)).build()).build();
      TransportException e = assertThrows(TransportException.class, () -> sender.sendText("+27", "hi"));
      assertInstanceOf(SSLException.class, e.getCause());
      assertEquals(1, e.attempts());
      assertFalse(e.mayHaveBeenSent());
      assertEquals(1, connections.get(), "a TLS handshake that failed once fails every time");
    }
  }

  @Test
  void aLoggingInterceptorMayCopyTheBody() throws Exception {
    StringBuilder logged = new StringBuilder();
    Interceptor copying = chain -> {
      okio.Buffer copy = new okio.Buffer();
      chain.request().body().writeTo(copy);
      logged.append(copy.readUtf8());
      return chain.proceed(chain.request());
    };
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    for (OkHttpClient logging : new OkHttpClient[] {client.newBuilder().addInterceptor(copying).build(),
        client.newBuilder().addNetworkInterceptor(copying).build()}) {
      new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), logging).sendText("+27", "hi");
    }
    assertEquals("{\"to_addr\":\"+27\",\"content\":\"hi\"}".repeat(2), logged.toString());
    assertEquals(2, server.getRequestCount());
  }

  /**
   * OkHttp checks a pooled connection's health only after 10 s idle; a server that closed it
   * sooner turns the next send into "may or may not have been sent". The default client closes
   * idle connections before common servers' keep-alive (5 s) runs out. Rather than wait 4.6 s, the
   * pool's own clean-up is run as of 3 s from now, which must keep the connection, and then as of
   * 4.6 s from now (OkHttp's internal hook, as its clean-up task calls it).
   */
  @Test
  void theDefaultClientDoesNotReuseAConnectionIdleLongerThanServersKeepIt() throws Exception {
    for (int i = 0; i < 4; i++) {
      server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    }
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), null);
    // The default client every engine shares: this engine's, as long as either holds its lease.
    try (org.vumi.go.http.internal.Engine engine = org.vumi.go.http.internal.Engine.create(
        org.vumi.go.http.internal.EngineConfig.defaults(), Api.CONVERSATION, null, AtMostOnceTest.class)) {
      okhttp3.ConnectionPool pool = engine.client().connectionPool();
      sender.sendText("+27", "first");
      sender.sendText("+27", "soon after");
      closeIdleAsOf(pool, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3_000));
      sender.sendText("+27", "after 3 s idle");
      closeIdleAsOf(pool, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(4_600));
      sender.sendText("+27", "after 4.6 s idle");
    }
    int first = server.takeRequest().getConnectionIndex();
    assertEquals(first, server.takeRequest().getConnectionIndex(), "a connection in use is reused");
    assertEquals(first, server.takeRequest().getConnectionIndex(), "a connection idle 3 s is reused");
    assertTrue(server.takeRequest().getConnectionIndex() != first, "a connection idle 4.6 s was reused");
  }

  /**
   * Runs the pool's clean-up as its task would at {@code now}: {@code RealConnectionPool.closeConnections},
   * reached by reflection (the package is OkHttp's internal one), closes one connection a run.
   */
  private static void closeIdleAsOf(okhttp3.ConnectionPool pool, long now) throws Exception {
    Object real = okhttp3.ConnectionPool.class.getMethod("getDelegate$okhttp").invoke(pool);
    java.lang.reflect.Method closeConnections = real.getClass().getMethod("closeConnections", long.class);
    while ((long) closeConnections.invoke(real, now) == 0) {
      // another connection to close
    }
  }
}
