package org.vumi.go.http.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.testing.VumiGoEmulator;

/** The demo's steps keep working: what they print is what they promise. */
class OtherApisDemoTest {
  @Test
  void theStepsShowARefusedSendAMetricReadBackAndTheRoutingTable() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (VumiGoEmulator vumiGo = VumiGoEmulator.start();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      OtherApisDemo.run(vumiGo, out);
    }
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("UserOptedOutException: Recipient with msisdn +27831239999 has opted out"), text);
    assertTrue(text.contains("value=5.0]]"), text);
    assertTrue(text.contains("conversation survey (jsbox) \"Survey\" running"), text);
    assertTrue(text.contains("route TRANSPORT_TAG:longcode:27831230000::default -> CONVERSATION:jsbox:survey::default"),
        text);
  }
}
