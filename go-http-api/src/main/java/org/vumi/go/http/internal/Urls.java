package org.vumi.go.http.internal;

import java.util.List;
import okhttp3.HttpUrl;

/** The base URL every client takes, and the endpoints under it. */
public final class Urls {
  private Urls() {}

  /**
   * Parses a client's base URL, refusing what cannot be a base: not http(s), credentials (which
   * would be sent to whoever answers, and logged), a query or fragment (which the endpoints would
   * silently drop or carry along). A refused URL is never echoed beyond its scheme and host: the
   * rest (user info, port, path, query) may hold a secret, and text without a scheme may be a token
   * given in the wrong place, so none of it is shown.
   *
   * @param apiUrl the URL as given
   * @param credentialParameters where credentials go instead, for the message: "authToken", say
   * @return the parsed URL
   * @throws IllegalArgumentException naming {@code apiUrl}; never echoing a URL that may hold a secret
   */
  public static HttpUrl parseApiUrl(String apiUrl, String credentialParameters) {
    Checks.requireNonNull(apiUrl, "apiUrl");
    HttpUrl url = HttpUrl.parse(apiUrl);
    if (url == null) {
      throw new IllegalArgumentException("apiUrl must be an absolute http or https URL, such as "
          + "https://go.vumi.org/api/v1/go, but " + shown(apiUrl));
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new IllegalArgumentException("apiUrl must not hold credentials; pass them as " + credentialParameters);
    }
    if (url.query() != null || url.fragment() != null) {
      throw new IllegalArgumentException("apiUrl must not have a query or fragment, but was "
          + Text.quote(url.scheme() + "://" + url.host() + "…"));
    }
    return url;
  }

  /** What a message may show of a refused URL: its scheme and host, or nothing of it at all. */
  private static String shown(String url) {
    if (url.isBlank()) {
      return "was " + Text.quote(url);
    }
    int separator = url.indexOf("://");
    if (separator <= 0 || !SCHEME.matcher(url.substring(0, separator)).matches()) {
      return "has no http:// or https:// scheme (the rest is not shown: it may hold a secret)";
    }
    int start = separator + 3;
    int end = start;
    while (end < url.length() && "/?#\\".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    String authority = url.substring(start, end);
    String host = authority.substring(authority.lastIndexOf('@') + 1); // user info may be a secret
    int port = host.startsWith("[") ? host.indexOf(']') + 1 : host.indexOf(':');
    if (port > 0 && port < host.length()) {
      host = host.substring(0, port);
    }
    String scheme = url.substring(0, start);
    return "was " + Text.quote(scheme + host + (scheme.length() + host.length() < url.length() ? "…" : ""));
  }

  /** A URL scheme, as RFC 3986 writes one. */
  private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

  /**
   * Returns {@code base} with more path segments, each percent-encoded as one segment. A trailing
   * {@code /} on the base gives no {@code //}.
   *
   * @param base the base URL
   * @param segments the segments to add; an empty last one makes a trailing {@code /}
   * @return the endpoint
   */
  public static HttpUrl endpoint(HttpUrl base, String... segments) {
    HttpUrl.Builder builder = base.newBuilder();
    List<String> existing = base.pathSegments();
    if (existing.get(existing.size() - 1).isEmpty()) {
      builder.removePathSegment(existing.size() - 1);
    }
    for (String segment : segments) {
      builder.addPathSegment(segment);
    }
    return builder.build();
  }
}
