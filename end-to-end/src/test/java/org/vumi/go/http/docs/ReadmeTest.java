package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.Event;
import org.vumi.go.http.EventType;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/** README.md's quick start does what the README says it does. */
@ExtendWith(VumiGoEmulatorExtension.class)
class ReadmeTest {
  static HttpApiSender sender(VumiGoEmulator vumiGo) {
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token");
    return HttpApiSender.builder("account-key", "conversation-key", "conversation-token").apiUrl(vumiGo.apiUrl()).build();
  }

  @Test
  void theSenderGoesToVumiGoAndKeepsItsTokenToItself() {
    try (ConversationSender sender = Readme.makeSender("account-key", "conversation-key", "conversation-token")) {
      String shown = sender.toString();
      assertTrue(shown.contains("https://go.vumi.org/api/v1/go/http_api_nostream/conversation-key/messages.json"), shown);
      assertFalse(shown.contains("conversation-token"), shown);
    }
  }

  @Test
  void sendsAText(VumiGoEmulator vumiGo) throws IOException {
    try (HttpApiSender sender = sender(vumiGo)) {
      SentMessage sent = Readme.sendText(sender);
      List<SentMessage> accepted = vumiGo.messages();
      assertEquals(1, accepted.size(), "accepted: " + accepted);
      assertEquals(sent.messageId(), accepted.get(0).messageId());
      assertEquals("+27831234567", accepted.get(0).toAddr());
      assertEquals("Hello from Java!", accepted.get(0).content());
    }
  }

  @Test
  void receivesAPushAndRepliesThenStops(VumiGoEmulator vumiGo) throws Exception {
    try (HttpApiSender sender = sender(vumiGo)) {
      Readme.Endpoint endpoint = Readme.receive(sender, "push-secret", 0);
      String url = "http://vumi:push-secret@127.0.0.1:" + endpoint.server().getAddress().getPort() + "/vumi";
      try {
        vumiGo.pushTo("conversation-key", url, url);
        // pushInbound returns once the endpoint answered: the reply was sent while it handled the push.
        InboundMessage inbound = vumiGo.pushInbound("conversation-key", "+27831234567", "12345", "Hi there", null, "sms");
        List<SentMessage> replies = vumiGo.messages();
        assertEquals(1, replies.size(), "accepted: " + replies);
        assertEquals(inbound.messageId(), replies.get(0).inReplyTo());
        assertEquals("Thanks! You sent: Hi there", replies.get(0).content());
        // The reply's ack and delivery report reach the endpoint, answered 200.
        List<Event> events = vumiGo.awaitPushedEvents(2, Duration.ofSeconds(30));
        assertEquals(List.of(EventType.ACK, EventType.DELIVERY_REPORT),
            events.stream().map(Event::eventType).collect(Collectors.toList()));
        assertEquals(replies.get(0).messageId(), events.get(1).userMessageId());
      } finally {
        endpoint.server().stop(0);
        endpoint.handlers().shutdown();
      }
      assertTrue(endpoint.handlers().awaitTermination(30, TimeUnit.SECONDS), "the handlers' threads did not end");
      // Stopped: a push now finds nobody, and the emulator says so.
      assertThrows(IOException.class,
          () -> vumiGo.pushInbound("conversation-key", "+27831234567", "12345", "Anyone?", null, "sms"));
    }
  }
}
