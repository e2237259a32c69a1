package org.vumi.go.http.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.testing.VumiGoEmulator;

/** The contacts demo keeps working: what it prints is what it promises. */
class ContactsDemoTest {
  @Test
  void theStepsCreateLookUpUpdateAndPageThroughTheGroup() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (VumiGoEmulator vumiGo = VumiGoEmulator.start();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      ContactsDemo.run(vumiGo, out);
    }
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("surname=Pendragon extra={quest=Grail, title=King}"), text);
    assertTrue(text.contains("getContactByField(msisdn, +27830000000) <= none"), text);
    assertTrue(text.matches("(?s).*page 2: \\[\\w+\\], next cursor null.*"), text);
    assertTrue(text.contains("as a stream <= [Arthur, Galahad, Lancelot]"), text);
    assertTrue(text.contains("contacts() counts 4 contacts"), text);
  }
}
