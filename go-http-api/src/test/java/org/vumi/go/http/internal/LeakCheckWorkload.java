package org.vumi.go.http.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.vumi.go.http.Api;
import org.vumi.go.http.AttemptInfo;
import org.vumi.go.http.ClientListener;
import org.vumi.go.http.OperationInfo;
import org.vumi.go.http.RetryPolicy;

/**
 * What {@link ClassLoaderLeakCheck} runs inside its own class loader: several engines, on the
 * library's default client and on a caller's, send blocking and asynchronously, one is closed while
 * a send is in flight, and then everything is closed.
 */
public final class LeakCheckWorkload {
  private LeakCheckWorkload() {}

  /**
   * Runs the workload.
   *
   * @param baseUrl the server's base URL
   * @return what was done, for the log
   * @throws Exception if a send fails
   */
  public static String run(String baseUrl) throws Exception {
    HttpUrl url = HttpUrl.get(baseUrl + "/conv-key/messages.json");
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger operations = new AtomicInteger();
    ClientListener counting = ClientListener.compose(new ClientListener() {
      @Override
      public void attemptEnded(AttemptInfo attempt) {
        attempts.incrementAndGet();
      }
    }, new ClientListener() {
      @Override
      public void operationEnded(OperationInfo operation) {
        operations.incrementAndGet();
      }
    });
    OkHttpClient callers = new OkHttpClient();
    List<Engine> engines = new ArrayList<>();
    for (OkHttpClient client : new OkHttpClient[] {null, null, callers}) {
      engines.add(Engine.create(new EngineConfig(client, null, RetryPolicy.defaults(), 4, Duration.ofSeconds(30),
          counting), Api.CONVERSATION, "Basic c2VjcmV0", LeakCheckWorkload.class));
    }
    int sent = 0;
    for (Engine engine : engines) {
      for (int i = 0; i < 5; i++) {
        engine.execute(request(url, "blocking " + i));
        sent++;
      }
      List<CompletableFuture<String>> futures = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        futures.add(engine.enqueue(request(url, "async " + i)).thenApply(body -> body));
      }
      for (CompletableFuture<String> future : futures) {
        future.get(30, TimeUnit.SECONDS);
        sent++;
      }
    }
    CompletableFuture<String> inFlight = engines.get(0).enqueue(request(url, "in flight at close"));
    for (Engine engine : engines) {
      engine.close();
    }
    inFlight.get(30, TimeUnit.SECONDS);
    sent++;
    // The caller's client is the caller's to shut down.
    callers.dispatcher().executorService().shutdown();
    callers.connectionPool().evictAll();
    return sent + " sends by " + engines.size() + " engines, " + attempts.get() + " attempts and " + operations.get()
        + " operations seen by the listener";
  }

  private static ApiRequest<String> request(HttpUrl url, String content) {
    byte[] body = ("{\"to_addr\":\"+27\",\"content\":\"" + content + "\"}").getBytes(StandardCharsets.UTF_8);
    return new ApiRequest<>("PUT", url, body, false, ApiRequest.DEFAULT_ANSWER_LIMIT, answer -> {
      if (!answer.isSuccessful()) {
        throw answer.refusal();
      }
      return answer.text();
    }).named("sendText");
  }
}
