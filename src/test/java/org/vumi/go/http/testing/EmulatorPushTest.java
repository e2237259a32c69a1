package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.DeliveryStatus;
import org.vumi.go.http.Event;
import org.vumi.go.http.EventType;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.SessionEvent;
import org.vumi.go.http.push.PushReceiver;

/** The emulator pushes as Vumi Go does, and a whole USSD session runs through the library. */
class EmulatorPushTest {
  @StartStop
  final MockWebServer app = new MockWebServer();

  final VumiGoEmulator vumiGo = start();

  static VumiGoEmulator start() {
    return Emulators.started();
  }

  @AfterEach
  void stop() {
    vumiGo.close();
  }

  String withCredentials(String path) {
    return app.url(path).newBuilder().username("vumi").password("s3cret").build().toString();
  }

  @Test
  void inboundMessagesArePostedAsVumiGoPostsThem() throws Exception {
    app.enqueue(new MockResponse.Builder().code(204).build());
    vumiGo.pushTo("conv-key", withCredentials("/messages"), null);
    InboundMessage pushed = vumiGo.pushInbound("conv-key", "+27831234567", "*120*123#", null, "new", "ussd");
    RecordedRequest request = app.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("POST", request.getMethod());
    assertEquals("/messages", request.getTarget());
    assertEquals("application/json; charset=utf-8", request.getHeaders().get("Content-Type"));
    assertEquals(Credentials.basic("vumi", "s3cret"), request.getHeaders().get("Authorization"));
    InboundMessage received = InboundMessage.parse(request.getBody().utf8());
    assertEquals(pushed, received);
    assertEquals("user_message", received.json().get("message_type").asText());
    assertEquals(SessionEvent.NEW, received.sessionEvent());
    assertEquals("conv-key", received.conversationKey());
    assertEquals("ussd", received.transportType());
    assertNull(received.content());
    assertTrue(received.messageId().matches("[0-9a-f]{32}"));
  }

  @Test
  void aRefusedPushIsAnIOException() {
    app.enqueue(new MockResponse.Builder().code(401).build());
    vumiGo.pushTo("conv-key", app.url("/messages").toString(), null);
    IOException e = assertThrows(IOException.class, () -> vumiGo.pushInbound("conv-key", "+27", "9292", "hi", null, "sms"));
    assertTrue(e.getMessage().endsWith("was answered HTTP 401"), e.getMessage());
  }

  @Test
  void pushNeedsAMessageUrl() {
    assertThrows(IllegalStateException.class, () -> vumiGo.pushInbound("conv-key", "+27", "9292", "hi", null, "sms"));
    assertThrows(IllegalArgumentException.class, () -> vumiGo.pushTo("conv-key", "not a url", null));
    assertThrows(IllegalArgumentException.class, () -> vumiGo.pushTo("no-conv", null, null));
  }

  @Test
  void acceptedMessagesAreFollowedByAnAckAndADeliveryReport() throws Exception {
    app.enqueue(new MockResponse.Builder().code(200).build());
    app.enqueue(new MockResponse.Builder().code(200).build());
    vumiGo.pushTo("conv-key", null, withCredentials("/events"));
    SentMessage sent = new HttpApiSender("acc-key", "conv-key", "conv-token", vumiGo.apiUrl(), null).sendText("+27", "hi");
    Event ack = Event.parse(app.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
    Event report = Event.parse(app.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
    assertEquals(EventType.ACK, ack.eventType());
    assertEquals(sent.messageId(), ack.userMessageId());
    assertTrue(ack.sentMessageId() != null);
    assertEquals(EventType.DELIVERY_REPORT, report.eventType());
    assertEquals(DeliveryStatus.DELIVERED, report.deliveryStatus());
    assertEquals(sent.messageId(), report.userMessageId());
  }

  @Test
  void aWholeUssdSession() throws Exception {
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", vumiGo.apiUrl(), null);
    List<Event> events = new CopyOnWriteArrayList<>();
    PushReceiver receiver = PushReceiver.builder().basicAuth("vumi", "s3cret")
        .onMessage(message -> {
          if (message.sessionEvent() == SessionEvent.NEW) {
            sender.replyTo(message, "Welcome!\n1. Balance\n2. Quit", SessionEvent.RESUME);
          } else if ("1".equals(message.content())) {
            sender.replyTo(message, "Your balance is R42. Goodbye!", SessionEvent.CLOSE);
          }
        })
        .onEvent(events::add)
        .build();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/vumi", receiver.httpHandler());
    server.start();
    try {
      String base = "http://vumi:s3cret@127.0.0.1:" + server.getAddress().getPort() + "/vumi";
      vumiGo.pushTo("conv-key", base + "/messages", base + "/events");

      vumiGo.pushInbound("conv-key", "+27831234567", "*120*123#", null, "new", "ussd");
      vumiGo.pushInbound("conv-key", "+27831234567", "*120*123#", "1", "resume", "ussd");

      List<SentMessage> replies = vumiGo.messages();
      assertEquals(2, replies.size());
      assertEquals("+27831234567", replies.get(0).toAddr());
      assertEquals("*120*123#", replies.get(0).fromAddr());
      assertNull(replies.get(0).sessionEvent(), "Vumi Go records only a close");
      assertEquals(SessionEvent.CLOSE, replies.get(1).sessionEvent());
      assertEquals("Your balance is R42. Goodbye!", replies.get(1).content());

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((events.size() < 4 || vumiGo.pushedEvents().size() < 4) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(4, events.size(), "an ack and a delivery report for each reply");
      assertEquals(4, vumiGo.pushedEvents().size());
      for (SentMessage reply : replies) {
        assertEquals(2, events.stream().filter(e -> e.userMessageId().equals(reply.messageId())).count());
      }
    } finally {
      server.stop(0);
    }
  }
}
