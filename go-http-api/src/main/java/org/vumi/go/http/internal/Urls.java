package org.vumi.go.http.internal;

import java.util.List;
import okhttp3.HttpUrl;

/** The base URL every client takes, and the endpoints under it. */
public final class Urls {
  private Urls() {}

  /**
   * Parses a client's base URL, refusing what cannot be a base: not http(s), credentials (which
   * would be sent to whoever answers, and logged), a query or fragment (which the endpoints would
   * silently drop or carry along).
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
      throw new IllegalArgumentException("apiUrl must be an absolute http or https URL, but was "
          + Text.quote(withoutUserInfo(apiUrl)));
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new IllegalArgumentException("apiUrl must not hold credentials; pass them as " + credentialParameters);
    }
    if (url.query() != null || url.fragment() != null) {
      throw new IllegalArgumentException("apiUrl must not have a query or fragment, but was "
          + Text.quote(url.newBuilder().query(null).fragment(null).build() + (url.query() != null ? "?…" : "#…")));
    }
    return url;
  }

  /**
   * A malformed URL can still hold a secret ({@code htps://acc:SECRET@host}): everything between the
   * scheme and the last {@code @} is left out of any message.
   */
  private static String withoutUserInfo(String url) {
    int at = url.lastIndexOf('@');
    if (at < 0) {
      return url;
    }
    int scheme = url.indexOf("://");
    int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
    return url.substring(0, start) + "…" + url.substring(at);
  }

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
