package org.vumi.go.http.testing;

/** The pages Twisted answers with where Vumi Go has no JSON to give, byte for byte as Twisted 20.3 writes them. */
final class Pages {
  private Pages() {}

  /** Twisted's {@code ErrorPage} content type. */
  static final String ERROR_PAGE_TYPE = "text/html; charset=utf-8";
  /** Twisted's default content type, which its 401, 500 and health answers keep. */
  static final String DEFAULT_TYPE = "text/html";

  /** {@code NoResource()}, which Vumi Go's own resources return for a path they do not know. */
  static final String SORRY_NO_LUCK = page("404 - No Such Resource", "No Such Resource",
      "Sorry. No luck finding that resource.");

  /** {@code Resource.getChild}'s answer for a path below one of Twisted's plain resources. */
  static final String NO_SUCH_CHILD = page("404 - No Such Resource", "No Such Resource", "No such child resource.");

  static final String TOO_MANY_CONNECTIONS = page("403 - Forbidden", "Forbidden", "Too many concurrent connections");

  /** {@code Request.processingFailed} without tracebacks: what an exception in rendering answers. */
  static final String PROCESSING_FAILED =
      "<html><head><title>Processing Failed</title></head><body><b>Processing Failed</b></body></html>";

  /**
   * Twisted's 405 page. {@code uri} is the raw request target, query included, as Twisted quotes it.
   */
  static String methodNotAllowed(String uri, String method, String allowed) {
    return page("405 - Method Not Allowed", "Method Not Allowed", "Your browser approached me (at " + escape(uri)
        + ") with the method \"" + method + "\".  I only allow the method" + (allowed.contains(",") ? "s " : " ")
        + allowed + " here.");
  }

  /** Twisted's 501 page, for a method other than GET, HEAD and POST that a resource has no code for. */
  static String notImplemented(String method) {
    return page("501 - Huh?", "Huh?", "I don't know how to treat a " + escape(method) + " request.");
  }

  /** Python 2's {@code cgi.escape}, which Twisted uses here: quotes are left as they are. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String page(String title, String heading, String text) {
    return "\n<html>\n  <head><title>" + title + "</title></head>\n  <body>\n    <h1>" + heading
        + "</h1>\n    <p>" + text + "</p>\n  </body>\n</html>\n";
  }
}
