package org.vumi.consumer.traced;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.okhttp3.OkHttpMetricsEventListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.okhttp.v3_0.OkHttpTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import okhttp3.OkHttpClient;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.testing.VumiGoEmulator;

/**
 * Sends one text through an instrumented sender and fails unless an HTTP client span was exported and
 * Micrometer timed the request.
 */
public final class Main {
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

  public static void main(String[] args) throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build())
            .build();
        VumiGoEmulator vumiGo = VumiGoEmulator.start()) {
      vumiGo.addConversation("acc-key", "conv-key", "conv-token");
      OkHttpTelemetry telemetry = OkHttpTelemetry.create(openTelemetry);
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      OkHttpClient metered = new OkHttpClient.Builder()
          .eventListener(OkHttpMetricsEventListener.builder(registry, "vumi.go.requests").build())
          .build();
      // The instrumentation wraps the sender's own client (made from the injected one), so the
      // sender's at-most-once settings and the metrics listener both stay.
      ConversationSender sender = HttpApiSender.builder("acc-key", "conv-key", "conv-token")
          .apiUrl(vumiGo.apiUrl())
          .client(metered)
          .callFactory(telemetry::createCallFactory)
          .build();
      SentMessage sent = sender.sendText("+27831234567", "Hello, traced");

      List<SpanData> clientSpans = exporter.getFinishedSpanItems().stream()
          .filter(span -> span.getKind() == SpanKind.CLIENT)
          .toList();
      if (clientSpans.size() != 1
          || !"PUT".equals(clientSpans.get(0).getAttributes().get(METHOD))
          || !Long.valueOf(200).equals(clientSpans.get(0).getAttributes().get(STATUS))) {
        System.err.println("traced: expected one HTTP client span for a PUT answered 200, got "
            + exporter.getFinishedSpanItems());
        System.exit(1);
      }
      Timer timer = registry.find("vumi.go.requests").tag("status", "200").timer();
      if (timer == null || timer.count() != 1) {
        System.err.println("traced: expected Micrometer to time one request answered 200, got "
            + registry.getMetersAsString());
        System.exit(1);
      }
      metered.dispatcher().executorService().shutdown();
      metered.connectionPool().evictAll();
      SpanData span = clientSpans.get(0);
      System.out.println("traced: span '" + span.getName() + "' trace " + span.getTraceId()
          + "; Micrometer timed " + timer.count() + " request; sent message id " + sent.messageId());
    }
  }
}
