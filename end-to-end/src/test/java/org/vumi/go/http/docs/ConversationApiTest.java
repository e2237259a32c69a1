package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.MetricResult;
import org.vumi.go.http.SendOutcome;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.SessionEvent;
import org.vumi.go.http.UserOptedOutException;
import org.vumi.go.http.testing.PublishedMetric;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/** docs/conversation-api.md's snippets against the emulator. */
@ExtendWith(VumiGoEmulatorExtension.class)
class ConversationApiTest {
  static final Logger LOG = LoggerFactory.getLogger(ConversationApiTest.class);

  static List<String> contents(VumiGoEmulator vumiGo) {
    return vumiGo.messages().stream().map(SentMessage::content).collect(Collectors.toList());
  }

  @Test
  void theOpeningSendsATextAVoiceMessageAndAMetric(VumiGoEmulator vumiGo) throws Exception {
    try (HttpApiSender sender = ReadmeTest.sender(vumiGo)) {
      ConversationApi.opening(sender);
    }
    assertEquals(List.of("Your code is 1234", "Your code is 1 2 3 4"), contents(vumiGo));
    assertEquals(List.of(new PublishedMetric("account-key", "codes.sent", 1, "sum")), vumiGo.metrics());
  }

  @Test
  void everySettingIsTaken(VumiGoEmulator vumiGo) throws Exception {
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token");
    OkHttpClient client = new OkHttpClient();
    try (HttpApiSender sender = ConversationApi.settings("account-key", "conversation-key", "conversation-token",
        vumiGo.apiUrl(), client)) {
      String shown = sender.toString();
      assertTrue(shown.contains("maxAttempts=5") && shown.contains("maxInFlight=4") && shown.contains("PT20S"), shown);
      sender.sendText("+27831234567", "Hi");
    } finally {
      client.dispatcher().executorService().shutdown();
    }
    assertEquals(List.of("Hi"), contents(vumiGo));
  }

  @Test
  void aTextAndItsAnswer(VumiGoEmulator vumiGo) throws Exception {
    try (HttpApiSender sender = ReadmeTest.sender(vumiGo)) {
      SentMessage sent = ConversationApi.text(sender);
      assertTrue(sent.messageId().matches("[0-9a-f]{32}"), sent.messageId());
      assertEquals("Your code is 1234", sent.json().path("content").asText());
      assertTrue(sent.timestamp() != null);
    }
  }

  @Test
  void aSessionEventOnAPlainSendIsIgnoredByTheServer(VumiGoEmulator vumiGo) throws Exception {
    try (HttpApiSender sender = ReadmeTest.sender(vumiGo)) {
      ConversationApi.typed(sender);
    }
    assertEquals(List.of("See you soon", "See you soon"), contents(vumiGo));
    vumiGo.messages().forEach(message -> assertNull(message.sessionEvent(), message.toString()));
  }

  @Test
  void voiceMessages(VumiGoEmulator vumiGo) throws Exception {
    try (HttpApiSender sender = ReadmeTest.sender(vumiGo)) {
      ConversationApi.voice(sender);
    }
    assertEquals(List.of("Welcome!", "Press 1 then hash", "Press 1 then hash"), contents(vumiGo));
  }

  @Test
  void metrics(VumiGoEmulator vumiGo) throws Exception {
    try (HttpApiSender sender = ReadmeTest.sender(vumiGo)) {
      assertEquals(new MetricResult(true, "Metrics published"), ConversationApi.metric(sender));
    }
    assertEquals(List.of(new PublishedMetric("account-key", "registrations", 1, "sum"),
        new PublishedMetric("account-key", "queue.length", 42, "max")), vumiGo.metrics());
  }

  @Test
  void repliesContinueAndCloseASession(VumiGoEmulator vumiGo) throws Exception {
    try (HttpApiSender sender = ReadmeTest.sender(vumiGo)) {
      InboundMessage dialled = vumiGo.addInboundMessage("conversation-key", "+27831234567", "*120*123#", "ussd");
      ConversationApi.replies(sender, dialled);
    }
    List<SentMessage> replies = vumiGo.messages();
    assertEquals(2, replies.size(), "accepted: " + replies);
    replies.forEach(reply -> assertEquals(reply.inReplyTo(), replies.get(0).inReplyTo()));
    assertEquals("+27831234567", replies.get(0).toAddr());
    assertEquals(SessionEvent.CLOSE, replies.get(1).sessionEvent());
  }

  @Test
  void asyncSendsCompleteTheFuture(VumiGoEmulator vumiGo) throws Exception {
    try (HttpApiSender sender = ReadmeTest.sender(vumiGo)) {
      ConversationApi.async(sender, LOG).get(30, TimeUnit.SECONDS);
    }
    assertEquals(List.of("Your code is 1234"), contents(vumiGo));
  }

  @Test
  void bulkSendsGiveOneOutcomeEachInOrder(VumiGoEmulator vumiGo) throws Exception {
    List<SendOutcome> outcomes;
    try (HttpApiSender sender = ReadmeTest.sender(vumiGo)) {
      vumiGo.optOut("account-key", "+27820000000");
      outcomes = ConversationApi.bulk(sender, List.of("+27831234567", "+27820000000", "+27831234568"), LOG);
    }
    assertEquals(List.of(true, false, true), outcomes.stream().map(SendOutcome::isSent).collect(Collectors.toList()));
    assertInstanceOf(UserOptedOutException.class, outcomes.get(1).error());
    assertFalse(outcomes.get(1).mayHaveBeenSent());
    assertEquals(2, vumiGo.messages().size());
  }

  @Test
  void anApplicationsOwnClientIsTaken() {
    OkHttpClient appClient = new OkHttpClient();
    try (HttpApiSender sender = ConversationApi.ownClient(appClient, "account-key", "conversation-key", "secret-token")) {
      assertFalse(sender.toString().contains("secret-token"), sender.toString());
    } finally {
      appClient.dispatcher().executorService().shutdown();
    }
  }
}
