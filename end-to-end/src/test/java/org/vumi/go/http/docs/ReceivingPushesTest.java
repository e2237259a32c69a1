package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.SessionEvent;
import org.vumi.go.http.push.PushReceiver;
import org.vumi.go.http.push.PushResponse;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/** docs/receiving-pushes.md's snippets, with the emulator pushing to them. */
@ExtendWith(VumiGoEmulatorExtension.class)
class ReceivingPushesTest {
  static String pushUrl(PushEndpoint endpoint, String password) {
    return "http://vumi:" + password + "@127.0.0.1:" + endpoint.port() + "/vumi";
  }

  @Test
  void aWholeUssdSessionThroughTheJdkServer(VumiGoEmulator vumiGo) throws Exception {
    List<String> recorded = new CopyOnWriteArrayList<>();
    try (HttpApiSender sender = ReadmeTest.sender(vumiGo)) {
      PushReceiver receiver = ReceivingPushes.ussdService(sender, "push-secret",
          (id, type, status) -> recorded.add(type + " " + status));
      PushEndpoint endpoint = ReceivingPushes.serve(receiver);
      try {
        vumiGo.pushTo("conversation-key", pushUrl(endpoint, "push-secret"), null);
        InboundMessage dialled = vumiGo.pushInbound("conversation-key", "+27831234567", "*120*123#", null, "new", "ussd");
        vumiGo.pushInbound("conversation-key", "+27831234567", "*120*123#", "1", "resume", "ussd");

        List<SentMessage> replies = vumiGo.messages();
        assertEquals(List.of("Welcome!\n1. Balance\n2. Quit", "Your balance is R42."),
            replies.stream().map(SentMessage::content).collect(Collectors.toList()));
        assertEquals(dialled.messageId(), replies.get(0).inReplyTo());
        assertEquals(SessionEvent.CLOSE, replies.get(1).sessionEvent());
      } finally {
        endpoint.close();
      }
      assertTrue(handlers(endpoint).awaitTermination(30, TimeUnit.SECONDS), "the handlers' threads did not end");
      assertThrows(IOException.class,
          () -> vumiGo.pushInbound("conversation-key", "+27831234567", "*120*123#", null, "new", "ussd"));
    }
  }

  static ExecutorService handlers(PushEndpoint endpoint) throws ReflectiveOperationException {
    Field field = PushEndpoint.class.getDeclaredField("handlers");
    field.setAccessible(true);
    return (ExecutorService) field.get(endpoint);
  }

  @Test
  void anyFrameworkHandsOverTheHeaderAndTheStream() throws IOException {
    List<String> received = new CopyOnWriteArrayList<>();
    PushReceiver receiver = PushReceiver.builder().basicAuth("vumi", "push-secret")
        .onMessage(message -> received.add(message.content())).build();
    String push = "{\"message_type\": \"user_message\", \"message_id\": \"abc\", \"from_addr\": \"+27831234567\","
        + " \"to_addr\": \"12345\", \"content\": \"Hi\", \"timestamp\": \"2016-03-22 13:50:23.123456\"}";
    String authorization = "Basic " + Base64.getEncoder().encodeToString("vumi:push-secret".getBytes(StandardCharsets.UTF_8));

    PushResponse answer = ReceivingPushes.anyFramework(receiver, authorization,
        new ByteArrayInputStream(push.getBytes(StandardCharsets.UTF_8)));
    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals(List.of("Hi"), received);

    PushResponse refused = ReceivingPushes.anyFramework(receiver, null,
        new ByteArrayInputStream(push.getBytes(StandardCharsets.UTF_8)));
    assertEquals(401, refused.statusCode());
    assertEquals(List.of("Hi"), received);
  }

  @Test
  void theSpringCallbacksReplyAndLog(VumiGoEmulator vumiGo) throws Exception {
    try (HttpApiSender sender = ReadmeTest.sender(vumiGo)) {
      SpringPushes beans = new SpringPushes();
      PushReceiver receiver = PushReceiver.builder().basicAuth("vumi", "push-secret")
          .onMessage(beans.onMessage(sender)).onEvent(beans.onEvent()).build();
      try (PushEndpoint endpoint = new PushEndpoint(receiver, 0)) {
        vumiGo.pushTo("conversation-key", pushUrl(endpoint, "push-secret"), null);
        InboundMessage inbound = vumiGo.pushInbound("conversation-key", "+27831234567", "12345", "Hello", null, "sms");
        assertEquals(inbound.messageId(), vumiGo.messages().get(0).inReplyTo());
        assertEquals("Thanks, we got it.", vumiGo.messages().get(0).content());
      }
    }
  }
}
