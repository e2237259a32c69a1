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

  static IOException describe(IOException e, String request, int attempts, SendProgress progress,
      OkHttpClient client) {
    StringBuilder message = new StringBuilder(request).append(" failed");
    if (attempts > 1) {
      message.append(" after ").append(attempts).append(" attempts");
    }
    message.append(": ").append(e);
    String timeout = whichTimeout(e, progress, client);
    if (timeout != null) {
      message.append(" (").append(timeout).append(')');
    }
    message.append(progress.requestStarted ? UNKNOWN : NOTHING_SENT);
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

  /** Names the timeout that fired, from how far the attempt got; null when none did. */
  static String whichTimeout(IOException e, SendProgress progress, OkHttpClient client) {
    if (e instanceof SocketTimeoutException) {
      if (!progress.requestStarted) {
        return "the connect timeout of " + client.connectTimeoutMillis() + " ms expired";
      }
      if (!progress.bodyWritten) {
        return "the write timeout of " + client.writeTimeoutMillis() + " ms expired";
      }
      return "no answer within the read timeout of " + client.readTimeoutMillis() + " ms";
    }
    if (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()) && client.callTimeoutMillis() > 0) {
      return "the call timeout of " + client.callTimeoutMillis() + " ms expired";
    }
    return null;
  }
}
