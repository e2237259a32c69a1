package org.vumi.go.http.internal;

import okhttp3.OkHttp;

/** The {@code User-Agent} every request carries: {@code go-http-api-java/<version> okhttp/<version>}. */
final class UserAgent {
  private UserAgent() {}

  static final String VALUE = "go-http-api-java/" + Version.VALUE + " okhttp/" + OkHttp.VERSION;
}
