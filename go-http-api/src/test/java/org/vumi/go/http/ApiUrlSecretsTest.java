package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vumi.go.http.account.AccountApiClient;
import org.vumi.go.http.contacts.ContactsApiClient;
import org.vumi.go.http.metrics.MetricsApiClient;
import org.vumi.go.http.optouts.OptOutsApiClient;

/**
 * A refused {@code apiUrl} is never echoed beyond its scheme and host, whichever client's builder
 * takes it: the rest of a malformed URL may hold a token (a query, a path, user info), or the
 * "URL" may be a token given in the wrong place.
 */
class ApiUrlSecretsTest {
  static final Map<String, Consumer<String>> SETTERS = Map.of(
      "HttpApiSender", url -> HttpApiSender.builder("acc", "conv", "token").apiUrl(url),
      "OptOutsApiClient", url -> OptOutsApiClient.builder("token").apiUrl(url),
      "MetricsApiClient", url -> MetricsApiClient.builder("token").apiUrl(url),
      "ContactsApiClient", url -> ContactsApiClient.builder("token").apiUrl(url),
      "AccountApiClient", url -> AccountApiClient.builder("token").apiUrl(url));

  static final String NOT_HTTP = "apiUrl must be an absolute http or https URL, such as https://go.vumi.org/api/v1/go,"
      + " but ";
  static final String NO_SCHEME = NOT_HTTP + "has no http:// or https:// scheme (the rest is not shown: it may hold"
      + " a secret)";

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("go.vumi.org/api/v1/go?token=SECRET", NO_SCHEME),
        Arguments.of("SECRET-token-given-as-the-url", NO_SCHEME),
        Arguments.of("mailto:SECRET@vumi.org", NO_SCHEME),
        Arguments.of("go.vumi.org:8080/SECRET", NO_SCHEME),
        Arguments.of("http://go.vumi.org:99999/SECRET/api", NOT_HTTP + "was \"http://go.vumi.org…\""),
        Arguments.of("http://go.vumi.org:SECRET/api", NOT_HTTP + "was \"http://go.vumi.org…\""),
        Arguments.of("htps://acc:SECRET@go.vumi.org/api", NOT_HTTP + "was \"htps://go.vumi.org…\""),
        Arguments.of("http://acc:SECRET@go.vumi.org:99999/", NOT_HTTP + "was \"http://go.vumi.org…\""),
        Arguments.of("ftp://go.vumi.org/SECRET", NOT_HTTP + "was \"ftp://go.vumi.org…\""),
        Arguments.of("http://[::1/SECRET", NOT_HTTP + "was \"http://[::1…\""),
        Arguments.of("http://", NOT_HTTP + "was \"http://\""),
        Arguments.of("", NOT_HTTP + "was \"\""),
        Arguments.of(" ", NOT_HTTP + "was \" \""),
        Arguments.of("https://user:SECRET@go.vumi.org/api", "apiUrl must not hold credentials; pass them as "),
        Arguments.of("https://go.vumi.org/api?access_token=SECRET",
            "apiUrl must not have a query or fragment, but was \"https://go.vumi.org…\""),
        Arguments.of("https://go.vumi.org/SECRET/api#SECRET",
            "apiUrl must not have a query or fragment, but was \"https://go.vumi.org…\""));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("refused")
  void aRefusedUrlIsEchoedNoFurtherThanItsSchemeAndHost(String url, String message) {
    SETTERS.forEach((client, setter) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> setter.accept(url), client);
      if (message.endsWith("pass them as ")) { // then the client's own credential parameters
        assertTrue(e.getMessage().startsWith(message), client + ": " + e.getMessage());
      } else {
        assertEquals(message, e.getMessage(), client);
      }
      assertFalse(e.getMessage().contains("SECRET"), client + " echoed a secret: " + e.getMessage());
    });
  }
}
