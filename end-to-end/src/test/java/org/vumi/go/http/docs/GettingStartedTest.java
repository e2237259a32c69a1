package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.LoggingSender;
import org.vumi.go.http.SentMessage;

/** docs/getting-started.md's choice of sender. */
class GettingStartedTest {
  @Test
  void configurationChoosesTheSender() throws Exception {
    try (ConversationSender live = GettingStarted.chooseSender(true, "account-key", "conversation-key", "token")) {
      assertInstanceOf(HttpApiSender.class, live);
    }
    try (ConversationSender logging = GettingStarted.chooseSender(false, "account-key", "conversation-key", "token")) {
      assertInstanceOf(LoggingSender.class, logging);
      // Sends nothing, and answers in the real sender's shapes.
      SentMessage sent = logging.sendText("+27831234567", "Hello!");
      assertEquals(32, sent.messageId().length());
      assertEquals("Hello!", sent.content());
    }
  }
}
