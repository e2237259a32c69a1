package org.vumi.go.http.push;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.Event;
import org.vumi.go.http.InboundMessage;

class PushReceiverTest {
  static final String AUTH = Credentials.basic("vumi", "s3cret");
  static final String MESSAGE = "{\"message_type\": \"user_message\", \"message_id\": \"m1\", \"from_addr\": \"+27\","
      + " \"to_addr\": \"9292\", \"content\": \"hi\"}";
  static final String EVENT = "{\"message_type\": \"event\", \"event_type\": \"ack\", \"event_id\": \"e1\","
      + " \"user_message_id\": \"m0\", \"sent_message_id\": \"x\"}";

  final List<InboundMessage> messages = new CopyOnWriteArrayList<>();
  final List<Event> events = new CopyOnWriteArrayList<>();
  final PushReceiver receiver = PushReceiver.builder().basicAuth("vumi", "s3cret")
      .onMessage(messages::add).onEvent(events::add).build();

  @Test
  void messagesAndEventsAreHandedOn() {
    assertEquals(new PushResponse(200, "OK"), receiver.handle(AUTH, MESSAGE.getBytes(UTF_8)));
    assertEquals(new PushResponse(200, "OK"), receiver.handle(AUTH, EVENT.getBytes(UTF_8)));
    assertEquals("m1", messages.get(0).messageId());
    assertEquals("m0", events.get(0).userMessageId());
  }

  @Test
  void wrongCredentialsHandNothingOn() {
    for (String authorization : new String[] {null, "", Credentials.basic("vumi", "s3cre"), Credentials.basic("vumi",
        "s3cret!"), Credentials.basic("Vumi", "s3cret"), "Bearer s3cret", "Basic ***", "basic"}) {
      assertEquals(401, receiver.handle(authorization, MESSAGE.getBytes(UTF_8)).statusCode(), authorization);
    }
    assertEquals(200, receiver.handle("basic " + AUTH.substring(6), MESSAGE.getBytes(UTF_8)).statusCode(),
        "the scheme is case-insensitive");
    assertEquals(1, messages.size());
  }

  @Test
  void malformedBodiesHandNothingOn() {
    assertEquals(new PushResponse(400, "push body is not valid JSON"), receiver.handle(AUTH, "{".getBytes(UTF_8)));
    assertEquals(new PushResponse(400, "inbound message must have a string \"from_addr\""),
        receiver.handle(AUTH, "{\"message_id\": \"m\", \"to_addr\": \"9292\"}".getBytes(UTF_8)));
    assertEquals(new PushResponse(400, "event must have a string \"user_message_id\""),
        receiver.handle(AUTH, "{\"message_type\": \"event\", \"event_type\": \"ack\", \"event_id\": \"e\"}".getBytes(UTF_8)));
    assertEquals(400, receiver.handle(AUTH, "[]".getBytes(UTF_8)).statusCode());
    assertEquals(400, receiver.handle(AUTH, new byte[0]).statusCode());
    assertEquals(400, receiver.handle(AUTH, " \r\n".getBytes(UTF_8)).statusCode());
    assertTrue(messages.isEmpty() && events.isEmpty());
  }

  @Test
  void aFailingCallbackIsAnswered500() {
    PushReceiver failing = PushReceiver.builder().withoutAuthentication().onMessage(m -> {
      throw new IllegalStateException("database down");
    }).build();
    assertEquals(500, failing.handle(null, MESSAGE.getBytes(UTF_8)).statusCode());
  }

  @Test
  void pushesWithoutACallbackAreTakenAndDropped() {
    PushReceiver messagesOnly = PushReceiver.builder().withoutAuthentication().onMessage(messages::add).build();
    assertEquals(200, messagesOnly.handle(null, EVENT.getBytes(UTF_8)).statusCode());
    PushReceiver eventsOnly = PushReceiver.builder().withoutAuthentication().onEvent(events::add).build();
    assertEquals(200, eventsOnly.handle(null, MESSAGE.getBytes(UTF_8)).statusCode());
    assertTrue(messages.isEmpty() && events.isEmpty());
  }

