package org.vumi.go.http.docs;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.OutboundMessage;
import org.vumi.go.http.VumiGo;

/** docs/threads-deadlines-closing.md's snippets, as shown there; {@link ThreadsDeadlinesClosingTest} runs them. */
final class ThreadsDeadlinesClosing {
  private ThreadsDeadlinesClosing() {}

  static void opening(String apiToken, String apiUrl, String accountKey, String conversationKey,
      String conversationToken, Logger log) {
    try (VumiGo vumiGo = VumiGo.builder()
        .apiToken(apiToken)
        .apiUrl(apiUrl)                     // Vumi Go's own unless set
        .deadline(Duration.ofSeconds(20))   // each operation, every attempt and wait included
        .maxInFlight(4)                     // per client: Vumi Go allows an account 10 in flight
        .build()) {
      HttpApiSender sender = vumiGo.conversation(accountKey, conversationKey, conversationToken);
      CompletableFuture<Void> logged = sender.sendAsync(OutboundMessage.text("+27831234567", "Hi"))
          .thenAccept(sent -> log.info("sent as {}", sent.messageId()));   // may send again, even blocking
      logged.join();
    }   // closes every client it handed out; the library's threads then end
  }
}
