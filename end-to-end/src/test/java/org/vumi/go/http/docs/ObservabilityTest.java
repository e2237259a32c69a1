package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.VumiGo;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/** docs/observability.md's snippets against the emulator. */
@ExtendWith(VumiGoEmulatorExtension.class)
class ObservabilityTest {
  /** A logger that keeps every line it is given, formatted. */
  static final class RecordingLogger extends AbstractLogger {
    private static final long serialVersionUID = 1L;
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String format, Object[] arguments,
        Throwable throwable) {
      lines.add(level + " " + MessageFormatter.basicArrayFormat(format, arguments));
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
      return true;
    }
  }

  @Test
  void theListenerSeesEveryOperationsOutcome(VumiGoEmulator emulator) throws Exception {
    emulator.addAuthToken("account-key", "api-token");
    RecordingLogger log = new RecordingLogger();
    try (VumiGo vumiGo = Observability.listener("api-token", emulator.goApiUrl(), log)) {
      vumiGo.optOuts().setOptOut("msisdn", "+27831234567");
      vumiGo.optOuts().getOptOut("msisdn", "+27831234568");
    }
    // One line per operation, once it ended. (Not checked: the operation's name, which the API's
    // contract says is the method's, "setOptOut", and which main's clients leave as the HTTP method.)
    assertEquals(2, log.lines.size(), "lines: " + log.lines);
    assertTrue(log.lines.get(0).matches("INFO OPT_OUTS \\S+: ok after 1 attempts, \\d+ ms"), log.lines.get(0));
    assertTrue(log.lines.get(1).matches("INFO OPT_OUTS \\S+: ok after 1 attempts, \\d+ ms"), log.lines.get(1));
  }

  @Test
  void theWrapperMakesEveryCall(VumiGoEmulator vumiGo) throws Exception {
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token");
    List<String> traced = new CopyOnWriteArrayList<>();
    Observability.Telemetry telemetry = client -> request -> {
      traced.add(request.method() + " " + request.url().encodedPath());
      return client.newCall(request);
    };
    try (HttpApiSender production = Observability.traced(telemetry, "account-key", "conversation-key", "conversation-token");
        HttpApiSender sender = production.newBuilder().apiUrl(vumiGo.apiUrl()).build()) {
      sender.sendText("+27831234567", "Hi");
    }
    assertEquals(List.of("PUT /api/v1/go/http_api_nostream/conversation-key/messages.json"), traced);
  }
}