  @Test
  void builderInsistsOnAuthAndACallback() {
    assertTrue(assertThrows(IllegalStateException.class, () -> PushReceiver.builder().onMessage(messages::add).build())
        .getMessage().startsWith("call basicAuth(username, password)"));
    assertEquals("set onMessage, onEvent or both", assertThrows(IllegalStateException.class,
        () -> PushReceiver.builder().basicAuth("a", "b").build()).getMessage());
    assertEquals("PushReceiver{authenticated=true, onMessage=true, onEvent=true}", receiver.toString());
    assertThrows(NullPointerException.class, () -> PushReceiver.builder().basicAuth(null, "b"));
  }

  @Test
  void servesTheJdkHttpServer() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/vumi", receiver.httpHandler());
    server.start();
    OkHttpClient client = new OkHttpClient();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/vumi";
    try {
      try (Response ok = client.newCall(post(url, MESSAGE, AUTH)).execute()) {
        assertEquals(200, ok.code());
        assertEquals("OK", ok.body().string());
      }
      try (Response unauthorized = client.newCall(post(url, MESSAGE, Credentials.basic("vumi", "wrong"))).execute()) {
        assertEquals(401, unauthorized.code());
        assertEquals("Basic realm=\"Vumi Go push\"", unauthorized.header("WWW-Authenticate"));
      }
      try (Response bad = client.newCall(post(url, "nonsense", AUTH)).execute()) {
        assertEquals(400, bad.code());
      }
      try (Response get = client.newCall(new Request.Builder().url(url).build()).execute()) {
        assertEquals(405, get.code());
        assertEquals("POST", get.header("Allow"));
      }
    } finally {
      server.stop(0);
    }
    assertEquals(1, messages.size());
  }

  /** A message padded with trailing spaces to exactly {@code size} bytes: valid JSON of that size. */
  static byte[] messageOfSize(int size) {
    byte[] body = new byte[size];
    java.util.Arrays.fill(body, (byte) ' ');
    byte[] message = MESSAGE.getBytes(UTF_8);
    System.arraycopy(message, 0, body, 0, message.length);
    return body;
  }

  @Test
  void bodiesOverTheDefaultLimitAreRefused413() {
    assertEquals(200, receiver.handle(AUTH, messageOfSize(1 << 20)).statusCode(), "1 MiB is within the limit");
    assertEquals(new PushResponse(413, "push body is larger than 1048576 bytes"),
        receiver.handle(AUTH, messageOfSize((1 << 20) + 1)));
    assertEquals(401, receiver.handle(null, messageOfSize(2 << 20)).statusCode(), "credentials are checked first");
    assertEquals(1, messages.size());
  }

  @Test
  void aBodyMustHoldOneJsonDocumentAndNothingAfterIt() {
    for (String body : new String[] {MESSAGE + " trailing", MESSAGE + MESSAGE, MESSAGE + "\n" + MESSAGE, MESSAGE + "}",
        MESSAGE + " 1", MESSAGE + " []", EVENT + " {}"}) {
      assertEquals(new PushResponse(400, "push body is not valid JSON"), receiver.handle(AUTH, body.getBytes(UTF_8)),
          body);
    }
    assertEquals(400, receiver.handle(AUTH, MESSAGE.replace("{", "{\"message_id\": \"m2\", ").getBytes(UTF_8))
        .statusCode(), "a duplicated key reads differently to different parsers");
    assertTrue(messages.isEmpty() && events.isEmpty());
    assertEquals(200, receiver.handle(AUTH, (" \r\n" + MESSAGE + "\r\n\t ").getBytes(UTF_8)).statusCode(),
        "whitespace around the document is fine");
  }

  static final class CallbackError extends Error {
    CallbackError() {
      super("the application ran out of something");
    }
  }

  @Test
  void aCallbackThatThrowsAnErrorIsAnswered500ByTheHandlerAndTheErrorIsRethrown() throws Exception {
    PushReceiver failing = PushReceiver.builder().withoutAuthentication().onMessage(m -> {
      throw new CallbackError();
    }).build();
    assertThrows(CallbackError.class, () -> failing.handle(null, MESSAGE.getBytes(UTF_8)),
        "handle(...) cannot both answer and rethrow: the Error reaches the caller's framework");
    List<Throwable> escaped = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(task -> new Thread(() -> {
      try {
        task.run();
      } catch (Throwable t) {
        escaped.add(t);
      } finally {
        ran.countDown();
      }
    }).start());
    server.createContext("/vumi", failing.httpHandler());
    server.start();
    try (Response answer = new OkHttpClient().newCall(post("http://127.0.0.1:" + server.getAddress().getPort() + "/vumi",
        MESSAGE, "")).execute()) {
      assertEquals(500, answer.code());
      assertEquals("The application failed to handle the push", answer.body().string());
    } finally {
      server.stop(0);
    }
    assertTrue(ran.await(10, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(1, escaped.size(), "the Error is rethrown to the server after answering, not swallowed");
    assertEquals(CallbackError.class, escaped.get(0).getClass());
  }

  @Test
  void anErrorWhoseAnswerFailsTooReachesTheServerWithThatFailureSuppressed() {
    PushReceiver failing = PushReceiver.builder().withoutAuthentication().onMessage(m -> {
      throw new CallbackError();
    }).build();
    java.io.IOException gone = new java.io.IOException("the client went away");
    com.sun.net.httpserver.Headers requestHeaders = new com.sun.net.httpserver.Headers();
    com.sun.net.httpserver.Headers responseHeaders = new com.sun.net.httpserver.Headers();
    java.io.InputStream body = new java.io.ByteArrayInputStream(MESSAGE.getBytes(UTF_8));
    com.sun.net.httpserver.HttpExchange exchange = new com.sun.net.httpserver.HttpExchange() {
      @Override public com.sun.net.httpserver.Headers getRequestHeaders() { return requestHeaders; }
      @Override public com.sun.net.httpserver.Headers getResponseHeaders() { return responseHeaders; }
      @Override public java.net.URI getRequestURI() { return java.net.URI.create("/vumi"); }
      @Override public String getRequestMethod() { return "POST"; }
      @Override public com.sun.net.httpserver.HttpContext getHttpContext() { throw new UnsupportedOperationException(); }
      @Override public void close() { }
      @Override public java.io.InputStream getRequestBody() { return body; }
      @Override public java.io.OutputStream getResponseBody() { throw new UnsupportedOperationException(); }
      @Override public void sendResponseHeaders(int code, long length) throws java.io.IOException { throw gone; }
      @Override public InetSocketAddress getRemoteAddress() { return null; }
      @Override public int getResponseCode() { return -1; }
      @Override public InetSocketAddress getLocalAddress() { return null; }
      @Override public String getProtocol() { return "HTTP/1.1"; }
      @Override public Object getAttribute(String name) { return null; }
      @Override public void setAttribute(String name, Object value) { }
      @Override public void setStreams(java.io.InputStream in, java.io.OutputStream out) { }
      @Override public com.sun.net.httpserver.HttpPrincipal getPrincipal() { return null; }
    };
    CallbackError error = assertThrows(CallbackError.class, () -> failing.httpHandler().handle(exchange));
    assertEquals(List.of(gone), List.of(error.getSuppressed()), "the Error is what matters; the failed answer rides on it");
  }

  @Test
  void aFailedCallbackIsLoggedWithThePushersTextEscaped() throws Exception {
    PushReceiver failing = PushReceiver.builder().withoutAuthentication().onMessage(m -> {
      throw new IllegalStateException("database down");
    }).build();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    System.setErr(new java.io.PrintStream(err, true, UTF_8));
    try {
      assertEquals(500, failing.handle(null, MESSAGE.replace("\"m1\"", "\"m1\\u001b[2J\\nFAKE: admin logged in\"")
          .replace("\"hi\"", "\"\\u001b]0;pwned\\u0007\"").getBytes(UTF_8)).statusCode());
    } finally {
      System.setErr(original);
    }
    String logged = err.toString(UTF_8);
    assertTrue(logged.contains("Push callback failed"), logged);
    assertTrue(logged.contains("database down"), logged);
    assertTrue(logged.contains("for inbound message m1\\u001b[2J\\u000aFAKE"), logged);
    assertTrue(logged.chars().noneMatch(c -> c == 0x1b || c == 0x07), logged);
    assertTrue(logged.lines().noneMatch(line -> line.startsWith("FAKE")), logged);
  }

  /**
   * Sends {@code head} (a request's header block and whatever body it wants sent) on a raw socket
   * and returns the status line of the answer, reading no further: the server may still be waiting
   * for the rest of a body the client never sends.
   */
  static String statusLineFor(HttpServer server, String head, byte[] body) throws Exception {
    try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
      socket.setSoTimeout(5_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(UTF_8));
      out.write(body);
      out.flush();
      java.io.BufferedReader in = new java.io.BufferedReader(
          new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
      return in.readLine();
    }
  }

  static HttpServer serve(PushReceiver receiver) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
    server.createContext("/vumi", receiver.httpHandler());
    server.start();
    return server;
  }

  static void stop(HttpServer server) {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  @Test
  void theHandlerChecksCredentialsBeforeReadingTheBody() throws Exception {
    HttpServer server = serve(receiver);
    try {
      // Announces 1 GiB and sends none of it: an answer at all shows the body was not awaited.
      assertEquals("HTTP/1.1 401 Unauthorized", statusLineFor(server,
          "POST /vumi HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n", new byte[0]));
      assertEquals("HTTP/1.1 401 Unauthorized", statusLineFor(server,
          "POST /vumi HTTP/1.1\r\nHost: x\r\nAuthorization: " + Credentials.basic("vumi", "guess")
              + "\r\nTransfer-Encoding: chunked\r\n\r\n", "100000\r\n".getBytes(UTF_8)));
    } finally {
      stop(server);
    }
    assertTrue(messages.isEmpty());
  }

  @Test
  void theHandlerRefusesAnAnnouncedOversizedBodyWithoutReadingIt() throws Exception {
    HttpServer server = serve(receiver);
    try {
      assertEquals("HTTP/1.1 413 Request Entity Too Large", statusLineFor(server,
          "POST /vumi HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\nContent-Length: 1073741824\r\n\r\n",
          new byte[0]));
      assertEquals("HTTP/1.1 413 Request Entity Too Large", statusLineFor(server,
          "POST /vumi HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\nContent-Length: 1048577\r\n\r\n",
          new byte[0]));
    } finally {
      stop(server);
    }
    assertTrue(messages.isEmpty());
  }

  @Test
  void theHandlerStopsReadingAChunkedBodyPastTheLimit() throws Exception {
    HttpServer server = serve(receiver);
    try {
      // One chunk of 1 MiB + 64 KiB and no last chunk: the answer comes without the end of the body.
      int size = (1 << 20) + (64 << 10);
      byte[] chunk = new byte[size];
      java.util.Arrays.fill(chunk, (byte) ' ');
      assertEquals("HTTP/1.1 413 Request Entity Too Large", statusLineFor(server,
          "POST /vumi HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\nTransfer-Encoding: chunked\r\n\r\n"
              + Integer.toHexString(size) + "\r\n", chunk));
    } finally {
      stop(server);
    }
    assertTrue(messages.isEmpty());
  }

  @Test
  void theLimitIsConfigurableWithinItsRange() throws Exception {
    PushReceiver small = PushReceiver.builder().basicAuth("vumi", "s3cret").maxBodyBytes(1024)
        .onMessage(messages::add).build();
    assertEquals(200, small.handle(AUTH, messageOfSize(1024)).statusCode());
    assertEquals(new PushResponse(413, "push body is larger than 1024 bytes"), small.handle(AUTH, messageOfSize(1025)));
    PushReceiver large = PushReceiver.builder().basicAuth("vumi", "s3cret").maxBodyBytes(64 << 20)
        .onMessage(messages::add).build();
    assertEquals(200, large.handle(AUTH, messageOfSize(2 << 20)).statusCode());
    assertEquals(2, messages.size());
    for (int wrong : new int[] {1023, 0, -1, (64 << 20) + 1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      assertEquals("maxBodyBytes must be from 1024 to 67108864 (1 KiB to 64 MiB), but was " + wrong,
          assertThrows(IllegalArgumentException.class, () -> PushReceiver.builder().maxBodyBytes(wrong)).getMessage());
    }
  }

  /** An endless body that counts what was read of it, and fails the test if it is read at all when it must not be. */
  static final class EndlessBody extends java.io.InputStream {
    final boolean mayBeRead;
    long read;

    EndlessBody(boolean mayBeRead) {
      this.mayBeRead = mayBeRead;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      read(one, 0, 1);
      return one[0];
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      assertTrue(mayBeRead, "the body was read before the credentials were checked");
      java.util.Arrays.fill(buffer, offset, offset + length, (byte) ' ');
      read += length;
      return length;
    }
  }

  @Test
  void handlingAStreamChecksCredentialsFirstAndReadsAtMostOneBytePastTheLimit() throws Exception {
    assertEquals(401, receiver.handle(Credentials.basic("vumi", "guess"), new EndlessBody(false)).statusCode());
    assertEquals(401, receiver.handle(null, new EndlessBody(false)).statusCode());
    EndlessBody endless = new EndlessBody(true);
    assertEquals(new PushResponse(413, "push body is larger than 1048576 bytes"), receiver.handle(AUTH, endless));
    assertEquals((1 << 20) + 1, endless.read);
    assertEquals(200, receiver.handle(AUTH, new java.io.ByteArrayInputStream(messageOfSize(1 << 20))).statusCode());
    assertEquals(1, messages.size());
    assertThrows(NullPointerException.class, () -> receiver.handle(AUTH, (java.io.InputStream) null));
    assertThrows(NullPointerException.class, () -> receiver.handle(AUTH, (byte[]) null));
  }

  @Test
  void credentialsAreComparedAsUtf8() {
    PushReceiver unicode = PushReceiver.builder().basicAuth("vümi", "пароль€").onMessage(messages::add).build();
    assertEquals(200, unicode.handle(Credentials.basic("vümi", "пароль€", UTF_8), MESSAGE.getBytes(UTF_8)).statusCode());
    assertEquals(401, unicode.handle(Credentials.basic("vümi", "пароль€", java.nio.charset.StandardCharsets.ISO_8859_1),
        MESSAGE.getBytes(UTF_8)).statusCode(), "ISO-8859-1 cannot carry the password; its '?'s must not match");
    assertEquals(1, messages.size());
  }

  @Test
  void aMalformedPushIsExplainedEscapedAndShort() {
    String hostile = "\\u001b[2J\\r\\nFAKE\\u202e" + "x".repeat(100_000);
    PushResponse answer = receiver.handle(AUTH, ("{\"message_type\": \"event\", \"event_id\": \"e\", \"event_type\": \""
        + hostile + "\"}").getBytes(UTF_8));
    assertEquals(400, answer.statusCode());
    assertTrue(answer.body().startsWith("event must have \"event_type\" \"ack\", \"nack\" or \"delivery_report\", but has"
        + " \"\\u001b[2J\\u000d\\u000aFAKE\\u202exxx"), answer.body());
    assertTrue(answer.body().endsWith("xxx..."), answer.body());
    assertTrue(answer.body().length() < 250, answer.body());
    assertTrue(events.isEmpty());
  }

  @Test
  void escapingKeepsPrintableTextAndShowsWhatWouldGarbleALine() {
    assertEquals("\\u0000\\u001b\\u007f\\u0085\\u009f\\u2028\\u2029\\ud800", PushReceiver.escape("\u0000\u001b\u007f\u0085\u009f\u2028\u2029\ud800"));
    assertEquals("\\u061c\\u200e\\u200f\\u202a\\u202e\\u2066\\u2069",
        PushReceiver.escape("\u061c\u200e\u200f\u202a\u202e\u2066\u2069"));
    String printable = "h\u00e9llo \\ \"q\" \u061b\u200d\u2010\u2030\u2065\u2070 \u00a0 \ud83d\udc4d \u043f\u0440\u0438";
    assertEquals(printable, PushReceiver.escape(printable));
    assertEquals("x".repeat(200) + "...", PushReceiver.escape("x".repeat(201)));
    assertEquals("x".repeat(200), PushReceiver.escape("x".repeat(200)));
    PushReceiver messagesOnly = PushReceiver.builder().withoutAuthentication().onMessage(messages::add).build();
    assertEquals("PushReceiver{authenticated=false, onMessage=true, onEvent=false}", messagesOnly.toString());
  }

  @Test
  void aContentLengthThatIsNoNumberLeavesTheBoundedReadToRefuse() {
    // The JDK's server answers such requests 400 itself; another server might pass them on.
    assertEquals(-1, PushReceiver.announcedLength(null));
    assertEquals(-1, PushReceiver.announcedLength("lots"));
    assertEquals(-1, PushReceiver.announcedLength("99999999999999999999"));
    assertEquals(1073741824L, PushReceiver.announcedLength(" 1073741824 "));
  }

  static Request post(String url, String body, String authorization) {
    return new Request.Builder().url(url).header("Authorization", authorization)
        .post(RequestBody.create(body, MediaType.get("application/json; charset=utf-8"))).build();
  }
}
