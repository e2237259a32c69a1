package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A future's callbacks run on the library's own callback threads: never on OkHttp's (whose per-host
 * slots a blocked callback would hold) and never while a turn is held. So a callback may send through
 * the same client, blocking or by waiting on another send's future, however many chains run at once.
 */
class CallbackThreadsTest {
  static final int CHAINS = 32;

  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final OkHttpClient client = new OkHttpClient(); // OkHttp's own default: 5 calls per host at once

  @BeforeEach
  void answerEveryRequest() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE);
      }
    });
  }

  HttpApiSender sender(@Nullable OkHttpClient client, int maxInFlight) {
    return HttpApiSender.builder("acc-key", "conv-key", "conv-token").apiUrl(server.url("/").toString())
        .client(client).maxInFlight(maxInFlight).build();
  }

  static SentMessage send(ConversationSender sender, String content) {
    try {
      return sender.sendText("+27", content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void chains(HttpApiSender sender, Function<SentMessage, SentMessage> callback) throws Exception {
    List<CompletableFuture<SentMessage>> chains = new ArrayList<>();
    for (int i = 0; i < CHAINS; i++) {
      chains.add(sender.sendAsync(OutboundMessage.text("+27", "a" + i)).thenApply(callback));
    }
    for (CompletableFuture<SentMessage> chain : chains) {
      assertEquals("4802dff631854967a4e27cca50f73e6b", chain.get(30, TimeUnit.SECONDS).messageId());
    }
  }

  @Test
  void manyCallbacksThatSendBlockingAllFinish() throws Exception {
    for (OkHttpClient each : new OkHttpClient[] {client, null}) {
      HttpApiSender sender = sender(each, 2);
      chains(sender, sent -> send(sender, "b"));
    }
    assertEquals(4 * CHAINS, server.getRequestCount());
  }

  @Test
  void manyCallbacksThatWaitOnAnotherSendsFutureAllFinish() throws Exception {
    for (OkHttpClient each : new OkHttpClient[] {client, null}) {
      HttpApiSender sender = sender(each, 2);
      chains(sender, sent -> sender.sendAsync(OutboundMessage.text("+27", "b")).join());
    }
    assertEquals(4 * CHAINS, server.getRequestCount());
  }

  @Test
  void callbacksRunOnTheLibrarysCallbackThreads() throws Exception {
    CountDownLatch answer = new CountDownLatch(1);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        answer.await(30, TimeUnit.SECONDS);
        return HttpApiSenderTest.ok(HttpApiSenderTest.SERVER_MESSAGE);
      }
    });
    HttpApiSender sender = sender(client, 1);
    CompletableFuture<String> thread = sender.sendAsync(OutboundMessage.text("+27", "a"))
        .thenApply(sent -> Thread.currentThread().getName());
    answer.countDown();
    String name = thread.get(30, TimeUnit.SECONDS);
    assertTrue(name.startsWith("go-http-api callbacks"), name);
  }
}
