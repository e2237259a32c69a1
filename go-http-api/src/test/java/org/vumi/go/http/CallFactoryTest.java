package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.account.AccountApiClient;
import org.vumi.go.http.metrics.MetricsApiClient;
import org.vumi.go.http.optouts.OptOutsApiClient;

/** Every client makes its calls through the wrapper it is given, as tracing needs. */
class CallFactoryTest {
  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final AtomicInteger wrapped = new AtomicInteger();

  /** A wrapper that counts the calls it makes, as OpenTelemetry's counts spans. */
  final Function<OkHttpClient, Call.Factory> counting = client -> request -> {
    wrapped.incrementAndGet();
    return client.newCall(request);
  };

  @Test
  void everyClientCallsThroughItsWrapper() throws Exception {
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    HttpApiSender.builder("acc-key", "conv-key", "conv-token").apiUrl(server.url("/").toString())
        .callFactory(counting).build().sendText("+27", "hi");
    server.enqueue(new MockResponse.Builder().code(200).body("{\"status\": {\"code\": 200}, \"opt_out_count\": 3}").build());
    assertEquals(3, OptOutsApiClient.builder("token").apiUrl(server.url("/").toString()).callFactory(counting)
        .build().count());
    server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    MetricsApiClient.builder("token").apiUrl(server.url("/").toString()).callFactory(counting).build()
        .getMetric("m.sum", "-1d", "1d", "omit");
    server.enqueue(new MockResponse.Builder().code(200).body("{\"result\": [], \"error\": null, \"id\": null}").build());
    AccountApiClient.builder("token").apiUrl(server.url("/").toString()).callFactory(counting).build().campaigns();
    assertEquals(4, wrapped.get());
    assertEquals(4, server.getRequestCount());
  }
}
