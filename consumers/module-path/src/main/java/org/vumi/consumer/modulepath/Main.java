package org.vumi.consumer.modulepath;

import org.vumi.go.http.ConversationSender;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.LoggingSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.testing.VumiGoEmulator;

/** Sends one text through the real sender to the emulator and prints its message id. */
public final class Main {
  // Prove the run is on the module path with the library's own descriptor: a class-path run, or the
  // library as an automatic module, would pass without testing the descriptor at all.
  static {
    Module library = HttpApiSender.class.getModule();
    if (!Main.class.getModule().isNamed() || !library.isNamed() || library.getDescriptor().isAutomatic()) {
      throw new AssertionError("not on the module path with a real descriptor: " + library);
    }
  }

  public static void main(String[] args) throws Exception {
    try (VumiGoEmulator vumiGo = VumiGoEmulator.start()) {
      vumiGo.addConversation("acc-key", "conv-key", "conv-token");
      ConversationSender sender =
          new HttpApiSender("acc-key", "conv-key", "conv-token", vumiGo.apiUrl(), null);
      SentMessage sent = sender.sendText("+27831234567", "Hello from the module path");
      // The emulator must have accepted exactly this message, or the run is not a proof.
      if (vumiGo.messages().size() != 1 || !sent.messageId().equals(vumiGo.messages().get(0).messageId())) {
        throw new AssertionError("the emulator did not record the message sent: " + vumiGo.messages());
      }
      System.out.println("module-path: sent message id " + sent.messageId());

      // LoggingSender's constructors take SLF4J's Logger and Level: a module that requires only
      // org.vumi.go.http must be able to name them.
      ConversationSender logging = new LoggingSender(LoggerFactory.getLogger("module-path"), Level.INFO);
      System.out.println("module-path: LoggingSender answered message id "
          + logging.sendText("+27831234567", "Hello, log").messageId());
    }
  }
}
