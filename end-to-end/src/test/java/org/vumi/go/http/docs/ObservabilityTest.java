package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/** docs/observability.md's snippets against the emulator. */
@ExtendWith(VumiGoEmulatorExtension.class)
class ObservabilityTest {
  @Test
  void theWrapperMakesEveryCall(VumiGoEmulator vumiGo) throws Exception {
    vumiGo.addConversation("account-key", "conversation-key", "conversation-token");
    List<String> traced = new CopyOnWriteArrayList<>();
    Observability.Telemetry telemetry = client -> request -> {
      traced.add(request.method() + " " + request.url().encodedPath());
      return client.newCall(request);
    };
    try (HttpApiSender sender = Observability.traced(telemetry, "account-key", "conversation-key", "conversation-token")
        .newBuilder().apiUrl(vumiGo.apiUrl()).build()) {
      sender.sendText("+27831234567", "Hi");
    }
    assertEquals(List.of("PUT /api/v1/go/http_api_nostream/conversation-key/messages.json"), traced);
  }
}
