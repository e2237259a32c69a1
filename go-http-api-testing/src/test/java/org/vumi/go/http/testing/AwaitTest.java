package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.Event;
import org.vumi.go.http.EventType;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.SentMessage;

/** Waiting for what the emulator records, without sleeping: awaitMessages, awaitPushedEvents, awaitMetrics. */
class AwaitTest {
  /** Only reached when something is wrong; the waits below return as soon as their entries are there. */
  static final Duration CEILING = Duration.ofSeconds(30);

  @StartStop
  final MockWebServer app = new MockWebServer();

  final VumiGoEmulator vumiGo = Emulators.started();
  final HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", vumiGo.apiUrl(), null);
  final Http http = new Http(vumiGo);

  @AfterEach
  void stop() {
    vumiGo.close();
  }

  /** Starts a wait on its own thread and returns once that thread is parked in it. */
  static <T> CompletableFuture<T> waitingOn(Supplier<T> await) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      try {
        result.complete(await.get());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    waiter.setDaemon(true);
    waiter.start();
    long ceiling = System.nanoTime() + CEILING.toNanos();
    while (waiter.getState() != Thread.State.TIMED_WAITING && !result.isDone() && System.nanoTime() < ceiling) {
      Thread.onSpinWait();
    }
    assertEquals(Thread.State.TIMED_WAITING, waiter.getState(), "the waiter is parked on the condition");
    return result;
  }

  static List<String> ids(List<SentMessage> messages) {
    return messages.stream().map(SentMessage::messageId).toList();
  }

  @Test
  void aWaitingTestWakesAsTheMessageIsAccepted() throws Exception {
    CompletableFuture<List<SentMessage>> waiting = waitingOn(() -> vumiGo.awaitMessages(1, CEILING));
    assertFalse(waiting.isDone());
    SentMessage sent = sender.sendText("+27831234567", "Hello");
    assertEquals(List.of(sent.messageId()), ids(waiting.get(CEILING.toSeconds(), TimeUnit.SECONDS)));
  }

  @Test
  void whatIsAlreadyThereIsReturnedAtOnce() throws Exception {
    SentMessage first = sender.sendText("+27", "one");
    SentMessage second = sender.sendText("+27", "two");
    List<SentMessage> all = vumiGo.awaitMessages(1, Duration.ZERO);
    assertEquals(List.of(first.messageId(), second.messageId()), ids(all), "everything so far, not only the count");
    assertEquals(all, vumiGo.awaitMessages(0, Duration.ZERO));
    assertThrows(UnsupportedOperationException.class, () -> all.add(first));
    assertEquals(List.of(), vumiGo.awaitPushedEvents(0, Duration.ZERO), "nothing, and none asked for");
  }

  @Test
  void tooFewIsAnAssertionErrorShowingWhatArrivedEscaped() throws Exception {
    SentMessage sent = sender.sendText("+27", "Hi\u0007\nthere");
    AssertionError e = assertThrows(AssertionError.class, () -> vumiGo.awaitMessages(2, Duration.ZERO));
    assertEquals("expected at least 2 messages within PT0S, but 1 arrived:\n  1. SentMessage{messageId="
        + sent.messageId() + ", toAddr=+27, content=Hi\\u0007 there, sessionEvent=null, inReplyTo=null}", e.getMessage());
    e = assertThrows(AssertionError.class, () -> vumiGo.awaitPushedEvents(1, Duration.ZERO));
    assertEquals("expected at least 1 pushed events within PT0S, but 0 arrived", e.getMessage());
  }

