package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.testing.Emulators;
import org.vumi.go.http.testing.VumiGoEmulator;

/** Bulk sends against the emulator with Vumi Go's concurrency limit in force. */
class BulkTest {
  final VumiGoEmulator vumiGo = start();
  final HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", vumiGo.apiUrl(), null);

  static VumiGoEmulator start() {
    return Emulators.started().responseDelay(Duration.ofMillis(2));
  }

  @AfterEach
  void stop() {
    sender.close();
    vumiGo.close();
  }

  static List<OutboundMessage> messages(int count) {
    return IntStream.range(0, count).mapToObj(i -> OutboundMessage.text("+2783" + (i % 7), "message " + i))
        .collect(Collectors.toList());
  }

  void assertAllSentOnceInOrder(List<OutboundMessage> messages, List<SendOutcome> outcomes) {
    assertEquals(messages.size(), outcomes.size());
    for (int i = 0; i < messages.size(); i++) {
      assertEquals(messages.get(i), outcomes.get(i).message());
      assertTrue(outcomes.get(i).isSent(), outcomes.get(i).toString());
      assertNull(outcomes.get(i).error());
      assertEquals(messages.get(i).content(), outcomes.get(i).sentMessage().content());
    }
    assertEquals(messages.size(), vumiGo.messages().size(), "nothing lost, nothing doubled");
    assertEquals(messages.stream().map(OutboundMessage::content).collect(Collectors.toSet()),
        vumiGo.messages().stream().map(SentMessage::content).collect(Collectors.toSet()));
    assertEquals(messages.size(), new HashSet<>(vumiGo.messages().stream().map(SentMessage::content).toList()).size());
    assertEquals(messages.size(), vumiGo.requestCount(), "the server's limit was never reached: no 403, no retry");
    assertTrue(vumiGo.peakInFlight() <= HttpApiSender.DEFAULT_MAX_IN_FLIGHT, "peak " + vumiGo.peakInFlight());
  }

  @Test
  void sendAllKeepsOrderAndStaysUnderTheLimit() {
    List<OutboundMessage> messages = messages(300);
    assertAllSentOnceInOrder(messages, sender.sendAll(messages));
    assertTrue(vumiGo.peakInFlight() > 1, "sent concurrently");
  }

  @Test
  void sendAllAsyncKeepsOrderAndStaysUnderTheLimit() throws Exception {
    List<OutboundMessage> messages = messages(300);
    assertAllSentOnceInOrder(messages, sender.sendAllAsync(messages).get(60, TimeUnit.SECONDS));
  }

