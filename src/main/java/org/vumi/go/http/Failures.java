package org.vumi.go.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import okhttp3.OkHttpClient;

/**
 * Rewrites a failed exchange's IOException so its message says what the caller needs to know:
 * which request, which timeout, and whether the server may have received it. The exception keeps
 * its type where callers are likely to catch that type, and the original as its cause.
 */
final class Failures {
  private Failures() {}

  static IOException describe(IOException e, String request, OkHttpClient client) {
    String what = request + " failed: " + e;
    IOException described;
    if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
      described = new ConnectException(what + "; nothing was sent");
    } else if (e instanceof InterruptedIOException) {
      String timeouts = " (timeouts: connect " + millis(client.connectTimeoutMillis())
          + ", write " + millis(client.writeTimeoutMillis())
          + ", read " + millis(client.readTimeoutMillis())
          + ", call " + millis(client.callTimeoutMillis()) + ")";
      String message = what + timeouts + UNKNOWN;
      described = e instanceof SocketTimeoutException
          ? new SocketTimeoutException(message) : new InterruptedIOException(message);
    } else {
      described = new IOException(what + UNKNOWN);
    }
    described.initCause(e);
    return described;
  }

  private static final String UNKNOWN =
      "; it was not repeated, and the server may or may not have received it";

  private static String millis(int millis) {
    return millis == 0 ? "none" : millis + " ms";
  }
}
