package org.vumi.go.http.internal;

import java.util.Locale;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * How far one attempt got. OkHttp runs network interceptors only once it holds a connection, just
 * before the request is written; an attempt that fails before {@link #MARKER} ran has certainly
 * sent nothing, so trying again cannot duplicate it. Once the body is handed over, what remains is
 * waiting for the answer, which tells a read timeout from a write timeout.
 */
final class Attempt {
  /**
   * Runs last among the client's network interceptors: marks the attempt's progress, and keeps
   * OkHttp from choking on a {@code Retry-After} too large for an {@code int} (it would throw a
   * NumberFormatException out of the call, after the server answered).
   */
  static final Interceptor MARKER = chain -> {
    Attempt attempt = chain.request().tag(Attempt.class);
    if (attempt != null) {
      attempt.requestStarted = true;
    }
    Response response = chain.proceed(chain.request());
    if (response.code() != 503) {
      return response; // OkHttp reads Retry-After only on a 503
    }
    String retryAfter = response.header("Retry-After");
    if (retryAfter != null && isHugeNumber(retryAfter)) {
      // Our own reading of the header saturates the same way (RetryAfter.parse), so nothing is lost.
      return response.newBuilder().header("Retry-After", Integer.toString(Integer.MAX_VALUE)).build();
    }
    return response;
  };

  final int number;
  volatile boolean requestStarted;
  volatile boolean bodyWritten;

  Attempt(int number) {
    this.number = number;
  }

  private static boolean isHugeNumber(String value) {
    String digits = value.strip().toLowerCase(Locale.ROOT);
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    return digits.length() > 9;
  }
}
