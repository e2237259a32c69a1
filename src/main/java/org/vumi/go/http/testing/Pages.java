package org.vumi.go.http.testing;

/** The HTML pages Twisted answers with where Vumi Go has no JSON to give. */
final class Pages {
  private Pages() {}

  static final String NO_SUCH_RESOURCE = page("404 - No Such Resource", "No Such Resource", "No such child resource.");

  static final String TOO_MANY_CONNECTIONS = page("403 - Forbidden", "Forbidden", "Too many concurrent connections");

  static String methodNotAllowed(String path, String method) {
    return page("405 - Method Not Allowed", "Method Not Allowed", "Your browser approached me (at " + path
        + ") with the method \"" + method + "\".  I only allow the methods PUT, HEAD here.");
  }

  static String notImplemented(String method) {
    return page("501 - Not Implemented", "Not Implemented", "Method " + method + " is not implemented.");
  }

  private static String page(String title, String heading, String text) {
    return "\n<html>\n  <head><title>" + title + "</title></head>\n  <body>\n    <h1>" + heading
        + "</h1>\n    <p>" + text + "</p>\n  </body>\n</html>\n";
  }
}
