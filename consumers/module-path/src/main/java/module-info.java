/** A user's module: names the library and the JDK's HTTP server (for the emulator), nothing else. */
module org.vumi.consumer.modulepath {
  requires org.vumi.go.http;
  requires jdk.httpserver;
}
