package org.vumi.go.http.docs;

import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.vumi.go.http.ClientListener;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.OperationInfo;
import org.vumi.go.http.VumiGo;

/** docs/observability.md's snippets, as shown there; {@link ObservabilityTest} runs them. */
final class Observability {
  private Observability() {}

  static VumiGo listener(String apiToken, String apiUrl, Logger log) {
    ClientListener outcomes = new ClientListener() {
      @Override
      public void operationEnded(OperationInfo operation) {
        log.info("{} {}: {} after {} attempts, {} ms", operation.api(), operation.operation(),
            operation.succeeded() ? "ok" : "failed", operation.attempts(), operation.duration().toMillis());
      }
    };
    VumiGo vumiGo = VumiGo.builder()
        .apiToken(apiToken)
        .apiUrl(apiUrl)
        .listener(outcomes)   // several: ClientListener.compose(outcomes, another)
        .build();
    return vumiGo;
  }

  /** What OpenTelemetry's {@code OkHttpTelemetry} offers: consumers/traced uses the real one. */
  interface Telemetry {
    Call.Factory createCallFactory(OkHttpClient client);
  }

  static HttpApiSender traced(Telemetry telemetry, String accountKey, String conversationKey, String conversationToken) {
    HttpApiSender sender = HttpApiSender.builder(accountKey, conversationKey, conversationToken)
        .callFactory(telemetry::createCallFactory)   // receives the library's own client, safe to wrap
        .build();
    return sender;
  }
}
