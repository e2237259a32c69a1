package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The server reads a PUT on a kept-alive connection and then drops the connection without
 * answering. Plain OkHttp sends the request again; the sender must not.
 */
class AtMostOnceTest {
  @StartStop
  final MockWebServer server = new MockWebServer();

  final OkHttpClient client = new OkHttpClient();

  void enqueueAnsweredThenDroppedThenAnswered() {
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
  }

  /** Shows that the scenario below is the real hazard: OkHttp on its own delivers the PUT twice. */
  @Test
  void plainOkHttpSendsTheDroppedRequestAgain() throws Exception {
    enqueueAnsweredThenDroppedThenAnswered();
    for (int i = 0; i < 2; i++) {
      Request put = new Request.Builder().url(server.url("/conv-key/messages.json"))
          .put(RequestBody.create("{\"to_addr\":\"+27\",\"content\":\"" + i + "\"}", MediaType.get("application/json")))
          .build();
      try (Response response = client.newCall(put).execute()) {
        assertEquals(200, response.code());
      }
    }
    assertEquals(3, server.getRequestCount(), "OkHttp retried the dropped PUT");
    server.takeRequest();
    assertEquals(server.takeRequest(1, TimeUnit.SECONDS).getBody(), server.takeRequest(1, TimeUnit.SECONDS).getBody());
  }

  @Test
  void senderNeverSendsAMessageTwice() throws Exception {
    enqueueAnsweredThenDroppedThenAnswered();
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), client);
    sender.sendText("+27", "first");
    IOException e = assertThrows(IOException.class, () -> sender.sendText("+27", "second"));
    assertTrue(e.getMessage().contains("may or may not have received it"), e.getMessage());
    assertEquals(2, server.getRequestCount(), "the dropped message was sent again");
  }

  @Test
  void metricsAreNotRepeatedEither() throws Exception {
    enqueueAnsweredThenDroppedThenAnswered();
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), client);
    sender.sendText("+27", "first");
    assertThrows(IOException.class, () -> sender.fireMetric("m", 1));
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void redirectsAreNotFollowedWithTheMessage() throws Exception {
    server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", server.url("/elsewhere")).build());
    server.enqueue(HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE));
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", server.url("/").toString(), client);
    HttpApiException e = assertThrows(HttpApiException.class, () -> sender.sendText("+27", "hi"));
    assertEquals(307, e.statusCode());
    assertEquals(1, server.getRequestCount());
  }
}
