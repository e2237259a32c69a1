package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/**
 * docs/getting-started.md's first program, run as a user runs it: in a JVM of its own, configured
 * by environment variables only, here pointed at the emulator by {@code VUMI_GO_API_URL}.
 */
@ExtendWith(VumiGoEmulatorExtension.class)
class FirstSendTest {
  @TempDir Path output;

  /** What a finished program left: its exit status, and what it wrote. */
  record Run(int status, String out, String err) {}

  Run run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
    // The quick compiler only, and one GC thread: a program that sends one message and ends starts
    // sooner so (here 0.7 s rather than 0.9 to 1.4 s); what it does is the same.
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), FirstSend.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(output.resolve("out").toFile())
        .redirectError(output.resolve("err").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("VUMI_GO_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the program did not end within 60 s");
    }
    return new Run(process.exitValue(), Files.readString(output.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(output.resolve("err"), StandardCharsets.UTF_8));
  }

  @Test
  void sendsWithWhatTheEnvironmentSays(VumiGoEmulator vumiGo) throws Exception {
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token");
    Run run = run(Map.of(
        "VUMI_GO_API_TOKEN", "api-token",
        "VUMI_GO_API_URL", vumiGo.goApiUrl(),
        "VUMI_GO_ACCOUNT_KEY", "account-key",
        "VUMI_GO_CONVERSATION_KEY", "conversation-key",
        "VUMI_GO_CONVERSATION_TOKEN", "conversation-token"), "+27831234567");

    assertEquals(0, run.status(), run.err());
    List<SentMessage> sent = vumiGo.messages();
    assertEquals(1, sent.size(), "accepted: " + sent);
    assertEquals("+27831234567", sent.get(0).toAddr());
    assertEquals("Hello from Java!", sent.get(0).content());
    assertTrue(run.out().contains("Vumi Go took it as message " + sent.get(0).messageId()), run.out());
  }

  @Test
  void withoutTheApiTokenItSaysWhichVariableToSetAndSendsNothing(VumiGoEmulator vumiGo) throws Exception {
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token");
    Run run = run(Map.of(
        "VUMI_GO_API_URL", vumiGo.goApiUrl(),
        "VUMI_GO_ACCOUNT_KEY", "account-key",
        "VUMI_GO_CONVERSATION_KEY", "conversation-key",
        "VUMI_GO_CONVERSATION_TOKEN", "conversation-token"), "+27831234567");

    assertNotEquals(0, run.status());
    assertTrue(run.err().contains("VUMI_GO_API_TOKEN is not set"), run.err());
    assertEquals(0, vumiGo.requestCount());
  }
}
