package org.vumi.go.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownServiceException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vumi.go.http.Api;
import org.vumi.go.http.ClientListener;
import org.vumi.go.http.AttemptInfo;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.MockServers;
import org.vumi.go.http.OperationInfo;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.TransportException;
import org.vumi.go.http.UnexpectedResponseException;
import org.vumi.go.http.internal.RaceKit.Events;

/**
 * How an operation ends when a piece around it misbehaves or refuses (the caller's call factory,
 * interceptor or answer reader, TLS, the protocol), blocking and asynchronous alike: with a failure
 * that says whether anything may have been sent, no retry that could not help, and its turn back.
 */
@Timeout(60) // a ceiling reached only on failure: a retry on the fake clock would otherwise wait forever
class OperationEdgesTest {
  static final OkHttpClient BASE = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();

  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final FakeClock clock = new FakeClock();
  final Resources resources = new Resources.Holder().acquire();
  final Events events = new Events();
  @Nullable Engine engine;

  /**
   * Every turn comes back, and the marker lets go of every call once it has returned (it tracks
   * each call its engine's client makes, to find the call's attempt: see {@link Attempt.Marker}).
   */
  @AfterEach
  void close() {
    if (engine != null) {
      RaceKit.await(() -> engine.inFlight() == 0, () -> engine.inFlight() + " turns still held");
      assertEquals(0, engine.marker.tracked(), "calls still tracked by the marker");
      engine.close();
    }
  }

  Engine engine(OkHttpClient client, @Nullable Function<OkHttpClient, Call.Factory> calls, RetryPolicy policy) {
    return engine(client, calls, policy, events);
  }

  Engine engine(OkHttpClient client, @Nullable Function<OkHttpClient, Call.Factory> calls, RetryPolicy policy,
      ClientListener listener) {
    engine = Engine.create(new EngineConfig(client, calls, policy, 8, Duration.ofSeconds(60), listener), Api.CONTACTS,
        null, OperationEdgesTest.class, resources, clock);
    return engine;
  }

  ApiRequest<String> request(String method, boolean idempotent, byte @Nullable [] body, ApiRequest.AnswerReader<String> reader) {
    return new ApiRequest<>(method, server.url("/thing"), body, idempotent, ApiRequest.DEFAULT_ANSWER_LIMIT, reader);
  }

  ApiRequest<String> get() {
    return request("GET", true, null, OperationRaceTest::text);
  }

  ApiRequest<String> put() {
    return request("PUT", false, "{}".getBytes(StandardCharsets.UTF_8), OperationRaceTest::text);
  }

