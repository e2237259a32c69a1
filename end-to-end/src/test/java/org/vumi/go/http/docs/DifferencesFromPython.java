package org.vumi.go.http.docs;

import java.io.IOException;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.UserOptedOutException;

/** docs/differences-from-python.md's opening, as shown there; {@link DifferencesFromPythonTest} runs it. */
final class DifferencesFromPython {
  private DifferencesFromPython() {}

  static String opening(String accountKey, String conversationKey, String conversationToken, String apiUrl)
      throws IOException {
    try (ConversationSender sender = new HttpApiSender(accountKey, conversationKey, conversationToken, apiUrl, null)) {
      SentMessage sent = sender.sendText("+27831234567", "Hello!");      // a typed answer, not a dict
      String messageId = sent.messageId();
      sender.sendText("+27820000000", "Hello!");                        // opted out
      return messageId;
    } catch (UserOptedOutException e) {
      return e.toAddr() + ": " + e.reason();                            // as go_http.exceptions.UserOptedOutException
    }
  }
}
