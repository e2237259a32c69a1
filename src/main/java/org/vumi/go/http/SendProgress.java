package org.vumi.go.http;

import okhttp3.Interceptor;

/**
 * Tells whether an attempt got as far as writing its request. OkHttp runs network interceptors
 * only once it holds a connection, just before the request is written; an attempt that fails
 * before {@link #MARKER} ran has certainly sent nothing, so trying again cannot duplicate it.
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
}
