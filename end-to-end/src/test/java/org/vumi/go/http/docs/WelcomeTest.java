package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/** README.md's test against the emulator, as shown there. */
@ExtendWith(VumiGoEmulatorExtension.class)
class WelcomeTest {
  @Test
  void welcomesANewUser(VumiGoEmulator vumiGo) throws Exception {
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token");
    try (HttpApiSender sender = HttpApiSender.builder("account-key", "conversation-key", "conversation-token")
        .apiUrl(vumiGo.apiUrl())
        .build()) {
      sender.sendText("+27831234567", "Welcome!");
    }
    List<SentMessage> sent = vumiGo.awaitMessages(1, Duration.ofSeconds(30));
    assertEquals("Welcome!", sent.get(0).content());
  }
}
