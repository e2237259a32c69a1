package org.vumi.go.http.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vumi.go.http.Event;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.push.HttpHandlerSlowClientsTest.Refused;

/**
 * {@link PushServlet} in a real servlet container, embedded Jetty 12 (ee10) on a free port, with a
 * small thread pool: it answers as the JDK handler does, and refused clients that trickle their
 * bodies hold none of the container's threads.
 */
class PushServletTest {
  static {
    // Jetty announces its start and stop at INFO: keep the test output to what matters.
    System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
  }

  /** Jetty takes one thread to accept and one to select; the rest serve requests. */
  static final int THREADS = 10;
  static final String AUTH = PushReceiverTest.AUTH;

  final List<InboundMessage> messages = new CopyOnWriteArrayList<>();
  final List<Event> events = new CopyOnWriteArrayList<>();
  final OkHttpClient client = new OkHttpClient.Builder().readTimeout(0, TimeUnit.SECONDS).build();
  Server server;
  String url;

  @BeforeEach
  void start() throws Exception {
    serve(PushReceiver.builder().basicAuth("vumi", "s3cret").onMessage(messages::add).onEvent(events::add).build());
  }

  void serve(PushReceiver receiver) throws Exception {
    if (server != null) {
      server.stop();
    }
    QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
    threads.setReservedThreads(0);
    server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new PushServlet(receiver)), "/vumi/*");
    server.setHandler(context);
    server.start();
    url = "http://127.0.0.1:" + connector.getLocalPort() + "/vumi/message";
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  Response post(String body, String authorization) throws IOException {
    return client.newCall(PushReceiverTest.post(url, body, authorization)).execute();
  }

  @Test
  void messagesAndEventsAreHandedOn() throws Exception {
    try (Response message = post(PushReceiverTest.MESSAGE, AUTH)) {
      assertEquals(200, message.code());
      assertEquals("OK", message.body().string());
      MediaType type = MediaType.get(message.header("Content-Type"));
      assertEquals("text/plain", type.type() + "/" + type.subtype());
      assertEquals(java.nio.charset.StandardCharsets.UTF_8, type.charset());
    }
    try (Response event = post(PushReceiverTest.EVENT, AUTH)) {
      assertEquals(200, event.code());
    }
    assertEquals("m1", messages.get(0).messageId());
    assertEquals("m0", events.get(0).userMessageId());
  }

  @Test
  void refusalsAreAnsweredAsTheJdkHandlerAnswersThem() throws Exception {
    try (Response unauthorized = post(PushReceiverTest.MESSAGE, Credentials.basic("vumi", "wrong"))) {
      assertEquals(401, unauthorized.code());
      assertEquals("Basic realm=\"Vumi Go push\"", unauthorized.header("WWW-Authenticate"));
      assertEquals("Unauthorized", unauthorized.body().string());
    }
    try (Response malformed = post("nonsense", AUTH)) {
      assertEquals(400, malformed.code());
      assertEquals("push body is not valid JSON", malformed.body().string());
    }
    try (Response tooLarge = client.newCall(new Request.Builder().url(url).header("Authorization", AUTH)
        .post(RequestBody.create(PushReceiverTest.messageOfSize((1 << 20) + 1), MediaType.get("application/json")))
        .build()).execute()) {
      assertEquals(413, tooLarge.code());
      assertEquals("push body is larger than 1048576 bytes", tooLarge.body().string());
    }
    try (Response get = client.newCall(new Request.Builder().url(url).header("Authorization", AUTH).build()).execute()) {
      assertEquals(405, get.code());
      assertEquals("POST", get.header("Allow"));
      assertEquals("Vumi Go pushes with POST", get.body().string());
    }
    assertTrue(messages.isEmpty() && events.isEmpty());
  }

  @Test
  void anAnnouncedOversizedBodyIsRefusedWithoutReadingIt() throws Exception {
    // Announces 1 GiB and sends none of it: an answer at all shows the body was not awaited.
    try (SlowClients raw = new SlowClients(port())) {
      assertEquals("HTTP/1.1 413", statusOf(raw.open("POST /vumi HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
          + "\r\nContent-Length: 1073741824\r\n\r\n", new byte[0])));
      assertEquals("HTTP/1.1 401", statusOf(raw.open("POST /vumi HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824"
          + "\r\n\r\n", new byte[0])));
    }
    assertTrue(messages.isEmpty());
  }

  @Test
  void aFailingCallbackIsAnswered500AndAnErrorGoesOnToTheContainer() throws Exception {
    serve(PushReceiver.builder().withoutAuthentication().onMessage(m -> {
      throw new IllegalStateException("database down");
    }).onEvent(e -> {
      throw new PushReceiverTest.CallbackError();
    }).build());
    try (Response failed = post(PushReceiverTest.MESSAGE, "")) {
      assertEquals(500, failed.code());
      assertEquals("The application failed to handle the push", failed.body().string());
    }
    try (Response error = post(PushReceiverTest.EVENT, "")) {
      assertEquals(500, error.code());
      assertEquals("The application failed to handle the push", error.body().string());
    }
  }

  @Test
  void theServletTakesNoNullReceiver() {
    assertEquals("receiver", assertThrows(NullPointerException.class, () -> new PushServlet(null)).getMessage());
    assertEquals("PushServlet{PushReceiver{authenticated=false, onMessage=true, onEvent=false}}",
        new PushServlet(PushReceiver.builder().withoutAuthentication().onMessage(m -> { }).build()).toString());
  }

  @Test
  void anErrorWhoseAnswerFailsTooReachesTheContainerWithThatFailureSuppressed() {
    PushServlet servlet = new PushServlet(PushReceiver.builder().withoutAuthentication().onMessage(m -> {
      throw new PushReceiverTest.CallbackError();
    }).build());
    java.io.InputStream body = new java.io.ByteArrayInputStream(PushReceiverTest.MESSAGE.getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
    jakarta.servlet.ServletInputStream in = new jakarta.servlet.ServletInputStream() {
      @Override
      public boolean isFinished() {
        return false;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(jakarta.servlet.ReadListener listener) {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read() throws IOException {
        return body.read();
      }
    };
    jakarta.servlet.http.HttpServletRequest request = proxy(jakarta.servlet.http.HttpServletRequest.class,
        method -> switch (method) {
          case "getMethod" -> "POST";
          case "getContentLengthLong" -> -1L;
          case "getInputStream" -> in;
          default -> null;
        });
    IOException gone = new IOException("the client went away");
    jakarta.servlet.http.HttpServletResponse response = proxy(jakarta.servlet.http.HttpServletResponse.class,
        method -> {
          if (method.equals("getOutputStream")) {
            throw gone;
          }
          return null;
        });
    PushReceiverTest.CallbackError error =
        assertThrows(PushReceiverTest.CallbackError.class, () -> servlet.service(request, response));
    assertEquals(List.of(gone), List.of(error.getSuppressed()), "the Error is what matters; the failed answer rides on it");
  }

  interface Answers {
    Object answer(String method) throws IOException;
  }

  static <T> T proxy(Class<T> type, Answers answers) {
    return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (self, method, arguments) -> answers.answer(method.getName())));
  }

  /** "HTTP/1.1 401" of "HTTP/1.1 401 Unauthorized": containers word reasons differently. */
  static String statusOf(String statusLine) {
    return statusLine.substring(0, Math.min(statusLine.length(), 12));
  }

  @ParameterizedTest
  @EnumSource(Refused.class)
  void refusedRequestsThatTrickleTheirBodyHoldNoThread(Refused refused) throws Exception {
    try (SlowClients slow = new SlowClients(port())) {
      for (int i = 0; i < THREADS; i++) {
        assertEquals(statusOf(refused.statusLine), statusOf(slow.open(refused.head, refused.start)));
      }
      CompletableFuture<Integer> valid = CompletableFuture.supplyAsync(() -> {
        try (Response response = post(PushReceiverTest.MESSAGE, AUTH)) {
          return response.code();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      try {
        assertEquals(200, valid.get(SlowClients.CEILING_MILLIS, TimeUnit.MILLISECONDS),
            "a valid push is answered while " + THREADS + " refused clients trickle their bodies");
      } finally {
        client.dispatcher().cancelAll();
      }
      assertTrue(slow.allDropped(), "Jetty closed every refused connection instead of waiting for its body");
    }
    assertEquals(1, messages.size());
  }
}
