package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.vumi.go.http.internal.Backoff;
import org.vumi.go.http.internal.RetryAfter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.EventListener;
import okhttp3.Call;
import org.junit.jupiter.api.Test;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.SubstituteLogger;

/** The edges of every limit: the last value allowed and the first refused. */
class BoundaryTest {
  @StartStop
  final MockWebServer server = MockServers.noDelay();

  HttpApiSender sender() {
    return new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), null);
  }

  @Test
  void maxInFlightRunsFromOneToAThousand() {
    assertTrue(HttpApiSender.builder("a", "c", "t").maxInFlight(1).build().toString().contains("maxInFlight=1,"));
    assertTrue(HttpApiSender.builder("a", "c", "t").maxInFlight(1000).build().toString().contains("maxInFlight=1000,"));
    assertThrows(IllegalArgumentException.class, () -> HttpApiSender.builder("a", "c", "t").maxInFlight(0));
    assertThrows(IllegalArgumentException.class, () -> HttpApiSender.builder("a", "c", "t").maxInFlight(1001));
  }

  @Test
  void maxAttemptsRunsFromOneToAHundred() {
    assertEquals(1, RetryPolicy.builder().maxAttempts(1).build().maxAttempts());
    assertEquals(100, RetryPolicy.builder().maxAttempts(100).build().maxAttempts());
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().maxAttempts(0));
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().maxAttempts(101));
  }

  @Test
  void backoffsMayBeZero() {
    RetryPolicy zero = RetryPolicy.builder().initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build();
    assertEquals(0, Backoff.millis(zero, 1, java.util.OptionalLong.empty(), 0.99));
    assertEquals(0, Backoff.millis(RetryPolicy.defaults(), 1, java.util.OptionalLong.of(0), 0.5), "Retry-After: 0 means now");
  }

  @Test
  void everyKeypadKeyAndNothingElse() {
    for (String key : List.of("0", "5", "9", "*", "#", "A", "B", "C", "D")) {
      assertEquals(key, VoiceOptions.builder().waitFor(key).build().waitFor());
    }
    for (String notAKey : List.of("E", "a", "/", ":", "x", " ")) {
      assertThrows(IllegalArgumentException.class, () -> VoiceOptions.builder().waitFor(notAKey), notAKey);
    }
  }

  @Test
  void retryAfterSecondsUpToNineDigits() {
    assertEquals(999_999_999_000L, RetryAfter.parse("999999999").orElse(-1));
    assertEquals(Long.MAX_VALUE, RetryAfter.parse("1000000000").orElse(-1));
    assertEquals(5000, RetryAfter.parse(" 5 ").orElse(-1));
  }

  @Test
  void excerptsAreCutAfter200Characters() {
    String exactly200 = "x".repeat(200);
    server.enqueue(new MockResponse.Builder().code(500).body(exactly200).build());
    server.enqueue(new MockResponse.Builder().code(500).body(exactly200 + "y").build());
    HttpApiException whole = assertThrows(HttpApiException.class, () -> sender().sendText("+27", "hi"));
    assertTrue(whole.getMessage().endsWith(": " + exactly200), whole.getMessage());
    HttpApiException cut = assertThrows(HttpApiException.class, () -> sender().sendText("+27", "hi"));
    assertTrue(cut.getMessage().endsWith(": " + exactly200 + "…"), cut.getMessage());
  }

  @Test
  void answersUpToTheLimitAreRead() throws Exception {
    byte[] body = Json.messageBody(OutboundMessage.text("+27", "hi"), null);
    long limit = HttpApiSender.answerLimit(body);
    String prefix = "{\"message_id\": \"abc\", \"content\": \"";
    String atLimit = prefix + "x".repeat((int) limit - prefix.length() - 2) + "\"}";
    assertEquals(limit, atLimit.length());
    server.enqueue(HttpApiSenderTest.ok(atLimit));
    server.enqueue(HttpApiSenderTest.ok(atLimit.replace("\"}", "x\"}")));
    assertEquals("abc", sender().sendText("+27", "hi").messageId());
    assertThrows(UnexpectedResponseException.class, () -> sender().sendText("+27", "hi"));
  }

  /** A body of unknown length (chunked) is bounded as one of a known length is. */
  @Test
  void answersOfUnknownLengthUpToTheLimitAreRead() throws Exception {
    byte[] body = Json.messageBody(OutboundMessage.text("+27", "hi"), null);
    long limit = HttpApiSender.answerLimit(body);
    String prefix = "{\"message_id\": \"abc\", \"content\": \"";
    String atLimit = prefix + "x".repeat((int) limit - prefix.length() - 2) + "\"}";
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .chunkedBody(atLimit, 1000).build());
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .chunkedBody(atLimit.replace("\"}", "x\"}"), 1000).build());
    assertEquals("abc", sender().sendText("+27", "hi").messageId());
    UnexpectedResponseException e = assertThrows(UnexpectedResponseException.class, () -> sender().sendText("+27", "hi"));
    assertTrue(e.getMessage().contains("larger than " + limit + " bytes"), e.getMessage());
  }

  /**
   * A body that ends before the length it declares is read as it came: OkHttp's own bodies fail
   * instead ("unexpected end of stream"), so only an interceptor's can, and the library takes it as
   * it always has.
   */
  @Test
  void aBodyShorterThanItsDeclaredLengthIsReadAsItCame() throws Exception {
    String answer = "{\"message_id\": \"abc\"}";
    OkHttpClient shortening = new OkHttpClient.Builder().addInterceptor(chain -> {
      okhttp3.Response real = chain.proceed(chain.request());
      real.close();
      return real.newBuilder().body(okhttp3.ResponseBody.create(new okio.Buffer().writeUtf8(answer),
          okhttp3.MediaType.get("application/json"), answer.length() + 10)).build();
    }).build();
    server.enqueue(HttpApiSenderTest.ok("{}"));
    assertEquals("abc", new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), shortening)
        .sendText("+27", "hi").messageId());
  }

  @Test
  void oneAttemptIsNotCalledAfterOneAttempt() {
    Dns broken = host -> {
      throw new UnknownHostException("no such host " + host);
    };
    HttpApiSender once = HttpApiSender.builder("a", "c", "t").apiUrl(server.url("/").toString())
        .client(new OkHttpClient.Builder().dns(broken).build()).retryPolicy(RetryPolicy.none()).build();
    TransportException e = assertThrows(TransportException.class, () -> once.sendText("+27", "hi"));
    assertInstanceOf(UnknownHostException.class, e.getCause());
    assertFalse(e.getMessage().contains("attempts"), e.getMessage());
    assertTrue(e.getMessage().startsWith("PUT http://"), e.getMessage());
  }

  @Test
  void theCallersCallTimeoutBeforeConnectingIsNotRetried() {
    AtomicInteger lookups = new AtomicInteger();
    CountDownLatch timedOut = new CountDownLatch(1);
    // The lookup lasts until the call timeout has cancelled the call, however loaded the machine.
    Dns slow = host -> {
      lookups.incrementAndGet();
      try {
        timedOut.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Dns.SYSTEM.lookup(host);
    };
    EventListener onCancel = new EventListener() {
      @Override
      public void canceled(Call call) {
        timedOut.countDown();
      }
    };
    HttpApiSender impatient = HttpApiSender.builder("a", "c", "t").apiUrl(server.url("/").toString())
        .client(new OkHttpClient.Builder().dns(slow).eventListener(onCancel).callTimeout(Duration.ofMillis(200)).build())
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).build()).build();
    TransportException e = assertThrows(TransportException.class, () -> impatient.sendText("+27", "hi"));
    assertInstanceOf(InterruptedIOException.class, e.getCause());
    assertFalse(e.mayHaveBeenSent());
    assertTrue(e.getMessage().endsWith("nothing was sent"), e.getMessage());
    assertEquals(1, lookups.get(), "the caller's deadline is not retried");
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void metricsMayBeRefusedWithSuccessFalse() throws IOException {
    server.enqueue(HttpApiSenderTest.ok("{\"success\": false, \"reason\": \"not today\"}"));
    MetricResult result = sender().fireMetric("m", 1);
    assertFalse(result.success());
    assertEquals("not today", result.reason());
  }

  @Test
  void twoArgumentSendVoiceReturnsTheAnswer() throws IOException {
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    assertEquals("4802dff631854967a4e27cca50f73e6b", sender().sendVoice("+27", "hi").messageId());
  }

  @Test
  void pythonQuotingAtTheEdges() throws IOException {
    ConcurrentLinkedQueue<SubstituteLoggingEvent> events = new ConcurrentLinkedQueue<>();
    LoggingSender logging = new LoggingSender(new EventRecordingLogger(new SubstituteLogger("t", events, false), events));
    logging.sendText("+27", "'starts quoted");
    logging.sendText("+27", "\"starts double");
    logging.sendText("+27", "\"both'");
    assertEquals(List.of("Message: \"'starts quoted\" sent to '+27'", "Message: '\"starts double' sent to '+27'",
        "Message: '\"both\\'' sent to '+27'"), events.stream().map(SubstituteLoggingEvent::getMessage).toList());
  }

  @Test
  void differentValuesHashDifferently() {
    assertNotEquals(Metric.of("m", 1).hashCode(), Metric.of("m", 2).hashCode());
    assertNotEquals(OutboundMessage.text("+27", "a").hashCode(), OutboundMessage.text("+27", "b").hashCode());
    assertNotEquals(VoiceOptions.builder().waitFor("1").build().hashCode(), VoiceOptions.builder().waitFor("2").build().hashCode());
    assertNotEquals(new MetricResult(true, "a").hashCode(), new MetricResult(true, "b").hashCode());
    assertNotEquals(RetryPolicy.defaults().hashCode(), RetryPolicy.none().hashCode());
  }
}
