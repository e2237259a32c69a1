package org.vumi.go.http;

import okhttp3.Interceptor;

/**
 * How far an attempt got. OkHttp runs network interceptors only once it holds a connection, just
 * before the request is written; an attempt that fails before {@link #MARKER} ran has certainly
 * sent nothing, so trying again cannot duplicate it. Once the body is handed over, what remains is
 * waiting for the answer, which tells a read timeout from a write timeout.
 */
final class SendProgress {
  /** Runs last among the client's network interceptors and marks the call's progress. */
  static final Interceptor MARKER = chain -> {
    SendProgress progress = chain.request().tag(SendProgress.class);
    if (progress != null) {
      progress.requestStarted = true;
    }
    return chain.proceed(chain.request());
  };

  volatile boolean requestStarted;
  volatile boolean bodyWritten;
}
