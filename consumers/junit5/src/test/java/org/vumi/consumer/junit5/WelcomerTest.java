package org.vumi.consumer.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vumi.go.http.DeliveryStatus;
import org.vumi.go.http.Event;
import org.vumi.go.http.EventType;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.UserOptedOutException;
import org.vumi.go.http.push.PushReceiver;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/** A user's tests: an emulator per test from the extension, waits on the emulator, no sleeps. */
@ExtendWith(VumiGoEmulatorExtension.class)
class WelcomerTest {
  /** A ceiling reached only when something is wrong; a passing test returns as soon as it may. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static HttpApiSender sender(VumiGoEmulator vumiGo) {
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token");
    return HttpApiSender.builder("account-key", "conversation-key", "conversation-token")
        .apiUrl(vumiGo.apiUrl())
        .build();
  }

  @Test
  void sendsTheWelcome(VumiGoEmulator vumiGo) throws Exception {
    try (HttpApiSender sender = sender(vumiGo)) {
      String messageId = new Welcomer(sender).welcome("+27831234567", "Thandi");

      List<SentMessage> sent = vumiGo.awaitMessages(1, WAIT);
      assertEquals(1, sent.size(), "messages the emulator accepted: " + sent);
      assertEquals(messageId, sent.get(0).messageId());
      assertEquals("+27831234567", sent.get(0).toAddr());
      assertEquals("Welcome, Thandi!", sent.get(0).content());
    }
  }

  @Test
  void theWelcomeIsAckedAndDeliveredThroughThePushEndpoint(VumiGoEmulator vumiGo) throws Exception {
    try (HttpApiSender sender = sender(vumiGo)) {
      Welcomer welcomer = new Welcomer(sender);
      // The application's push endpoint: a PushReceiver on the JDK's server, on a free port.
      PushReceiver receiver = PushReceiver.builder().basicAuth("vumi", "push-secret").onEvent(welcomer).build();
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService handlers = Executors.newFixedThreadPool(2);
      server.setExecutor(handlers);
      server.createContext("/vumi/events", receiver.httpHandler());
      server.start();
      try {
        vumiGo.pushTo("conversation-key", null,
            "http://vumi:push-secret@127.0.0.1:" + server.getAddress().getPort() + "/vumi/events");

        String messageId = welcomer.welcome("+27831234567", "Sipho");

        // An event counts once its push has ended, so the application has handled both by now.
        List<Event> pushed = vumiGo.awaitPushedEvents(2, WAIT);
        assertEquals(List.of(EventType.ACK, EventType.DELIVERY_REPORT),
            pushed.stream().map(Event::eventType).collect(Collectors.toList()), "pushed: " + pushed);
        assertTrue(pushed.stream().allMatch(event -> event.userMessageId().equals(messageId)), "pushed: " + pushed);
        assertTrue(welcomer.acked(messageId), "the endpoint did not take the ack");
        assertEquals(DeliveryStatus.DELIVERED, welcomer.deliveryStatus(messageId));
      } finally {
        server.stop(0);
        handlers.shutdownNow();
      }
    }
  }

  @Test
  void anOptedOutNumberIsNotWelcomed(VumiGoEmulator vumiGo) throws Exception {
    try (HttpApiSender sender = sender(vumiGo)) {
      vumiGo.optOut("account-key", "+27830000000");

      UserOptedOutException refused =
          assertThrows(UserOptedOutException.class, () -> new Welcomer(sender).welcome("+27830000000", "Lerato"));
      assertEquals("+27830000000", refused.toAddr());
      // Each test has an emulator of its own: the other tests' messages are not here.
      assertEquals(List.of(), vumiGo.awaitMessages(0, Duration.ZERO));
    }
  }
}
