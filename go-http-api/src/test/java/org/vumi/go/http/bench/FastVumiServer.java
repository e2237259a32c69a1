package org.vumi.go.http.bench;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP/1.1 server for benchmarks that answers with prebuilt, realistic Vumi Go answers, on
 * kept-alive connections, a thread per connection: every PUT with the whole outbound message (or the
 * metrics answer), and {@code GET .../contacts/?cursor=N} with page N of {@value #CONTACT_PAGES}
 * pages of {@value #PAGE_SIZE} contacts. It does the least a server can do, so the client is what is
 * measured.
 *
 * <p>{@link #main} runs it in a process of its own, so that the client's CPU is the client's alone:
 * it prints {@code port <n>} and serves until its standard input closes (the benchmark that started
 * it ended, however it ended), so it never outlives the benchmark.
 */
final class FastVumiServer implements AutoCloseable {
  static final String MESSAGE_ANSWER = "{\"from_addr_type\": null, \"transport_name\": null, \"transport_metadata\": {},"
      + " \"group\": null, \"timestamp\": \"2016-03-22 13:50:23.123456\", \"from_addr\": null, \"message_type\": \"user_message\","
      + " \"provider\": null, \"to_addr\": \"+27831234567\", \"to_addr_type\": null, \"content\": \"Your code is 123456\","
      + " \"routing_metadata\": {\"endpoint_name\": \"default\"}, \"message_version\": \"20110921\", \"transport_type\": null,"
      + " \"helper_metadata\": {\"go\": {\"conversation_type\": \"http_api_nostream\", \"user_account\": \"acc-key\","
      + " \"conversation_key\": \"conv-key\"}}, \"in_reply_to\": null, \"session_event\": null,"
      + " \"message_id\": \"4802dff631854967a4e27cca50f73e6b\"}";
  static final String METRICS_ANSWER = "{\"success\": true, \"reason\": \"Metrics published\"}";
  static final int CONTACT_PAGES = 100;
  static final int PAGE_SIZE = 1000;

  private static final byte[] MESSAGE_RESPONSE = response(MESSAGE_ANSWER);
  private static final byte[] METRICS_RESPONSE = response(METRICS_ANSWER);
  private static final byte[] NOT_FOUND = ("HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=utf-8\r\n"
      + "Content-Length: 2\r\n\r\n{}").getBytes(US_ASCII);

  private final ServerSocket serverSocket;
  private final byte[][] contactPages = new byte[CONTACT_PAGES][];
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "fast-vumi-server");
    thread.setDaemon(true);
    return thread;
  });

  FastVumiServer() throws IOException {
    for (int page = 0; page < CONTACT_PAGES; page++) {
      contactPages[page] = response(contactPage(page));
    }
    serverSocket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /** Serves in this process until standard input closes. */
  public static void main(String[] args) throws IOException {
    try (FastVumiServer server = new FastVumiServer()) {
      System.out.println("port " + server.serverSocket.getLocalPort());
      System.out.flush();
      while (System.in.read() != -1) {
        // the parent writes nothing; end of input means it is gone
      }
    }
    System.exit(0);
  }

  String apiUrl() {
    return apiUrl(serverSocket.getLocalPort());
  }

  static String apiUrl(int port) {
    return "http://127.0.0.1:" + port + "/api/v1/go/http_api_nostream";
  }

  /** The base URL of the contacts API (the client adds {@code /contacts/}). */
  static String contactsApiUrl(int port) {
    return "http://127.0.0.1:" + port + "/api/v1/go";
  }

  /** A contact as the real server serialises one: every field present, a few extras, one group. */
  static String contact(int n) {
    String key = String.format("%032x", n);
    return "{\"key\": \"" + key + "\", \"$VERSION\": 2, \"user_account\": \"4f2e7a1c9b3d4e5f8a6b7c8d9e0f1a2b\","
        + " \"created_at\": \"2014-07-25 12:44:11.159151\", \"name\": \"Arthur " + n + "\", \"surname\": \"of Camelot\","
        + " \"email_address\": null, \"dob\": null, \"msisdn\": \"+2783" + String.format("%07d", n) + "\","
        + " \"twitter_handle\": null, \"facebook_id\": null, \"bbm_pin\": null, \"gtalk_id\": null, \"mxit_id\": null,"
        + " \"wechat_id\": null, \"groups\": [\"0b5d7e2c3a4f4b6e8d9c1a2b3c4d5e6f\"],"
        + " \"extra\": {\"language\": \"en\", \"registered\": \"2016-01-01\"}, \"subscription\": {}}";
  }

  /** Page {@code page}: its contacts, and the cursor of the next page (null on the last). */
  static String contactPage(int page) {
    StringBuilder json = new StringBuilder(PAGE_SIZE * 600);
    json.append("{\"cursor\": ").append(page + 1 < CONTACT_PAGES ? "\"" + (page + 1) + "\"" : "null").append(", \"data\": [");
    for (int i = 0; i < PAGE_SIZE; i++) {
      json.append(i == 0 ? "" : ", ").append(contact(page * PAGE_SIZE + i));
    }
    return json.append("]}").toString();
  }

  private static byte[] response(String json) {
    byte[] body = json.getBytes(UTF_8);
    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
        + body.length + "\r\n\r\n").getBytes(US_ASCII);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  private void accept() {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        socket.setTcpNoDelay(true);
        threads.execute(() -> serve(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
        OutputStream out = socket.getOutputStream()) {
      StringBuilder line = new StringBuilder();
      while (true) {
        String requestLine = readLine(in, line);
        if (requestLine == null) {
          return;
        }
        long contentLength = 0;
        for (String header = readLine(in, line); header != null && !header.isEmpty(); header = readLine(in, line)) {
          if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
            contentLength = Long.parseLong(header.substring(15).trim());
          }
        }
        in.skipNBytes(contentLength);
        out.write(answer(requestLine));
        out.flush();
      }
    } catch (IOException closed) {
      // the client went away
    }
  }

  private byte[] answer(String requestLine) {
    if (requestLine.startsWith("GET ")) {
      int contacts = requestLine.indexOf("/contacts/");
      if (contacts < 0) {
        return NOT_FOUND;
      }
      int cursor = requestLine.indexOf("cursor=", contacts);
      if (cursor < 0) {
        return contactPages[0];
      }
      int end = requestLine.indexOf(' ', cursor);
      int page = Integer.parseInt(requestLine.substring(cursor + 7, end));
      return page >= 0 && page < CONTACT_PAGES ? contactPages[page] : NOT_FOUND;
    }
    return requestLine.contains("/metrics.json") ? METRICS_RESPONSE : MESSAGE_RESPONSE;
  }

  private static String readLine(InputStream in, StringBuilder line) throws IOException {
    line.setLength(0);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c == -1) {
        return null;
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    threads.shutdownNow();
  }
}
