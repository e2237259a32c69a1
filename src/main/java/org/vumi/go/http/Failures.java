package org.vumi.go.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import okhttp3.OkHttpClient;

/**
 * Rewrites a failed exchange's IOException so its message says what the caller needs to know:
 * which request, after how many attempts, which timeouts, and whether the server may have received
 * it. The exception keeps its type where callers are likely to catch that type, and the original
 * as its cause.
 */
final class Failures {
  private Failures() {}

  private static final String UNKNOWN =
      "; it was not sent again, and the server may or may not have received it";
  private static final String NOTHING_SENT = "; nothing was sent";

  static IOException describe(IOException e, String request, int attempts, boolean requestStarted,
      OkHttpClient client) {
    StringBuilder message = new StringBuilder(request).append(" failed");
    if (attempts > 1) {
      message.append(" after ").append(attempts).append(" attempts");
    }
    message.append(": ").append(e);
    if (e instanceof InterruptedIOException) {
      message.append(" (timeouts: connect ").append(millis(client.connectTimeoutMillis()))
          .append(", write ").append(millis(client.writeTimeoutMillis()))
          .append(", read ").append(millis(client.readTimeoutMillis()))
          .append(", call ").append(millis(client.callTimeoutMillis())).append(')');
    }
    message.append(requestStarted ? UNKNOWN : NOTHING_SENT);
    IOException described;
    if (e instanceof SocketTimeoutException) {
      described = new SocketTimeoutException(message.toString());
    } else if (e instanceof InterruptedIOException) {
      described = new InterruptedIOException(message.toString());
    } else if (e instanceof ConnectException) {
      described = new ConnectException(message.toString());
    } else if (e instanceof UnknownHostException) {
      described = new UnknownHostException(message.toString());
    } else {
      described = new IOException(message.toString());
    }
    described.initCause(e);
    return described;
  }

  private static String millis(int millis) {
    return millis == 0 ? "none" : millis + " ms";
  }
}