  static TransportException failure(CompletableFuture<?> future) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
    return assertInstanceOf(TransportException.class, e.getCause());
  }

  @Test
  void aPutOrPostWithoutABodySendsAnEmptyOne() throws Exception {
    Engine engine = engine(BASE, null, RetryPolicy.none());
    for (String method : List.of("PUT", "POST")) {
      server.enqueue(new MockResponse.Builder().body("ok").build());
      assertEquals("ok", engine.execute(request(method, true, null, OperationRaceTest::text)));
      RecordedRequest recorded = server.takeRequest(30, TimeUnit.SECONDS);
      assertEquals(method, recorded.getMethod());
      assertEquals("0", recorded.getHeaders().get("Content-Length"));
    }
  }

  // ---------------------------------------------------------------- the caller's pieces fail

  /** An answer reader's bug is a failure of that answer: not a retry, and the server had the request. */
  @Test
  void anAnswerReaderThatThrowsFailsTheOperation() throws Exception {
    ApiRequest.AnswerReader<String> buggy = answer -> {
      throw new IllegalStateException("reader bug");
    };
    Engine engine = engine(BASE, null, RetryPolicy.defaults());
    server.enqueue(new MockResponse.Builder().body("ok").build());
    TransportException async = failure(engine.enqueue(request("PUT", false, new byte[] {'{', '}'}, buggy)));
    assertTrue(async.getMessage().contains("failed reading the answer: java.lang.IllegalStateException: reader bug;"
        + " it was not sent again"), async.getMessage());
    assertTrue(async.mayHaveBeenSent());
    assertEquals(1, async.attempts());
    server.enqueue(new MockResponse.Builder().body("ok").build());
    TransportException blocking = assertThrows(TransportException.class,
        () -> engine.execute(request("PUT", false, new byte[] {'{', '}'}, buggy)));
    assertTrue(blocking.getMessage().contains("failed reading the answer: java.lang.IllegalStateException: reader bug"),
        blocking.getMessage());
    assertTrue(blocking.mayHaveBeenSent());
    assertEquals(1, blocking.attempts());
    assertEquals(2, server.getRequestCount(), "neither was sent again");
  }

  /** A call factory that throws starts nothing: nothing sent, the turn given back. */
  @Test
  void aCallFactoryThatThrowsSendsNothing() throws Exception {
    Engine engine = engine(BASE, client -> request -> {
      throw new IllegalStateException("factory bug");
    }, RetryPolicy.none());
    TransportException async = failure(engine.enqueue(get()));
    assertTrue(async.getMessage().contains("could not start: java.lang.IllegalStateException: factory bug;"
        + " nothing was sent"), async.getMessage());
    assertFalse(async.mayHaveBeenSent());
    TransportException blocking = assertThrows(TransportException.class, () -> engine.execute(get()));
    assertTrue(blocking.getMessage().contains("could not start: java.lang.IllegalStateException: factory bug"),
        blocking.getMessage());
    assertFalse(blocking.mayHaveBeenSent());
    assertEquals(0, engine.inFlight());
    assertEquals(0, server.getRequestCount());
  }

  /**
   * A bug is not a network's failure: a reader or a call factory that throws ends even an idempotent
   * request at once, with the same words, blocking or not (the blocking path retried them).
   */
  @Test
  void aBugEndsAnIdempotentRequestAtOnceOnBothPaths() throws Exception {
    RetryPolicy retrying = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ZERO)
        .maxBackoff(Duration.ZERO).build();
    ApiRequest.AnswerReader<String> buggy = answer -> {
      throw new IllegalStateException("reader bug");
    };
    Engine readers = engine(BASE, null, retrying);
    server.enqueue(new MockResponse.Builder().body("ok").build());
    TransportException async = failure(readers.enqueue(request("GET", true, null, buggy)));
    server.enqueue(new MockResponse.Builder().body("ok").build());
    TransportException blocking = assertThrows(TransportException.class,
        () -> readers.execute(request("GET", true, null, buggy)));
    for (TransportException e : List.of(async, blocking)) {
      assertTrue(e.getMessage().contains("failed reading the answer: java.lang.IllegalStateException: reader bug;"
          + " it was not sent again"), e.getMessage());
      assertTrue(e.mayHaveBeenSent());
      assertEquals(1, e.attempts());
    }
    assertEquals(2, server.getRequestCount(), "neither was sent again");

    int[] made = {0};
    Engine factories = engine(BASE, client -> request -> {
      made[0]++;
      throw new IllegalStateException("factory bug");
    }, retrying);
    TransportException asyncStart = failure(factories.enqueue(get()));
    TransportException blockingStart = assertThrows(TransportException.class, () -> factories.execute(get()));
    for (TransportException e : List.of(asyncStart, blockingStart)) {
      assertTrue(e.getMessage().contains("could not start: java.lang.IllegalStateException: factory bug;"
          + " nothing was sent"), e.getMessage());
      assertFalse(e.mayHaveBeenSent());
      assertEquals(1, e.attempts());
    }
    assertEquals(2, made[0], "one call asked for each");
    assertEquals(0, factories.inFlight());
  }

  /** A TransportException the caller's interceptor throws is the caller's own: passed on as it is, not retried. */
  @Test
  void aTransportExceptionFromAnInterceptorIsPassedOnAsItIs() {
    TransportException own = new TransportException("circuit open", null, 0, false, null);
    OkHttpClient breaker = BASE.newBuilder().addInterceptor(chain -> {
      throw own;
    }).build();
    Engine engine = engine(breaker, null, RetryPolicy.none());
    assertSame(own, assertThrows(TransportException.class, () -> engine.execute(get())));
    assertSame(own, failure(engine.enqueue(get())));
    assertEquals(0, server.getRequestCount());
  }

  /** A blocking send on a pool's thread meets the same failures as anywhere: an unchecked one from an interceptor. */
  @Test
  void anUncheckedFailureOfABlockingSendOnAPoolsThreadIsATransportFailure() throws Exception {
    OkHttpClient throwing = BASE.newBuilder().addInterceptor(chain -> {
      throw new IllegalStateException("interceptor bug");
    }).build();
    Engine engine = engine(throwing, null, RetryPolicy.none());
    TransportException e = onAPoolsThread(() -> engine.execute(get()));
    assertTrue(e.getMessage().contains("the HTTP layer failed: java.lang.IllegalStateException: interceptor bug"),
        e.getMessage());
    assertFalse(e.mayHaveBeenSent());
    assertEquals(0, server.getRequestCount());
  }

  /** A caller's call that returns no response (a Java wrapper can) is a failure, not a NullPointerException. */
  @Test
  void aCallThatReturnsNoResponseIsAFailure() throws Exception {
    Engine engine = engine(BASE, client -> request -> noAnswer(client.newCall(request)), RetryPolicy.none());
    TransportException e = onAPoolsThread(() -> engine.execute(get()));
    assertTrue(e.getMessage().contains("the call ended without an answer"), e.getMessage());
    assertFalse(e.mayHaveBeenSent());
  }

  static Call noAnswer(Call real) {
    return (Call) Proxy.newProxyInstance(Call.class.getClassLoader(), new Class<?>[] {Call.class}, (proxy, method, args) -> {
      if (method.getName().equals("execute")) {
        return null;
      }
      try {
        return method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  static TransportException onAPoolsThread(java.util.concurrent.Callable<String> send) throws Exception {
    ForkJoinPool pool = new ForkJoinPool(1);
    try {
      ExecutionException e = assertThrows(ExecutionException.class, () -> pool.submit(send).get(30, TimeUnit.SECONDS));
      Throwable cause = e.getCause();
      while (cause != null && !(cause instanceof TransportException)) {
        cause = cause.getCause(); // ForkJoinPool wraps what a Callable throws, once or twice
      }
      return assertInstanceOf(TransportException.class, cause, String.valueOf(e));
    } finally {
      pool.shutdown();
    }
  }

  // ---------------------------------------------------------------- failures no retry can heal

  /** A server that answers TLS's greeting in plain HTTP: the handshake fails the same way every time. */
  @Test
  void tlsToAServerThatSpeaksNoneIsNotRetried() throws Exception {
    try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread answering = new Thread(() -> {
        for (int i = 0; i < 3; i++) { // one connection is expected; more would be retries
          try (Socket socket = plain.accept()) {
            socket.getInputStream().read(new byte[512]); // the client's hello: read, so that closing resets nothing
            socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream()); // until the client closes
          } catch (IOException closed) {
            return;
          }
        }
      }, "plain HTTP server");
      answering.setDaemon(true);
      answering.start();
      Engine engine = engine(BASE, null, RetryPolicy.defaults());
      ApiRequest<String> https = new ApiRequest<>("GET", okhttp3.HttpUrl.get("https://127.0.0.1:" + plain.getLocalPort()
          + "/thing"), null, true, ApiRequest.DEFAULT_ANSWER_LIMIT, OperationRaceTest::text);
      TransportException e = assertThrows(TransportException.class, () -> engine.execute(https));
      assertInstanceOf(SSLException.class, e.getCause(), String.valueOf(e.getCause()));
      assertEquals(1, e.attempts());
      assertFalse(e.mayHaveBeenSent());
    }
  }

  @Test
  void cleartextTheClientRefusesIsNotRetried() {
    OkHttpClient tlsOnly = BASE.newBuilder().connectionSpecs(List.of(ConnectionSpec.MODERN_TLS)).build();
    Engine engine = engine(tlsOnly, null, RetryPolicy.defaults());
    TransportException e = assertThrows(TransportException.class, () -> engine.execute(get()));
    assertInstanceOf(UnknownServiceException.class, e.getCause());
    assertEquals(1, e.attempts());
    assertFalse(e.mayHaveBeenSent());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void anAnswerThatBreaksTheProtocolIsNotRetried() {
    server.enqueue(new MockResponse.Builder().status("HTTP/1.1 20 OK").build());
    server.enqueue(new MockResponse.Builder().body("ok").build());
    Engine engine = engine(BASE, null, RetryPolicy.defaults());
    TransportException e = assertThrows(TransportException.class, () -> engine.execute(get()));
    assertInstanceOf(ProtocolException.class, e.getCause(), String.valueOf(e.getCause()));
    assertEquals(1, e.attempts());
    assertTrue(e.mayHaveBeenSent());
    assertEquals(1, server.getRequestCount());
  }

  /**
   * A socket timeout met after the request went out, with no body to write (an interceptor that
   * reads the answer further, say), is a read timeout.
   */
  @Test
  void aSocketTimeoutAfterABodilessRequestWentOutIsAReadTimeout() {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    OkHttpClient slowReader = BASE.newBuilder().addInterceptor(chain -> {
      chain.proceed(chain.request()).close();
      throw new java.net.SocketTimeoutException("timeout reading the rest");
    }).build();
    Engine engine = engine(slowReader, null, RetryPolicy.none());
    TransportException e = assertThrows(TransportException.class, () -> engine.execute(get()));
    assertEquals(TransportException.Timeout.READ, e.timeout());
    assertTrue(e.getMessage().contains("(no answer within the read timeout of 30000 ms)"), e.getMessage());
    assertTrue(e.mayHaveBeenSent());
  }

  // ---------------------------------------------------------------- what the listener is told

  /** A 2xx the reader refuses was processed, a 4xx refusal was not: the listener is told which. */
  @Test
  void theListenerKnowsWhetherARefusedAnswerWasProcessed() throws Exception {
    ApiRequest.AnswerReader<String> strict = answer -> {
      if (answer.isSuccessful()) {
        throw new UnexpectedResponseException("not the JSON expected", answer.code());
      }
      throw answer.refusal();
    };
    server.enqueue(new MockResponse.Builder().body("<html>").build());
    server.enqueue(new MockResponse.Builder().code(404).build());
    Engine engine = engine(BASE, null, RetryPolicy.defaults());
    assertThrows(UnexpectedResponseException.class, () -> engine.execute(request("GET", true, null, strict)));
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> engine.enqueue(request("GET", true, null, strict)).get(30, TimeUnit.SECONDS));
    assertInstanceOf(HttpApiException.class, refused.getCause());
    RaceKit.await(() -> events.operations.size() == 2, events.seen::toString);
    OperationInfo unexpected = events.operations.get(0);
    assertTrue(unexpected.mayHaveBeenSent(), "a 2xx: the server did it");
    OperationInfo notFound = events.operations.get(1);
    assertFalse(notFound.mayHaveBeenSent(), "a 404 refusal: nothing was done");
    AttemptInfo attempt = events.attemptsEnded.get(1);
    assertEquals(404, attempt.status().orElseThrow());
  }

  /** What a listener throws is logged and dropped, but a VirtualMachineError is not the listener's to swallow. */
  @Test
  void aVirtualMachineErrorFromTheListenerIsNotSwallowed() {
    ClientListener overflowing = new ClientListener() {
      @Override
      public void attemptStarted(AttemptInfo attempt) {
        throw new StackOverflowError("the listener's");
      }
    };
    Engine engine = engine(BASE, null, RetryPolicy.none(), overflowing);
    StackOverflowError e = assertThrows(StackOverflowError.class, () -> engine.execute(get()));
    assertEquals("the listener's", e.getMessage());
    assertEquals(0, engine.inFlight());
    assertEquals(0, server.getRequestCount());
  }

  // ---------------------------------------------------------------- the marker

  /** A request made on the engine's client directly, not by the engine, is left as OkHttp sees it. */
  @Test
  void theMarkerLeavesRequestsTheEngineDidNotMakeAlone() throws Exception {
    Engine engine = engine(BASE, null, RetryPolicy.none());
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "7").build());
    try (Response response = engine.client().newCall(new Request.Builder().url(server.url("/raw")).build()).execute()) {
      assertEquals(503, response.code());
      assertEquals("7", response.header("Retry-After"), "not moved aside");
    }
  }

  /** Only a number of seconds is moved out of OkHttp's sight; anything else it ignores anyway. */
  @Test
  void aRetryAfterThatIsNotANumberIsLeftWhereItIs() throws Exception {
    Engine engine = engine(BASE, null, RetryPolicy.none());
    for (String retryAfter : List.of(" ", "-1", "1.5", "Wed, 21 Oct 2015 07:28:00 GMT")) {
      server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", retryAfter).build());
      Attempt attempt = new Attempt(1, 0);
      Call call = engine.client().newCall(new Request.Builder().url(server.url("/raw")).build());
      engine.marker.track(call, attempt);
      try (Response response = call.execute()) {
        assertEquals(503, response.code());
        assertEquals(retryAfter.strip(), response.header("Retry-After"), retryAfter);
      } finally {
        engine.marker.untrack(call);
      }
      assertEquals(null, attempt.retryAfter, retryAfter);
      assertTrue(attempt.requestStarted);
    }
    Attempt atZero = new Attempt(1, 0);
    atZero.end(0);
    assertEquals(1, atZero.endNanos, "a clock at 0 still marks the end");
    assertEquals(1, atZero.duration(5));
  }
}
