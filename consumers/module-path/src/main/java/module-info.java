/** A user's module: names the library and its testing kit (for the emulator), nothing else. */
module org.vumi.consumer.modulepath {
  requires org.vumi.go.http;
  requires org.vumi.go.http.testing;
}
