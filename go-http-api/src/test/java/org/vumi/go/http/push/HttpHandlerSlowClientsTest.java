package org.vumi.go.http.push;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vumi.go.http.InboundMessage;

/**
 * The JDK's server wired as docs/receiving-pushes.md shows (8 threads), against clients that are refused and then
 * trickle a body the handler never reads: a refused request must not keep a thread, so a valid push
 * is still answered. Run it on every JDK the library supports (the JDK drains unread bodies).
 */
class HttpHandlerSlowClientsTest {
  static final int THREADS = 8;
  static final String AUTH = PushReceiverTest.AUTH;

  final List<InboundMessage> messages = new CopyOnWriteArrayList<>();
  final PushReceiver receiver = PushReceiver.builder().basicAuth("vumi", "s3cret").onMessage(messages::add).build();
  final ExecutorService executor = Executors.newFixedThreadPool(THREADS);
  HttpServer server;
  SlowClients slow;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/vumi", receiver.httpHandler());
    server.setExecutor(executor);
    server.start();
    slow = new SlowClients(server.getAddress().getPort());
  }

  @AfterEach
  void stop() throws Exception {
    slow.close();
    server.stop(0);
    executor.shutdownNow();
  }

  /** Requests refused before their body is read to its end, each with a body that never finishes. */
  enum Refused {
    UNAUTHENTICATED("HTTP/1.1 401 Unauthorized",
        "POST /vumi HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n", "{".getBytes(UTF_8)),
    UNAUTHENTICATED_CHUNKED("HTTP/1.1 401 Unauthorized",
        "POST /vumi HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n100000\r\n", "{".getBytes(UTF_8)),
    ANNOUNCED_OVER_THE_LIMIT("HTTP/1.1 413 Request Entity Too Large",
        "POST /vumi HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\nContent-Length: 2000000\r\n\r\n",
        "{".getBytes(UTF_8)),
    // Read to one byte past the limit, then refused with most of the chunk still to come.
    CHUNKED_OVER_THE_LIMIT("HTTP/1.1 413 Request Entity Too Large",
        "POST /vumi HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\nTransfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString((1 << 20) + (128 << 10)) + "\r\n", spaces((1 << 20) + 1024)),
    NOT_A_POST("HTTP/1.1 405 Method Not Allowed",
        "PUT /vumi HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\nContent-Length: 1000000\r\n\r\n",
        "{".getBytes(UTF_8));

    final String statusLine;
    final String head;
    final byte[] start;

    Refused(String statusLine, String head, byte[] start) {
      this.statusLine = statusLine;
      this.head = head;
      this.start = start;
    }
  }

  static byte[] spaces(int count) {
    byte[] spaces = new byte[count];
    Arrays.fill(spaces, (byte) ' ');
    return spaces;
  }

  @ParameterizedTest
  @EnumSource(Refused.class)
  void refusedRequestsThatTrickleTheirBodyHoldNoThread(Refused refused) throws Exception {
    for (int i = 0; i < THREADS; i++) {
      assertEquals(refused.statusLine, slow.open(refused.head, refused.start));
    }
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/vumi";
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(0, TimeUnit.SECONDS).build();
    CompletableFuture<Integer> valid = CompletableFuture.supplyAsync(() -> {
      try (Response response = client.newCall(PushReceiverTest.post(url, PushReceiverTest.MESSAGE, AUTH)).execute()) {
        return response.code();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try {
      assertEquals(200, valid.get(SlowClients.CEILING_MILLIS, TimeUnit.MILLISECONDS),
          "a valid push is answered while " + THREADS + " refused clients trickle their bodies");
    } finally {
      client.dispatcher().cancelAll();
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
    assertEquals(1, messages.size());
    assertTrue(slow.allDropped(), "the server closed every refused connection instead of waiting for its body");
  }

  @Test
  void aRefusedRequestWhoseWholeBodyHasArrivedKeepsItsConnection() throws Exception {
    // Vumi Go with a stale password sends small bodies at once: the connection stays usable.
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
      socket.setSoTimeout(SlowClients.CEILING_MILLIS);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] message = PushReceiverTest.MESSAGE.getBytes(UTF_8);
      out.write(("POST /vumi HTTP/1.1\r\nHost: x\r\nAuthorization: " + okhttp3.Credentials.basic("vumi", "stale")
          + "\r\nContent-Length: " + message.length + "\r\n\r\n" + PushReceiverTest.MESSAGE).getBytes(UTF_8));
      out.flush();
      assertEquals("HTTP/1.1 401 Unauthorized", SlowClients.readLine(in));
      skipAnswer(in);
      out.write(("POST /vumi HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\nContent-Length: " + message.length
          + "\r\n\r\n" + PushReceiverTest.MESSAGE).getBytes(UTF_8));
      out.flush();
      assertEquals("HTTP/1.1 200 OK", SlowClients.readLine(in));
    }
    assertEquals(1, messages.size());
  }

  /** Reads the headers and the Content-Length body of an answer whose status line has been read. */
  static void skipAnswer(InputStream in) throws java.io.IOException {
    int length = 0;
    for (String line = SlowClients.readLine(in); !line.isEmpty(); line = SlowClients.readLine(in)) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    assertEquals(length, in.readNBytes(length).length);
  }
}
