/**
 * go-http-api: the Java client for Vumi Go's HTTP APIs.
 *
 * <p>Exports the public packages only; {@code org.vumi.go.http.internal} holds the machinery every
 * client shares and is not exported, as OkHttp keeps {@code okhttp3.internal}.
 */
module org.vumi.go.http {
  // Their types appear in this library's public API (OkHttpClient, JsonNode), so a user reads them too.
  requires transitive okhttp3;
  requires transitive com.fasterxml.jackson.databind;
  requires okio;
  // LoggingSender's public constructors take org.slf4j.Logger and org.slf4j.event.Level.
  requires transitive org.slf4j;
  // @NullMarked and @Nullable appear on the public API, for null checkers and Kotlin callers.
  requires transitive org.jspecify;
  // Only PushReceiver.httpHandler() uses the JDK's HTTP server; whoever calls it names HttpServer and
  // requires jdk.httpserver anyway.
  requires static jdk.httpserver;
  // Only PushServlet uses the Servlet API, which the application's servlet container brings.
  requires static jakarta.servlet;

  exports org.vumi.go.http;
  exports org.vumi.go.http.contacts;
  exports org.vumi.go.http.push;
  exports org.vumi.go.http.optouts;
  exports org.vumi.go.http.metrics;
  exports org.vumi.go.http.account;
  // The emulator (artifact go-http-api-testing) shares the id generator and the daemon threads rather
  // than copying them; no other module reads the machinery.
  exports org.vumi.go.http.internal to org.vumi.go.http.testing;
}
