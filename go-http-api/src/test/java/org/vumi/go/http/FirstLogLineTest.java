package org.vumi.go.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * A client's first log lines go to the application's logger, in order, however long SLF4J takes to
 * start, and no request waits for SLF4J: a line met while it starts is kept and written once it has
 * started. Taken by SLF4J's stand-in logger instead, it would be replayed later, out of order, with a
 * warning on standard error; waited for, SLF4J's start-up (a tenth of a second or more in a fresh JVM)
 * would be on the first request's time.
 *
 * <p>SLF4J starts once per JVM, so the case runs in a JVM of its own ({@link Child}): SLF4J is
 * starting on another thread when the client is made, with a provider ({@link SlowStart}) that
 * finishes starting only once the requests have returned.
 */
class FirstLogLineTest {
  @Test
  void theFirstRequestsDoNotWaitForSlf4jAndTheirLinesComeOutInOrder() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dslf4j.provider=" + SlowStart.class.getName(),
        Child.class.getName()).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), output);
    assertEquals(0, child.exitValue(), output);
    assertTrue(output.contains("SLF4J started before the requests returned: false"), output);
    assertTrue(output.contains("logged before the requests returned: 0"), output);
    assertTrue(output.contains("logged once SLF4J started: 2"), output);
    int message = output.indexOf("DEBUG PUT /conv-key/messages.json: HTTP 200");
    int metric = output.indexOf("DEBUG PUT /conv-key/metrics.json: HTTP 200");
    assertTrue(message >= 0 && metric > message, "both lines, in the order of their requests: " + output);
    assertFalse(output.contains("replayed"), "SLF4J's stand-in logger took a line: " + output);
  }

  /** Sends a message and a metric with DEBUG on, in a JVM whose SLF4J starts slowly; prints what was logged by when. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", exchange -> {
        exchange.getRequestBody().readAllBytes();
        byte[] body = (exchange.getRequestURI().getPath().endsWith("metrics.json")
            ? "{\"success\": true, \"reason\": \"Metrics published\"}" : "{\"message_id\": \"m1\"}").getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
      Thread starting = new Thread(org.slf4j.LoggerFactory::getILoggerFactory, "starts SLF4J");
      starting.start();
      SlowStart.STARTING.await();
      HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token",
          "http://127.0.0.1:" + server.getAddress().getPort() + "/", null);
      sender.sendText("+27", "hi");
      sender.fireMetric(Metric.of("m.sum", 1));
      System.out.println("SLF4J started before the requests returned: " + SlowStart.started);
      System.out.println("logged before the requests returned: " + SlowStart.LINES.size());
      SlowStart.returned = true;
      boolean both = SlowStart.TWO_LINES.await(30, TimeUnit.SECONDS);
      System.out.println("logged once SLF4J started: " + SlowStart.LINES.size() + " " + both + " " + SlowStart.LINES);
      sender.close();
      server.stop(0);
      System.exit(0);
    }
  }

  /** An SLF4J provider that finishes starting only once the caller's requests have returned (or after 30 s). */
  public static final class SlowStart implements SLF4JServiceProvider {
    static final List<String> LINES = new CopyOnWriteArrayList<>();
    static final java.util.concurrent.CountDownLatch STARTING = new java.util.concurrent.CountDownLatch(1);
    static final java.util.concurrent.CountDownLatch TWO_LINES = new java.util.concurrent.CountDownLatch(2);
    static volatile boolean returned;
    static volatile boolean started;

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    @Override
    public void initialize() {
      STARTING.countDown();
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // reached only if a request waits for SLF4J
      while (!returned && System.nanoTime() < giveUp) {
        Thread.onSpinWait();
      }
      started = true;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
      return name -> new Recording(name);
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
      return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
      return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
      return "2.0.99";
    }
  }

  /** Takes every line, DEBUG included. */
  static final class Recording extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    Recording(String name) {
      this.name = name;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
        Throwable throwable) {
      SlowStart.LINES.add(level + " " + MessageFormatter.basicArrayFormat(pattern, arguments));
      SlowStart.TWO_LINES.countDown();
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }
}
