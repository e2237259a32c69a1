package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/** docs/differences-from-python.md's opening against the emulator. */
@ExtendWith(VumiGoEmulatorExtension.class)
class DifferencesFromPythonTest {
  @Test
  void sendsThenIsRefusedForAnOptedOutRecipient(VumiGoEmulator vumiGo) throws Exception {
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token").optOut("account-key", "+27820000000");
    assertEquals("+27820000000: Recipient with msisdn +27820000000 has opted out",
        DifferencesFromPython.opening("account-key", "conversation-key", "conversation-token", vumiGo.apiUrl()));
    assertEquals(1, vumiGo.messages().size());
  }
}
