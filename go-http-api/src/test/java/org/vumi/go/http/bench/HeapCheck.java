package org.vumi.go.http.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.vumi.go.http.account.AccountApiClient;
import org.vumi.go.http.contacts.ContactsApiClient;

/**
 * How much heap a hostile answer within the byte bounds costs: a 16 MiB page of 1.4 million tiny
 * contacts, streamed or held whole, and an 8 MiB {@code campaigns()} answer of tiny campaigns. Run
 * each scenario in a JVM of its own with a small heap, so that an answer parsed whole fails with an
 * {@link OutOfMemoryError} and one read as it should reports its peak:
 *
 * <pre>{@code
 * mvn -q -o test-compile
 * java -Xmx128m -cp target/classes:target/test-classes:$(cat cp.txt) org.vumi.go.http.bench.HeapCheck stream
 * }</pre>
 *
 * <p>Scenarios: {@code stream} ({@code contacts().count()}), {@code page} ({@code contactsPage(null)}),
 * {@code campaigns}. The server's own copy of the answer (16 or 8 MiB) is in the same heap.
 */
public final class HeapCheck {
  private HeapCheck() {}

  /**
   * Runs one scenario and prints its outcome, peak heap and time.
   *
   * @param args the scenario: stream, page or campaigns
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    String scenario = args.length == 0 ? "stream" : args[0];
    byte[] page = body("{\"cursor\": null, \"data\": [", "{\"key\": \"k\"}", "]}", ContactsApiClient.MAX_PAGE_BYTES);
    byte[] campaigns = body("{\"result\": [", "{\"key\": \"k\"}", "], \"error\": null, \"id\": 0}", 8L * 1024 * 1024);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/go/contacts/", exchange -> answer(exchange, page));
    server.createContext("/api/v1/go/api/", exchange -> answer(exchange, campaigns));
    server.start();
    String apiUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/go";
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    long start = System.nanoTime();
    String outcome;
    try {
      outcome = switch (scenario) {
        case "stream" -> new ContactsApiClient("t", apiUrl, null).contacts().count() + " contacts streamed";
        case "page" -> new ContactsApiClient("t", apiUrl, null).contactsPage(null).contacts().size() + " contacts held";
        case "campaigns" -> new AccountApiClient("t", apiUrl, null).campaigns().size() + " campaigns";
        default -> throw new IllegalArgumentException("scenario must be stream, page or campaigns");
      };
    } catch (Throwable e) {
      if (System.getenv("HEAPCHECK_TRACE") != null) {
        e.printStackTrace();
      }
      String message = String.valueOf(e.getMessage());
      outcome = e.getClass().getSimpleName() + ": " + (message.length() > 300 ? message.substring(0, 300) + "…" : message);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("%s (answer %d bytes), -Xmx%dm: %s; peak heap %d MiB; %d ms%n", scenario,
        scenario.equals("campaigns") ? campaigns.length : page.length, Runtime.getRuntime().maxMemory() >> 20, outcome,
        peak >> 20, millis);
    server.stop(0);
    System.exit(0);
  }

  private static byte[] body(String head, String item, String tail, long limit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) limit);
    byte[] itemBytes = item.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    long room = limit - head.length() - tail.length();
    for (long used = 0; used + itemBytes.length + 2 <= room; used += itemBytes.length + 2) {
      if (used > 0) {
        out.writeBytes(", ".getBytes(StandardCharsets.UTF_8));
      }
      out.writeBytes(itemBytes);
    }
    out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws java.io.IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
