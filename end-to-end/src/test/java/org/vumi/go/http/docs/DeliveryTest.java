package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vumi.go.http.Event;
import org.vumi.go.http.EventType;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.push.PushReceiver;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/** docs/testing.md's opening test, as shown there. */
@ExtendWith(VumiGoEmulatorExtension.class)
class DeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(30);   // reached only when something is wrong

  @Test
  void theTextIsAckedThenDelivered(VumiGoEmulator vumiGo) throws Exception {
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token");
    List<Event> received = new CopyOnWriteArrayList<>();
    PushReceiver receiver = PushReceiver.builder().basicAuth("vumi", "secret").onEvent(received::add).build();
    try (PushEndpoint endpoint = new PushEndpoint(receiver, 0);
        HttpApiSender sender = HttpApiSender.builder("account-key", "conversation-key", "conversation-token")
            .apiUrl(vumiGo.apiUrl())
            .build()) {
      vumiGo.pushTo("conversation-key", null, "http://vumi:secret@127.0.0.1:" + endpoint.port() + "/vumi");

      SentMessage sent = sender.sendText("+27831234567", "Hello!");

      List<Event> pushed = vumiGo.awaitPushedEvents(2, WAIT);   // the ack, then the delivery report
      assertEquals(List.of(EventType.ACK, EventType.DELIVERY_REPORT), pushed.stream().map(Event::eventType).toList());
      assertEquals(sent.messageId(), pushed.get(1).userMessageId());
      assertEquals(2, received.size());   // a push counts once it has ended: the endpoint has both
    }
  }
}
