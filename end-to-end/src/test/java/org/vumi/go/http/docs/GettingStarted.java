package org.vumi.go.http.docs;

import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;   // SLF4J's Level, not java.util.logging's
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.LoggingSender;

/** docs/getting-started.md's other snippets, as shown there; {@link GettingStartedTest} runs them. */
final class GettingStarted {
  private GettingStarted() {}

  static ConversationSender chooseSender(boolean liveSending, String accountKey, String conversationKey,
      String conversationToken) {
    ConversationSender sender = liveSending
        ? new HttpApiSender(accountKey, conversationKey, conversationToken)
        : new LoggingSender(LoggerFactory.getLogger("sms"), Level.DEBUG);   // sends nothing; logs every call
    return sender;
  }
}
