package org.vumi.go.http.push;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.Event;
import org.vumi.go.http.InboundMessage;

class PushReceiverTest {
  static final String AUTH = Credentials.basic("vumi", "s3cret");
  static final String MESSAGE = "{\"message_type\": \"user_message\", \"message_id\": \"m1\", \"from_addr\": \"+27\","
      + " \"to_addr\": \"9292\", \"content\": \"hi\"}";
  static final String EVENT = "{\"message_type\": \"event\", \"event_type\": \"ack\", \"event_id\": \"e1\","
      + " \"user_message_id\": \"m0\", \"sent_message_id\": \"x\"}";

  final List<InboundMessage> messages = new CopyOnWriteArrayList<>();
  final List<Event> events = new CopyOnWriteArrayList<>();
  final PushReceiver receiver = PushReceiver.builder().basicAuth("vumi", "s3cret")
      .onMessage(messages::add).onEvent(events::add).build();

  @Test
  void messagesAndEventsAreHandedOn() {
    assertEquals(new PushResponse(200, "OK"), receiver.handle(AUTH, MESSAGE.getBytes(UTF_8)));
    assertEquals(new PushResponse(200, "OK"), receiver.handle(AUTH, EVENT.getBytes(UTF_8)));
    assertEquals("m1", messages.get(0).messageId());
    assertEquals("m0", events.get(0).userMessageId());
  }

  @Test
  void wrongCredentialsHandNothingOn() {
    for (String authorization : new String[] {null, "", Credentials.basic("vumi", "s3cre"), Credentials.basic("vumi",
        "s3cret!"), Credentials.basic("Vumi", "s3cret"), "Bearer s3cret", "Basic ***", "basic"}) {
      assertEquals(401, receiver.handle(authorization, MESSAGE.getBytes(UTF_8)).statusCode(), authorization);
    }
    assertEquals(200, receiver.handle("basic " + AUTH.substring(6), MESSAGE.getBytes(UTF_8)).statusCode(),
        "the scheme is case-insensitive");
    assertEquals(1, messages.size());
  }

  @Test
  void malformedBodiesHandNothingOn() {
    assertEquals(new PushResponse(400, "push body is not valid JSON"), receiver.handle(AUTH, "{".getBytes(UTF_8)));
    assertEquals(new PushResponse(400, "inbound message must have a string \"from_addr\""),
        receiver.handle(AUTH, "{\"message_id\": \"m\", \"to_addr\": \"9292\"}".getBytes(UTF_8)));
    assertEquals(new PushResponse(400, "event must have a string \"user_message_id\""),
        receiver.handle(AUTH, "{\"message_type\": \"event\", \"event_type\": \"ack\", \"event_id\": \"e\"}".getBytes(UTF_8)));
    assertEquals(400, receiver.handle(AUTH, "[]".getBytes(UTF_8)).statusCode());
    assertTrue(messages.isEmpty() && events.isEmpty());
  }

  @Test
  void aFailingCallbackIsAnswered500() {
    PushReceiver failing = PushReceiver.builder().withoutAuthentication().onMessage(m -> {
      throw new IllegalStateException("database down");
    }).build();
    assertEquals(500, failing.handle(null, MESSAGE.getBytes(UTF_8)).statusCode());
  }

  @Test
  void pushesWithoutACallbackAreTakenAndDropped() {
    PushReceiver messagesOnly = PushReceiver.builder().withoutAuthentication().onMessage(messages::add).build();
    assertEquals(200, messagesOnly.handle(null, EVENT.getBytes(UTF_8)).statusCode());
    PushReceiver eventsOnly = PushReceiver.builder().withoutAuthentication().onEvent(events::add).build();
    assertEquals(200, eventsOnly.handle(null, MESSAGE.getBytes(UTF_8)).statusCode());
    assertTrue(messages.isEmpty() && events.isEmpty());
  }

  @Test
  void builderInsistsOnAuthAndACallback() {
    assertTrue(assertThrows(IllegalStateException.class, () -> PushReceiver.builder().onMessage(messages::add).build())
        .getMessage().startsWith("call basicAuth(username, password)"));
    assertEquals("set onMessage, onEvent or both", assertThrows(IllegalStateException.class,
        () -> PushReceiver.builder().basicAuth("a", "b").build()).getMessage());
    assertEquals("PushReceiver{authenticated=true, onMessage=true, onEvent=true}", receiver.toString());
    assertThrows(NullPointerException.class, () -> PushReceiver.builder().basicAuth(null, "b"));
  }

  @Test
  void servesTheJdkHttpServer() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/vumi", receiver.httpHandler());
    server.start();
    OkHttpClient client = new OkHttpClient();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/vumi";
    try {
      try (Response ok = client.newCall(post(url, MESSAGE, AUTH)).execute()) {
        assertEquals(200, ok.code());
        assertEquals("OK", ok.body().string());
      }
      try (Response unauthorized = client.newCall(post(url, MESSAGE, Credentials.basic("vumi", "wrong"))).execute()) {
        assertEquals(401, unauthorized.code());
        assertEquals("Basic realm=\"Vumi Go push\"", unauthorized.header("WWW-Authenticate"));
      }
      try (Response bad = client.newCall(post(url, "nonsense", AUTH)).execute()) {
        assertEquals(400, bad.code());
      }
      try (Response get = client.newCall(new Request.Builder().url(url).build()).execute()) {
        assertEquals(405, get.code());
        assertEquals("POST", get.header("Allow"));
      }
    } finally {
      server.stop(0);
    }
    assertEquals(1, messages.size());
  }

  static Request post(String url, String body, String authorization) {
    return new Request.Builder().url(url).header("Authorization", authorization)
        .post(RequestBody.create(body, MediaType.get("application/json; charset=utf-8"))).build();
  }
}
