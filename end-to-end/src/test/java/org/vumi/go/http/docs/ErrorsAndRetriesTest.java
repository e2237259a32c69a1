package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.VumiGoException;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/** docs/errors-and-retries.md's snippets: each branch of "was it sent?", reached against the emulator. */
@ExtendWith(VumiGoEmulatorExtension.class)
class ErrorsAndRetriesTest {
  /** Records what the example decided, for each address. */
  static final class Recorded implements ErrorsAndRetries.Outbox {
    final List<String> decisions = new CopyOnWriteArrayList<>();
    volatile VumiGoException why;

    @Override
    public void markSent(String to) {
      decisions.add("sent " + to);
    }

    @Override
    public void markOptedOut(String to) {
      decisions.add("opted out " + to);
    }

    @Override
    public void sendLater(String to) {
      decisions.add("later " + to);
    }

    @Override
    public void askAPerson(String to, VumiGoException why) {
      decisions.add("ask " + to);
      this.why = why;
    }
  }

  @Test
  void eachAnswerToWasItSent(VumiGoEmulator vumiGo) throws Exception {
    Recorded outbox = new Recorded();
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token").optOut("account-key", "+27820000000");
    try (HttpApiSender sender = HttpApiSender.builder("account-key", "conversation-key", "conversation-token")
        .apiUrl(vumiGo.apiUrl()).build()) {
      ErrorsAndRetries.wasItSent(sender, "+27831234567", outbox, LoggerFactory.getLogger("test"));
      ErrorsAndRetries.wasItSent(sender, "+27820000000", outbox, LoggerFactory.getLogger("test"));
    }
    // A server that reads the request and drops the connection: it may have acted on it.
    try (MockWebServer dropping = new MockWebServer()) {
      dropping.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
      dropping.start();
      try (HttpApiSender sender = HttpApiSender.builder("account-key", "conversation-key", "conversation-token")
          .apiUrl(dropping.url("/").toString()).build()) {
        ErrorsAndRetries.wasItSent(sender, "+27831234568", outbox, LoggerFactory.getLogger("test"));
      }
      assertEquals(1, dropping.getRequestCount(), "sent again");
      assertEquals(1, outbox.why.attempts());
    }
    // A port nobody listens on: the connection is refused before anything was sent.
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (HttpApiSender sender = HttpApiSender.builder("account-key", "conversation-key", "conversation-token")
        .apiUrl("http://127.0.0.1:" + port + "/").retryPolicy(RetryPolicy.none()).build()) {
      ErrorsAndRetries.wasItSent(sender, "+27831234569", outbox, LoggerFactory.getLogger("test"));
    }
    assertEquals(List.of("sent +27831234567", "opted out +27820000000", "ask +27831234568", "later +27831234569"),
        outbox.decisions);
  }

  @Test
  void theRetryPolicyIsTaken() {
    try (HttpApiSender sender = ErrorsAndRetries.retries("account-key", "conversation-key", "conversation-token")) {
      assertTrue(sender.toString().contains("maxAttempts=5"), sender.toString());
      assertTrue(sender.toString().contains("maxBackoff=PT30S"), sender.toString());
    }
  }
}
