package org.vumi.go.http.docs;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.UserOptedOutException;
import org.vumi.go.http.VumiGoException;

/** docs/errors-and-retries.md's snippets, as shown there; {@link ErrorsAndRetriesTest} runs them. */
final class ErrorsAndRetries {
  private ErrorsAndRetries() {}

  /** What the example does next with a message: the application's own. */
  interface Outbox {
    void markSent(String to);

    void markOptedOut(String to);

    void sendLater(String to);

    void askAPerson(String to, VumiGoException why);
  }

  static void wasItSent(ConversationSender sender, String to, Outbox outbox, Logger log) throws IOException {
    try {
      sender.sendText(to, "Your code is 1234");
      outbox.markSent(to);
    } catch (UserOptedOutException e) {
      outbox.markOptedOut(to);                  // refused, and will be refused again
    } catch (VumiGoException e) {
      if (!e.mayHaveBeenSent()) {
        outbox.sendLater(to);                   // certainly not sent: sending again cannot duplicate it
      } else {
        log.warn("{} may have been sent, after {} attempts", to, e.attempts(), e);
        outbox.askAPerson(to, e);               // the library did not send it again; decide yourself
      }
    }
  }

  static HttpApiSender retries(String accountKey, String conversationKey, String conversationToken) {
    HttpApiSender sender = HttpApiSender.builder(accountKey, conversationKey, conversationToken)
        .retryPolicy(RetryPolicy.builder().maxAttempts(5).maxBackoff(Duration.ofSeconds(30)).build())
        // or .retryPolicy(RetryPolicy.none())
        .build();
    return sender;
  }
}
