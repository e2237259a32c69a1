package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.TransportException;
import org.vumi.go.http.UserOptedOutException;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/** docs/testing.md's faults, as shown there, each seen by the sender. */
@ExtendWith(VumiGoEmulatorExtension.class)
class FaultsTest {
  @Test
  void optedOut(VumiGoEmulator vumiGo) throws Exception {
    try (HttpApiSender sender = ReadmeTest.sender(vumiGo)) {
      vumiGo.optOut("account-key", "+27820000000");   // sends to it: 400, UserOptedOutException
      assertThrows(UserOptedOutException.class, () -> sender.sendText("+27820000000", "Hi"));
    }
  }

  @Test
  void contentTooLong(VumiGoEmulator vumiGo) throws Exception {
    try (HttpApiSender sender = ReadmeTest.sender(vumiGo)) {
      vumiGo.contentLengthLimit("conversation-key", 10);   // longer content: 400 "Payload content too long: 11 > 10"
      HttpApiException refused = assertThrows(HttpApiException.class, () -> sender.sendText("+27831234567", "Hello there"));
      assertEquals(400, refused.statusCode());
      assertEquals("Payload content too long: 11 > 10", refused.reason());
    }
  }

  @Test
  void tooManyInFlight(VumiGoEmulator vumiGo) throws Exception {
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token");
    // The default policy's attempts, without its real backoffs: the waits are not what is shown.
    try (HttpApiSender sender = HttpApiSender.builder("account-key", "conversation-key", "conversation-token")
        .apiUrl(vumiGo.apiUrl()).retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ZERO).build()).build()) {
      vumiGo.concurrencyLimit(0);   // every request: 403 "Too many concurrent connections", as Vumi Go's limit
      HttpApiException refused = assertThrows(HttpApiException.class, () -> sender.sendText("+27831234567", "Hi"));
      assertEquals(403, refused.statusCode());
      assertEquals(3, refused.attempts());   // not processed, so retried: the default policy's 3 attempts
      vumiGo.noConcurrencyLimit();
      sender.sendText("+27831234567", "Hi");
    }
  }

  @Test
  void slowServer(VumiGoEmulator vumiGo) throws Exception {
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token");
    try (HttpApiSender sender = HttpApiSender.builder("account-key", "conversation-key", "conversation-token")
        .apiUrl(vumiGo.apiUrl()).deadline(Duration.ofMillis(100)).retryPolicy(RetryPolicy.none()).build()) {
      vumiGo.responseDelay(Duration.ofSeconds(60));   // every PUT answered a minute late, as a loaded server
      TransportException late = assertThrows(TransportException.class, () -> sender.sendText("+27831234567", "Hi"));
      assertEquals(TransportException.Timeout.DEADLINE, late.timeout());
    }
  }
}
