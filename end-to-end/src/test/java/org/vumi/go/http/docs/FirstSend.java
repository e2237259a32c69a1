// docs/getting-started.md's first program, imports included, as shown there; FirstSendTest runs it in a JVM of its own.
package org.vumi.go.http.docs;

import java.io.IOException;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.VumiGo;

public final class FirstSend {
  public static void main(String[] args) throws IOException {
    String accountKey = required("VUMI_GO_ACCOUNT_KEY");
    String conversationKey = required("VUMI_GO_CONVERSATION_KEY");
    String conversationToken = required("VUMI_GO_CONVERSATION_TOKEN");
    try (VumiGo vumiGo = VumiGo.fromEnvironment()) {   // VUMI_GO_API_TOKEN, and VUMI_GO_API_URL if set
      ConversationSender sender = vumiGo.conversation(accountKey, conversationKey, conversationToken);
      SentMessage sent = sender.sendText(args[0], "Hello from Java!");
      System.out.println("Vumi Go took it as message " + sent.messageId());
    }
  }

  private static String required(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("set the environment variable " + variable);
    }
    return value;
  }
}
