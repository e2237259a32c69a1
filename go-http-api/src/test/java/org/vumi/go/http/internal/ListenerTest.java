package org.vumi.go.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.Api;
import org.vumi.go.http.AttemptInfo;
import org.vumi.go.http.ClientListener;
import org.vumi.go.http.MockServers;
import org.vumi.go.http.OperationInfo;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.TransportException;

/**
 * What a listener and the log see: every attempt, retry and outcome, from threads that hold no turn
 * and are neither OkHttp's nor the timer's, and never a credential.
 */
class ListenerTest {
  static final String TOKEN = "conv-token-s3cret";
  static final String AUTHORIZATION = Credentials.basic("acc-key", TOKEN, StandardCharsets.UTF_8);
  static final String TOO_MANY = "<html><body><p>Too many concurrent connections</p></body></html>";
  static final String MESSAGE = "{\"message_id\": \"4802dff631854967a4e27cca50f73e6b\", \"content\": \"hi\"}";

  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final OkHttpClient client = new OkHttpClient();
  final RetryPolicy quick = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).build();

  /** Records every call, with the arguments' toString() and what held at the time. */
  static final class Recording implements ClientListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Object> arguments = new CopyOnWriteArrayList<>();
    final List<String> wrongPlaces = new CopyOnWriteArrayList<>();
    volatile Engine engine;

    private void record(String event, Object... args) {
      events.add(event);
      arguments.addAll(Arrays.asList(args));
      String thread = Thread.currentThread().getName();
      if (thread.startsWith("OkHttp") || thread.startsWith("go-http-api timer")) {
        wrongPlaces.add(event + " on " + thread);
      }
      if (engine != null && engine.inFlight() != 0) {
        wrongPlaces.add(event + " while a turn was held");
      }
    }

    @Override
    public void attemptStarted(AttemptInfo attempt) {
      record("attemptStarted " + attempt.attempt(), attempt);
    }

    @Override
    public void attemptEnded(AttemptInfo attempt) {
      record("attemptEnded " + attempt.attempt() + " " + (attempt.status().isPresent() ? attempt.status().getAsInt()
          : attempt.failure().map(e -> e.getClass().getSimpleName()).orElse("?")), attempt);
    }

    @Override
    public void retryScheduled(AttemptInfo attempt, Duration wait) {
      record("retryScheduled " + attempt.attempt(), attempt, wait);
    }

    @Override
    public void operationEnded(OperationInfo operation) {
      record("operationEnded " + operation.attempts() + " " + (operation.succeeded() ? "succeeded" : "failed"), operation);
    }
  }

  Engine engine(ClientListener listener, Class<?> owner, int maxInFlight, Duration deadline) {
    return Engine.create(new EngineConfig(client, null, quick, maxInFlight, deadline, listener), Api.CONVERSATION,
        AUTHORIZATION, owner);
  }

  ApiRequest<String> sendText() {
    HttpUrl url = server.url("/conv-key/messages.json").newBuilder().addQueryParameter("cursor", "abc").build();
    byte[] body = "{\"to_addr\":\"+27\",\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
    return new ApiRequest<>("PUT", url, body, false, ApiRequest.DEFAULT_ANSWER_LIMIT, answer -> {
      if (!answer.isSuccessful()) {
        throw answer.refusal();
      }
      return answer.text();
    }).named("sendText");
  }

  void enqueueRetriedOnce() {
    server.enqueue(new MockResponse.Builder().code(403).setHeader("Content-Type", "text/html").body(TOO_MANY).build());
    server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(MESSAGE).build());
  }

  static void noSecretIn(List<Object> arguments) {
    for (Object argument : arguments) {
      String text = argument.toString();
      assertFalse(text.contains(TOKEN) || text.contains(AUTHORIZATION) || text.contains(AUTHORIZATION.substring(6))
          || text.contains("Basic"), text);
    }
  }

  @Test
  void aListenerSeesEveryAttemptRetryAndOutcomeOfASendRetriedOnce() throws Exception {
    for (boolean async : new boolean[] {false, true}) {
      enqueueRetriedOnce();
      Recording listener = new Recording();
      Engine engine = engine(listener, ListenerTest.class, 8, Duration.ofSeconds(60));
      listener.engine = engine;
      String answer = async ? engine.enqueue(sendText()).get(30, TimeUnit.SECONDS) : engine.execute(sendText());
      assertEquals(MESSAGE, answer);
      assertEquals(List.of("attemptStarted 1", "attemptEnded 1 403", "retryScheduled 1", "attemptStarted 2",
          "attemptEnded 2 200", "operationEnded 2 succeeded"), listener.events, async ? "async" : "blocking");
      assertEquals(List.of(), listener.wrongPlaces);
      noSecretIn(listener.arguments);
      AttemptInfo ended = (AttemptInfo) listener.arguments.get(1);
      assertEquals(Api.CONVERSATION, ended.api());
      assertEquals("sendText", ended.operation());
      assertEquals("PUT", ended.method());
      assertEquals("/conv-key/messages.json", ended.path(), "the path only: no query");
      assertEquals(OptionalInt.of(403), ended.status());
      assertEquals(Optional.empty(), ended.failure());
      assertFalse(ended.duration().isNegative());
      Duration wait = (Duration) listener.arguments.get(3);
      assertTrue(wait.compareTo(Duration.ofMillis(1)) <= 0, wait.toString());
      OperationInfo operation = (OperationInfo) listener.arguments.get(listener.arguments.size() - 1);
      assertEquals(new OperationInfo(Api.CONVERSATION, "sendText", "PUT", "/conv-key/messages.json", 2, true,
          Optional.empty(), true, operation.duration()), operation);
      engine.close();
    }
  }

  @Test
  void aListenerSeesFailuresTheDeadlineAndTheCallersCancel() throws Exception {
    Recording listener = new Recording();
    // The deadline comes from a clock the test moves once the stalled request has reached the
    // server: so the request was certainly written before it, however slow the machine. The clock
    // moves on a thread named as the timer's, where no listener call may run.
    FakeClock clock = new FakeClock();
    Engine engine = Engine.create(new EngineConfig(client, null, quick, 1, Duration.ofMillis(300), listener),
        Api.CONVERSATION, AUTHORIZATION, ListenerTest.class, Resources.SHARED.acquire(), clock);
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    CompletableFuture<String> stalled = engine.enqueue(sendText());
    CompletableFuture<String> cancelled = engine.enqueue(sendText());
    cancelled.cancel(true);
    assertNotNull(server.takeRequest(30, TimeUnit.SECONDS), "the stalled request reached the server");
    Thread timer = new Thread(() -> clock.advance(Duration.ofMillis(300)), "go-http-api timer (the test's clock)");
    timer.start();
    timer.join();
    ExecutionException e = assertThrows(ExecutionException.class, () -> stalled.get(30, TimeUnit.SECONDS));
    assertEquals(TransportException.Timeout.DEADLINE, ((TransportException) e.getCause()).timeout());
    DeadlinesTest.awaitTrue(() -> listener.events.stream().filter(event -> event.startsWith("operationEnded")).count() == 2,
        () -> listener.events.toString());
    List<String> cancelledEvents = List.of("attemptStarted 1", "attemptEnded 1 CancellationException", "operationEnded 0 failed");
    List<String> events = new ArrayList<>(listener.events);
    assertTrue(events.containsAll(cancelledEvents), events.toString());
    // the deadline's own failure, or the HTTP client's for the call it cancelled, whichever came first
    assertTrue(events.contains("attemptEnded 1 TransportException") || events.contains("attemptEnded 1 SocketException")
        || events.contains("attemptEnded 1 IOException"), events.toString());
    assertTrue(events.contains("operationEnded 1 failed"), events.toString());
    assertEquals(6, events.size(), events.toString());
    List<OperationInfo> operations = listener.arguments.stream().filter(OperationInfo.class::isInstance)
        .map(OperationInfo.class::cast).collect(Collectors.toList());
    OperationInfo cancelledInfo = operations.stream().filter(info -> info.attempts() == 0).findFirst().orElseThrow();
    assertInstanceOf(CancellationException.class, cancelledInfo.failure().orElseThrow());
    assertFalse(cancelledInfo.mayHaveBeenSent());
    OperationInfo deadline = operations.stream().filter(info -> info.attempts() == 1).findFirst().orElseThrow();
    assertTrue(deadline.mayHaveBeenSent(), "the request was written before the deadline");
    assertEquals(List.of(), listener.wrongPlaces.stream().filter(place -> !place.contains("turn")).toList());
    noSecretIn(listener.arguments);
  }

  @Test
  void aListenerThatThrowsChangesNoOutcome() throws Exception {
    ClientListener broken = new ClientListener() {
      @Override
      public void attemptStarted(AttemptInfo attempt) {
        throw new IllegalStateException("bug in attemptStarted");
      }

      @Override
      public void attemptEnded(AttemptInfo attempt) {
        throw new AssertionError("bug in attemptEnded");
      }

      @Override
      public void retryScheduled(AttemptInfo attempt, Duration wait) {
        throw new IllegalStateException("bug in retryScheduled");
      }

      @Override
      public void operationEnded(OperationInfo operation) {
        throw new AssertionError("bug in operationEnded");
      }
    };
    for (boolean async : new boolean[] {false, true}) {
      enqueueRetriedOnce();
      Engine engine = engine(broken, ListenerTest.class, 8, Duration.ofSeconds(60));
      assertEquals(MESSAGE, async ? engine.enqueue(sendText()).get(30, TimeUnit.SECONDS) : engine.execute(sendText()));
    }
    assertEquals(4, server.getRequestCount());
  }

  @Test
  void composedListenersAreEachCalledInOrderWhateverOneThrows() {
    List<String> calls = new ArrayList<>();
    ClientListener first = new ClientListener() {
      @Override
      public void operationEnded(OperationInfo operation) {
        calls.add("first");
        throw new IllegalStateException("first failed");
      }
    };
    ClientListener second = new ClientListener() {
      @Override
      public void operationEnded(OperationInfo operation) {
        calls.add("second");
        throw new AssertionError("second failed");
      }
    };
    ClientListener third = new ClientListener() {
      @Override
      public void operationEnded(OperationInfo operation) {
        calls.add("third");
      }
    };
    ClientListener all = ClientListener.compose(first, second, third);
    OperationInfo info = new OperationInfo(Api.METRICS, "fire", "POST", "/metrics/", 1, true, Optional.empty(), true,
        Duration.ZERO);
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> all.operationEnded(info));
    assertEquals("first failed", thrown.getMessage());
    assertEquals("second failed", thrown.getSuppressed()[0].getMessage());
    assertEquals(List.of("first", "second", "third"), calls);
    AssertionError alone = assertThrows(AssertionError.class, () -> ClientListener.compose(second).operationEnded(info));
    assertEquals("second failed", alone.getMessage());
    AttemptInfo attempt = new AttemptInfo(Api.METRICS, "fire", "POST", "/metrics/", 1, OptionalInt.empty(),
        Optional.empty(), Duration.ZERO);
    ClientListener quiet = ClientListener.compose(ClientListener.noop(), third);
    quiet.attemptStarted(attempt);
    quiet.attemptEnded(attempt);
    quiet.retryScheduled(attempt, Duration.ofSeconds(1));
    quiet.operationEnded(info);
    assertEquals(List.of("first", "second", "third", "second", "third"), calls);
    assertEquals("listeners[1] must not be null",
        assertThrows(NullPointerException.class, () -> ClientListener.compose(first, null)).getMessage());
    assertEquals("listeners must not be null",
        assertThrows(NullPointerException.class, () -> ClientListener.compose((ClientListener[]) null)).getMessage());
    assertTrue(all.toString().startsWith("ClientListener.compose["), all.toString());
    assertEquals("ClientListener.noop()", ClientListener.noop().toString());
  }

  /** Owns its own logger, so that its level can be set here: one DEBUG line per attempt, one WARN per retry. */
  static final class LoggedClient {
  }

  @Test
  void theLogHasALinePerAttemptAndAWarningPerRetryAndNoSecret() throws Exception {
    System.setProperty("org.slf4j.simpleLogger.log." + LoggedClient.class.getName(), "debug");
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> lines;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      for (boolean async : new boolean[] {false, true}) {
        enqueueRetriedOnce();
        Engine engine = engine(ClientListener.noop(), LoggedClient.class, 8, Duration.ofSeconds(60));
        assertEquals(MESSAGE, async ? engine.enqueue(sendText()).get(30, TimeUnit.SECONDS) : engine.execute(sendText()));
      }
    } finally {
      System.setErr(original);
    }
    lines = captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains(LoggedClient.class.getName()))
        .collect(Collectors.toList());
    assertEquals(6, lines.size(), String.join("\n", lines));
    for (int i = 0; i < 6; i += 3) {
      assertTrue(lines.get(i).matches(".*DEBUG .* - PUT /conv-key/messages\\.json: HTTP 403 in \\d+ ms \\(attempt 1\\)"),
          lines.get(i));
      assertTrue(lines.get(i + 1).matches(".*WARN .* - PUT /conv-key/messages\\.json: HTTP 403 in attempt 1 of 3;"
          + " trying again in \\d+ ms"), lines.get(i + 1));
      assertTrue(lines.get(i + 2).matches(".*DEBUG .* - PUT /conv-key/messages\\.json: HTTP 200 in \\d+ ms \\(attempt 2\\)"),
          lines.get(i + 2));
    }
    noSecretIn(new ArrayList<>(lines));
  }

  @Test
  void aFailureIsLoggedEscaped() throws IOException {
    System.setProperty("org.slf4j.simpleLogger.log." + LoggedClient.class.getName(), "debug");
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      Engine engine = engine(ClientListener.noop(), LoggedClient.class, 8, Duration.ofSeconds(60));
      assertThrows(TransportException.class, () -> engine.execute(sendText()));
    } finally {
      System.setErr(original);
    }
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(line -> line.contains(LoggedClient.class.getName())).collect(Collectors.toList());
    assertEquals(1, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).matches(".*DEBUG .* - PUT /conv-key/messages\\.json: java\\.io\\.IOException: .* in \\d+ ms \\(attempt 1\\)"),
        lines.get(0));
  }
}
