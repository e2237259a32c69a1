package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.VumiGo;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/** docs/threads-deadlines-closing.md's snippets against the emulator. */
@ExtendWith(VumiGoEmulatorExtension.class)
class ThreadsDeadlinesClosingTest {
  @Test
  void sendsThenClosesEverything(VumiGoEmulator vumiGo) {
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token");
    ThreadsDeadlinesClosing.opening("api-token", vumiGo.goApiUrl(), "account-key", "conversation-key",
        "conversation-token", LoggerFactory.getLogger("test"));
    assertEquals("Hi", vumiGo.awaitMessages(1, Duration.ofSeconds(30)).get(0).content());
  }

  @Test
  void aClosedClientSendsNothing(VumiGoEmulator vumiGo) {
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token");
    VumiGo closed = VumiGo.builder().apiToken("api-token").apiUrl(vumiGo.goApiUrl()).build();
    HttpApiSender sender = closed.conversation("account-key", "conversation-key", "conversation-token");
    closed.close();
    assertThrows(IllegalStateException.class, () -> sender.sendText("+27831234567", "Hi"));
    assertThrows(IllegalStateException.class, closed::optOuts);
    assertEquals(0, vumiGo.requestCount());
  }
}
