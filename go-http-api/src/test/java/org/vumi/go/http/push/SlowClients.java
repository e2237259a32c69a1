package org.vumi.go.http.push;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Clients that hold a push endpoint's threads as an attacker would: each sends a request's head and
 * the start of its body, waits for the answer's status line, then trickles the rest of the body at
 * one byte a second, which keeps every read timeout of a server from firing. The pace is the
 * attacker's, not a window the tests wait for: they wait on answers, with generous ceilings.
 */
final class SlowClients implements AutoCloseable {
  /** Reached only when a server never answers or never lets go: the failure a test shows. */
  static final int CEILING_MILLIS = 30_000;

  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "slow-client-trickle");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final int port;

  SlowClients(int port) {
    this.port = port;
  }

  /**
   * Opens one slow client: sends {@code head} and {@code start}, returns the status line of the
   * answer, and from then on sends one more byte of body a second until the connection fails.
   */
  String open(String head, byte[] start) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    sockets.add(socket);
    socket.setSoTimeout(CEILING_MILLIS);
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(ISO_8859_1));
    out.write(start);
    out.flush();
    String statusLine = readLine(socket.getInputStream());
    trickle.scheduleWithFixedDelay(() -> {
      try {
        out.write(' ');
        out.flush();
      } catch (IOException dropped) {
        throw new IllegalStateException("the server dropped the connection", dropped); // ends this client's task
      }
    }, 1, 1, TimeUnit.SECONDS);
    return statusLine;
  }

  /**
   * Whether the server has let go of every client: reads what is left of each answer and then
   * expects the end of the stream or a reset, not a read that waits for more.
   */
  boolean allDropped() throws IOException {
    for (Socket socket : sockets) {
      if (!dropped(socket)) {
        return false;
      }
    }
    return true;
  }

  private static boolean dropped(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[1024];
    try {
      while (in.read(buffer) >= 0) {
        // the rest of the answer: headers and body
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true; // closed with the rest of the request body unread: the peer resets
    }
  }

  /** Reads one CRLF-ended line, byte by byte, so nothing after it is consumed. */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        line.write(c);
      }
    }
    return line.toString(ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    trickle.shutdownNow();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
