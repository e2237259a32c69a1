package org.vumi.consumer.traced;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.okhttp.v3_0.OkHttpTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.testing.VumiGoEmulator;

/** Sends one text through an instrumented sender and fails unless an HTTP client span was exported. */
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
      // The instrumentation wraps the sender's own client, so the sender's at-most-once settings stay.
      ConversationSender sender = HttpApiSender.builder("acc-key", "conv-key", "conv-token")
          .apiUrl(vumiGo.apiUrl())
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
      SpanData span = clientSpans.get(0);
      System.out.println("traced: span '" + span.getName() + "' trace " + span.getTraceId()
          + "; sent message id " + sent.messageId());
    }
  }
}
