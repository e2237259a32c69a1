package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.VumiGo;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/** docs/spring-boot.md's service, given the beans the starter would give it. */
@ExtendWith(VumiGoEmulatorExtension.class)
class SpringBootGuideTest {
  @Test
  void greetsThoseWhoHaveNotOptedOut(VumiGoEmulator emulator) throws Exception {
    emulator.addConversation("account-key", "conversation-key", "conversation-token")
        .optOut("account-key", "+27820000000");
    try (VumiGo vumiGo = OtherApisTest.vumiGo(emulator)) {
      HttpApiSender sender = vumiGo.conversation("account-key", "conversation-key", "conversation-token");
      Greeter greeter = new Greeter(sender, vumiGo.optOuts());
      assertEquals("Hello!", greeter.greet("+27831234567").orElseThrow().content());
      assertTrue(greeter.greet("+27820000000").isEmpty());
    }
    assertEquals(1, emulator.messages().size());
  }
}