  @Test
  void aFailedMessageDoesNotStopTheOthers() {
    vumiGo.optOut("acc-key", "+27830");
    List<OutboundMessage> messages = messages(20);
    List<SendOutcome> outcomes = sender.sendAll(messages);
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).toAddr().equals("+27830")) {
        assertFalse(outcomes.get(i).isSent());
        assertEquals("+27830", assertInstanceOf(UserOptedOutException.class, outcomes.get(i).error()).toAddr());
      } else {
        assertTrue(outcomes.get(i).isSent());
      }
    }
    assertEquals(17, vumiGo.messages().size());
  }

  @Test
  void aStreamIsTakenOnlyAsTurnsComeFree() {
    try (HttpApiSender three = HttpApiSender.builder("acc-key", "conv-key", "conv-token").apiUrl(vumiGo.apiUrl())
        .maxInFlight(3).build()) {
      AtomicInteger taken = new AtomicInteger();
      AtomicInteger mostAhead = new AtomicInteger();
      Iterator<OutboundMessage> lazy = IntStream.range(0, 60).mapToObj(i -> {
        int ahead = taken.incrementAndGet() - vumiGo.messages().size();
        mostAhead.accumulateAndGet(ahead, Math::max);
        return OutboundMessage.text("+27", "lazy " + i);
      }).iterator();
      List<SendOutcome> outcomes = three.sendAll(() -> lazy);
      assertEquals(60, outcomes.size());
      assertEquals(60, vumiGo.messages().size());
      assertTrue(mostAhead.get() <= 3 + 1, "took " + mostAhead.get() + " messages ahead of the server");
      assertTrue(vumiGo.peakInFlight() <= 3);
    }
  }

  @Test
  void nullMessagesAreRefused() {
    List<OutboundMessage> withNull = new ArrayList<>(messages(2));
    withNull.add(null);
    assertEquals("messages[2] must not be null; nothing was sent",
        assertThrows(NullPointerException.class, () -> sender.sendAll(withNull)).getMessage());
    assertEquals(0, vumiGo.requestCount());
    assertThrows(NullPointerException.class, () -> sender.sendAllAsync(withNull));
    assertEquals("messages must not be null", assertThrows(NullPointerException.class, () -> sender.sendAll(null)).getMessage());
  }

  @Test
  void loggingSenderSendsAllInOrder() {
    LoggingSender logging = new LoggingSender(org.slf4j.helpers.NOPLogger.NOP_LOGGER);
    List<OutboundMessage> messages = messages(5);
    List<SendOutcome> outcomes = logging.sendAll(messages);
    for (int i = 0; i < 5; i++) {
      assertEquals(messages.get(i).content(), outcomes.get(i).sentMessage().content());
    }
  }

  @Test
  void outcomesAreValues() {
    OutboundMessage message = OutboundMessage.text("+27", "hi");
    IOException error = new IOException("down");
    SendOutcome failed = SendOutcome.failed(message, error);
    assertEquals(failed, SendOutcome.failed(message, error));
    assertEquals(failed.hashCode(), SendOutcome.failed(message, error).hashCode());
    assertEquals("SendOutcome{OutboundMessage{toAddr=+27, content=hi, sessionEvent=null} failed: java.io.IOException: down}",
        failed.toString());
    SentMessage sent = SentMessage.parse("{\"message_id\": \"abc\"}");
    assertTrue(SendOutcome.sent(message, sent).toString().endsWith("sent as abc}"));
    assertFalse(failed.equals(SendOutcome.sent(message, sent)));
    assertThrows(NullPointerException.class, () -> SendOutcome.sent(message, null));
  }

  @Test
  void aNullAnywhereIsNamedByItsIndexAndNothingIsSent() {
    java.util.List<OutboundMessage> withNull = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      withNull.add(OutboundMessage.text("+27", "m" + i));
    }
    withNull.set(5, null);
    assertEquals("messages[5] must not be null; nothing was sent",
        assertThrows(NullPointerException.class, () -> sender.sendAll(withNull)).getMessage());
    assertEquals("messages[5] must not be null; nothing was sent",
        assertThrows(NullPointerException.class, () -> sender.sendAllAsync(withNull)).getMessage());
    assertEquals("messages[5] must not be null; nothing was sent",
        assertThrows(NullPointerException.class, () -> new LoggingSender().sendAll(withNull)).getMessage());
    assertEquals(0, vumiGo.requestCount());
  }

  @Test
  void anInterruptedSendAllKeepsEveryOutcome() {
    java.util.List<OutboundMessage> messages = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      messages.add(OutboundMessage.text("+27", "m" + i));
    }
    vumiGo.responseDelay(java.time.Duration.ofMillis(100));
    Thread.currentThread().interrupt();
    List<SendOutcome> outcomes = sender.sendAll(messages);
    assertTrue(Thread.interrupted(), "the interrupt is kept");
    assertEquals(messages.size(), outcomes.size());
    for (int i = 0; i < messages.size(); i++) {
      SendOutcome outcome = outcomes.get(i);
      assertEquals(messages.get(i), outcome.message());
      if (!outcome.isSent()) {
        TransportException e = assertInstanceOf(TransportException.class, outcome.error());
        assertFalse(e.mayHaveBeenSent());
      }
    }
    assertEquals(outcomes.stream().filter(SendOutcome::isSent).count(), vumiGo.messages().size());
  }
}
