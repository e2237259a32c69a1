package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Test support: requests to an emulator, each answer read whole and closed. */
final class Http {
  static final MediaType JSON = MediaType.get("application/json");

  final VumiGoEmulator vumiGo;
  // Generous timeouts: an 8 MiB body on a loaded 2-core machine takes seconds to write and parse, and
  // a test must not fail for the machine's load. What a test waits for comes before these ceilings.
  final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false)
      .readTimeout(Duration.ofSeconds(60)).writeTimeout(Duration.ofSeconds(60)).build();

  Http(VumiGoEmulator vumiGo) {
    this.vumiGo = vumiGo;
  }

  /** The emulator's origin, {@code http://127.0.0.1:port}. */
  String origin() {
    URI api = URI.create(vumiGo.apiUrl());
    return api.getScheme() + "://" + api.getAuthority();
  }

  /** A request to a path below the origin (not below the API). */
  VumiGoEmulatorTest.Answer raw(String method, String pathFromRoot, byte[] body, String authorization)
      throws IOException {
    Request.Builder request = new Request.Builder().url(origin() + pathFromRoot);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    request.method(method, body == null ? null : RequestBody.create(body, JSON));
    try (Response response = client.newCall(request.build()).execute()) {
      return new VumiGoEmulatorTest.Answer(response.code(), response.header("Content-Type"), response.body().string(),
          response.headers());
    }
  }

  VumiGoEmulatorTest.Answer put(String resource, byte[] body) throws IOException {
    return raw("PUT", VumiGoEmulator.API_PATH + "/conv-key/" + resource, body, VumiGoEmulatorTest.AUTH);
  }

  VumiGoEmulatorTest.Answer put(String resource, String body) throws IOException {
    return put(resource, body.getBytes(StandardCharsets.UTF_8));
  }

  String reason(String resource, String body) throws IOException {
    VumiGoEmulatorTest.Answer answer = put(resource, body);
    JsonNode reason = answer.json().get("reason");
    return answer.code() + " " + reason.asText();
  }

  /**
   * Asserts that the emulator holds the request open, as the real server does where its code raises:
   * the emulator records the request as held, no answer has come by then, and once the emulator
   * lets go of it the client sees the connection end with no answer. (No wait for an answer not to
   * come within some time: the test is as quick on a loaded machine, and as sure.)
   */
  void assertHeld(String resource, String body) {
    assertHeld(resource, body.getBytes(StandardCharsets.UTF_8), VumiGoEmulatorTest.AUTH);
  }

  void assertHeld(String resource, byte[] body, String authorization) {
    Request.Builder request = new Request.Builder().url(vumiGo.apiUrl() + "/conv-key/" + resource)
        .put(RequestBody.create(body, JSON));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    assertHeld(client.newCall(request.build()), new String(body, StandardCharsets.UTF_8));
  }

  /** Runs a task on a thread of its own: both waits above block, and must not queue behind other tasks. */
  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "Http.assertHeld");
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs the call and asserts that the emulator holds it open and never answers it (see above). */
  void assertHeld(Call call, String what) {
    int before = vumiGo.held.snapshot().size();
    CompletableFuture<Integer> answer = CompletableFuture.supplyAsync(() -> {
      try (Response response = call.execute()) {
        return response.code();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, Http::daemon);
    CompletableFuture<Void> held = CompletableFuture.runAsync(() -> vumiGo.held.await(before + 1, Duration.ofSeconds(30)),
        Http::daemon);
    CompletableFuture.anyOf(held, answer).handle((either, failure) -> null).join(); // whichever comes first
    assertFalse(answer.isDone(), () -> what + ": "
        + answer.handle((code, failure) -> failure == null ? "answered " + code : "failed: " + failure).join()
        + " instead of being held");
    held.join();
    vumiGo.dropHeld();
    ExecutionException dropped = assertThrows(ExecutionException.class, () -> answer.get(30, TimeUnit.SECONDS),
        what + ": answered");
    assertInstanceOf(UncheckedIOException.class, dropped.getCause(), what);
  }

  /**
   * Writes a request head (and nothing else) on a raw socket and returns what came back within the
   * timeout, so a test can tell an answer given before the body from one that waited for it.
   */
  String headOnly(String head, Duration timeout) throws IOException {
    URI api = URI.create(vumiGo.apiUrl());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(api.getHost(), api.getPort()));
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      byte[] buffer = new byte[4096];
      try {
        // The end of the head is checked before each read, never after: a read past a complete
        // answer would wait out the whole timeout for bytes that never come.
        int n;
        while (answer.indexOf("\r\n\r\n") < 0 && (n = in.read(buffer)) > 0) {
          answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
      } catch (SocketTimeoutException nothingMore) {
        // what arrived so far is the answer
      }
      return answer.toString();
    }
  }
}
