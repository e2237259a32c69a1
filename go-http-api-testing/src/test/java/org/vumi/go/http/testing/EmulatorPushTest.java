package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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

  /**
   * The fields vumi 0.6.19 gives every message ({@code vumi/message.py}: {@code
   * TransportMessage.process_fields} sets message_version '20110921', message_type, timestamp
   * {@code datetime.utcnow()} written as {@code "%Y-%m-%d %H:%M:%S.%f"}, routing_metadata and
   * helper_metadata).
   */
  static final Set<String> TRANSPORT_MESSAGE = Set.of("message_version", "message_type", "timestamp",
      "routing_metadata", "helper_metadata");
  /**
   * {@code TransportUserMessage.process_fields} and {@code validate_fields}, plus what {@code
   * Transport.publish_message} gives (transport_name, transport_metadata) and the addresses.
   */
  static final Set<String> USER_MESSAGE = Set.of("message_id", "in_reply_to", "provider", "session_event", "content",
      "transport_metadata", "group", "to_addr_type", "from_addr_type", "to_addr", "from_addr", "transport_name",
      "transport_type");
  /** {@code TransportEvent}: event_id, user_message_id, event_type, plus publish_event's transport fields. */
  static final Set<String> EVENT = Set.of("event_id", "user_message_id", "event_type", "transport_name",
      "transport_metadata");
  static final String VUMI_DATE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}";

  static Set<String> fields(JsonNode json) {
    Set<String> names = new TreeSet<>();
    json.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static Set<String> union(Set<String> a, Set<String> b, String... more) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    all.addAll(List.of(more));
    return all;
  }

  @Test
  void pushedMessagesHaveVumisFieldsAndNoOthers() throws Exception {
    app.enqueue(new MockResponse.Builder().code(200).build());
    vumiGo.pushTo("conv-key", app.url("/messages").toString(), null);
    vumiGo.pushInbound("conv-key", "+27831234567", "*120*123#", "H\u00e9 \ud83d\ude00", null, "sms");
    String body = app.takeRequest(5, TimeUnit.SECONDS).getBody().utf8();
    JsonNode json = new ObjectMapper().readTree(body);
    assertEquals(union(TRANSPORT_MESSAGE, USER_MESSAGE), fields(json));
    assertEquals("20110921", json.get("message_version").asText());
    assertEquals("user_message", json.get("message_type").asText());
    assertTrue(json.get("timestamp").asText().matches(VUMI_DATE), json.get("timestamp").asText());
    for (String unset : List.of("in_reply_to", "provider", "group", "to_addr_type", "from_addr_type", "session_event")) {
      assertTrue(json.get(unset).isNull(), unset);
    }
    assertEquals("H\u00e9 \ud83d\ude00", json.get("content").asText());
    assertTrue(body.chars().allMatch(c -> c < 0x80), "to_json() escapes all but ASCII: " + body);
  }

  @Test
  void pushedEventsHaveVumisFieldsAndNoOthers() throws Exception {
    app.enqueue(new MockResponse.Builder().code(200).build());
    app.enqueue(new MockResponse.Builder().code(200).build());
    vumiGo.pushTo("conv-key", null, app.url("/events").toString());
    InboundMessage inbound = vumiGo.addInboundMessage("conv-key", "+27", "9292", "sms");
    new HttpApiSender("acc-key", "conv-key", "conv-token", vumiGo.apiUrl(), null).replyTo(inbound, "hi",
        SessionEvent.CLOSE);
    JsonNode ack = new ObjectMapper().readTree(app.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
    JsonNode report = new ObjectMapper().readTree(app.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
    assertEquals(union(TRANSPORT_MESSAGE, EVENT, "sent_message_id"), fields(ack));
    assertEquals(union(TRANSPORT_MESSAGE, EVENT, "delivery_status"), fields(report));
    for (JsonNode event : List.of(ack, report)) {
      assertEquals("20110921", event.get("message_version").asText());
      assertEquals("event", event.get("message_type").asText());
      assertTrue(event.get("timestamp").asText().matches(VUMI_DATE));
      assertEquals("sms_transport", event.get("transport_name").asText(), "from the transport the reply went out on");
    }
  }

  @Test
  void pushCredentialsAreUtf8() throws Exception {
    app.enqueue(new MockResponse.Builder().code(200).build());
    String url = app.url("/messages").newBuilder().username("v\u00fcmi").password("s\u00e9cret").build().toString();
    vumiGo.pushTo("conv-key", url, null);
    vumiGo.pushInbound("conv-key", "+27", "9292", "hi", null, "sms");
    assertEquals(Credentials.basic("v\u00fcmi", "s\u00e9cret", java.nio.charset.StandardCharsets.UTF_8),
        app.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"));
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

      // A push is recorded once the application has answered it, so its handler has run by then.
      assertEquals(4, vumiGo.awaitPushedEvents(4, java.time.Duration.ofSeconds(30)).size());
      assertEquals(4, events.size(), "an ack and a delivery report for each reply");
      for (SentMessage reply : replies) {
        assertEquals(2, events.stream().filter(e -> e.userMessageId().equals(reply.messageId())).count());
      }
    } finally {
      server.stop(0);
    }
  }
}
