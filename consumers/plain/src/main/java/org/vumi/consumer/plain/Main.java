package org.vumi.consumer.plain;

import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.testing.VumiGoEmulator;

/** Sends one text through the real sender to the emulator and prints its message id. */
public final class Main {
  public static void main(String[] args) throws Exception {
    try (VumiGoEmulator vumiGo = VumiGoEmulator.start()) {
      vumiGo.addConversation("acc-key", "conv-key", "conv-token");
      ConversationSender sender =
          new HttpApiSender("acc-key", "conv-key", "conv-token", vumiGo.apiUrl(), null);
      SentMessage sent = sender.sendText("+27831234567", "Hello from the class path");
      // The emulator must have accepted exactly this message, or the run is not a proof.
      if (vumiGo.messages().size() != 1 || !sent.messageId().equals(vumiGo.messages().get(0).messageId())) {
        throw new AssertionError("the emulator did not record the message sent: " + vumiGo.messages());
      }
      System.out.println("plain: sent message id " + sent.messageId());
    }
  }
}
