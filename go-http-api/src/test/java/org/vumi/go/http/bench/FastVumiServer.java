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
 * A loopback HTTP/1.1 server for benchmarks that answers every PUT with a prebuilt, realistic
 * Vumi Go answer (the whole outbound message, or the metrics answer), on kept-alive connections,
 * a thread per connection. It does the least a server can do, so the client is what is measured.
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

  private static final byte[] MESSAGE_RESPONSE = response(MESSAGE_ANSWER);
  private static final byte[] METRICS_RESPONSE = response(METRICS_ANSWER);

  private final ServerSocket serverSocket;
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "fast-vumi-server");
    thread.setDaemon(true);
    return thread;
  });

  FastVumiServer() throws IOException {
    serverSocket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  String apiUrl() {
    return "http://127.0.0.1:" + serverSocket.getLocalPort() + "/api/v1/go/http_api_nostream";
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
        out.write(requestLine.contains("/metrics.json") ? METRICS_RESPONSE : MESSAGE_RESPONSE);
        out.flush();
      }
    } catch (IOException closed) {
      // the client went away
    }
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
