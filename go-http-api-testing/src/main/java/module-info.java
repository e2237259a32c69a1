/**
 * go-http-api-testing: {@code VumiGoEmulator}, a local server that answers as Vumi Go does, and a
 * JUnit 5 extension that hands one to each test. For test scope.
 */
module org.vumi.go.http.testing {
  // The emulator's API hands out the client's types (SentMessage, Event, InboundMessage).
  requires transitive org.vumi.go.http;
  // The emulator is a com.sun.net.httpserver server.
  requires transitive jdk.httpserver;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static org.jspecify;
  // Only VumiGoEmulatorExtension reads JUnit; whoever registers it has JUnit.
  requires static org.junit.jupiter.api;

  exports org.vumi.go.http.testing;
  exports org.vumi.go.http.testing.junit;
}