  @Test
  void aLongListIsCutInTheAssertionError() throws Exception {
    StringBuilder triples = new StringBuilder("[");
    for (int i = 0; i < Recording.SHOWN + 1; i++) {
      triples.append(i == 0 ? "" : ", ").append("[\"m").append(i).append("\", ").append(i).append(", \"sum\"]");
    }
    assertEquals(200, http.put("metrics.json", triples.append("]").toString()).code());
    sender.sendText("+27", "x".repeat(300));
    String metrics = assertThrows(AssertionError.class, () -> vumiGo.awaitMetrics(Recording.SHOWN + 2, Duration.ZERO))
        .getMessage();
    assertTrue(metrics.startsWith("expected at least 22 metrics within PT0S, but 21 arrived:\n"
        + "  1. PublishedMetric[accountKey=acc-key, name=m0, value=0.0, aggregate=sum]\n"), metrics);
    assertTrue(metrics.contains("\n  20. PublishedMetric[accountKey=acc-key, name=m19,"), metrics);
    assertTrue(metrics.endsWith("\n  ... and 1 more"), metrics);
    String messages = assertThrows(AssertionError.class, () -> vumiGo.awaitMessages(2, Duration.ZERO)).getMessage();
    assertTrue(messages.endsWith("x…"), "each entry cut at 200 characters: " + messages);
  }

  @Test
  void pushedEventsAreThePushesMadeAnsweredOrNotInOrder() throws Exception {
    app.enqueue(new MockResponse.Builder().code(200).build());
    app.enqueue(new MockResponse.Builder().code(200).build());
    vumiGo.pushTo("conv-key", null, app.url("/events").toString());
    SentMessage sent = sender.sendText("+27", "hi");
    List<Event> events = vumiGo.awaitPushedEvents(2, CEILING);
    assertEquals(List.of(EventType.ACK, EventType.DELIVERY_REPORT), events.stream().map(Event::eventType).toList());
    assertTrue(events.stream().allMatch(event -> event.userMessageId().equals(sent.messageId())));

    app.enqueue(new MockResponse.Builder().code(500).build());
    SentMessage refused = sender.sendText("+27", "again");
    Event ack = vumiGo.awaitPushedEvents(3, CEILING).get(2);
    assertEquals(EventType.ACK, ack.eventType(), "recorded though the application answered 500");
    assertEquals(refused.messageId(), ack.userMessageId());
    assertEquals(vumiGo.pushedEvents(), vumiGo.awaitPushedEvents(3, Duration.ZERO));
  }

  @Test
  void awaitMetricsWaitsForTheConversationApisMetrics() throws Exception {
    CompletableFuture<List<PublishedMetric>> waiting = waitingOn(() -> vumiGo.awaitMetrics(1, CEILING));
    sender.fireMetric("visits", 2, "sum");
    assertEquals(List.of(new PublishedMetric("acc-key", "visits", 2, "sum")),
        waiting.get(CEILING.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void anInterruptedWaitIsAnAssertionErrorAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    AssertionError e = assertThrows(AssertionError.class, () -> vumiGo.awaitMessages(1, CEILING));
    assertTrue(Thread.interrupted(), "the interrupt flag is set again");
    assertEquals("expected at least 1 messages before the wait was interrupted, but 0 arrived", e.getMessage());
    assertTrue(e.getCause() instanceof InterruptedException);
  }

  @Test
  void argumentsAreChecked() {
    List<java.util.function.BiFunction<Integer, Duration, List<?>>> waits = List.of(vumiGo::awaitMessages,
        vumiGo::awaitPushedEvents, vumiGo::awaitMetrics);
    for (java.util.function.BiFunction<Integer, Duration, List<?>> wait : waits) {
      assertEquals("count must be 0 or more, but was -1",
          assertThrows(IllegalArgumentException.class, () -> wait.apply(-1, Duration.ZERO)).getMessage());
      assertEquals("timeout", assertThrows(NullPointerException.class, () -> wait.apply(1, null)).getMessage());
      assertEquals("timeout must not be negative, but was PT-1S",
          assertThrows(IllegalArgumentException.class, () -> wait.apply(1, Duration.ofSeconds(-1))).getMessage());
    }
  }

  @Test
  void anEndlessTimeoutIsTakenAsTheLongestWait() {
    assertEquals(List.of(), vumiGo.awaitMetrics(0, Duration.ofSeconds(Long.MAX_VALUE)));
  }
}
