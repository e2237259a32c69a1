package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Paths, methods and credentials the API does not take are answered with Twisted's own pages,
 * as the real server (Twisted 20.3 under vumi-go) writes them.
 */
class TwistedPagesTest {
  static final String API = VumiGoEmulator.API_PATH;
  static final String SORRY = "\n<html>\n  <head><title>404 - No Such Resource</title></head>\n  <body>\n"
      + "    <h1>No Such Resource</h1>\n    <p>Sorry. No luck finding that resource.</p>\n  </body>\n</html>\n";
  static final String NO_CHILD = "\n<html>\n  <head><title>404 - No Such Resource</title></head>\n  <body>\n"
      + "    <h1>No Such Resource</h1>\n    <p>No such child resource.</p>\n  </body>\n</html>\n";
  static final String ERROR_PAGE = "text/html; charset=utf-8";

  final VumiGoEmulator vumiGo = VumiGoEmulatorTest.start();
  final Http http = new Http(vumiGo);

  @AfterEach
  void stop() {
    vumiGo.close();
  }

  VumiGoEmulatorTest.Answer call(String method, String path, String authorization) throws IOException {
    byte[] body = method.equals("GET") || method.equals("HEAD") ? null : "{}".getBytes(StandardCharsets.UTF_8);
    return http.raw(method, path, body, authorization);
  }

  @Test
  void unauthorizedIsTwistedsDefaultHtml() throws IOException {
    for (String path : List.of("/conv-key/messages.json", "/conv-key/metrics.json", "/conv-key/foo", "/no-conv/x")) {
      VumiGoEmulatorTest.Answer answer = call("PUT", API + path, Credentials.basic("acc-key", "wrong"));
      assertEquals(401, answer.code(), path);
      assertEquals("text/html", answer.contentType(), path);
      assertEquals("Unauthorized", answer.body());
      assertEquals("basic realm=\"Conversation Realm\"", answer.headers().get("WWW-Authenticate"));
    }
    VumiGoEmulatorTest.Answer head = call("HEAD", API + "/conv-key/messages.json", null);
    assertEquals(401, head.code());
    assertEquals("text/html", head.contentType());
  }

  @Test
  void vumiGosOwnResourcesSaySorryNoLuck() throws IOException {
    for (String path : List.of(API, API + "/", API + "//messages.json", API + "/conv-key", API + "/conv-key/",
        API + "/conv-key/foo", API + "/conv-key//messages.json", API + "/conv-key/MESSAGES.JSON")) {
      VumiGoEmulatorTest.Answer answer = call("PUT", path, VumiGoEmulatorTest.AUTH);
      assertEquals(404, answer.code(), path);
      assertEquals(ERROR_PAGE, answer.contentType(), path);
      assertEquals(SORRY, answer.body(), path);
    }
    assertEquals(SORRY, call("GET", API + "/conv-key", VumiGoEmulatorTest.AUTH).body());
  }

  @Test
  void pathsBelowTwistedsPlainResourcesHaveNoSuchChild() throws IOException {
    for (String path : List.of("/", "/other", "/api/", "/api/v2", API + "_x/conv-key/messages.json",
        API + "/conv-key/messages.json/extra", API + "/conv-key/messages.json/")) {
      VumiGoEmulatorTest.Answer answer = call("PUT", path, VumiGoEmulatorTest.AUTH);
      assertEquals(404, answer.code(), path);
      assertEquals(ERROR_PAGE, answer.contentType(), path);
      assertEquals(NO_CHILD, answer.body(), path);
    }
  }

  @Test
  void thePlainResourcesAboveTheApiAllowOnlyHead() throws IOException {
    for (String path : List.of("/api", "/api/v1", "/api/v1/go")) {
      VumiGoEmulatorTest.Answer answer = call("GET", path, null);
      assertEquals(405, answer.code(), path);
      assertEquals("HEAD", answer.headers().get("Allow"));
      assertEquals(ERROR_PAGE, answer.contentType());
      assertEquals("\n<html>\n  <head><title>405 - Method Not Allowed</title></head>\n  <body>\n"
          + "    <h1>Method Not Allowed</h1>\n    <p>Your browser approached me (at " + path
          + ") with the method \"GET\".  I only allow the method HEAD here.</p>\n  </body>\n</html>\n", answer.body());
      assertEquals(500, call("HEAD", path, null).code(), "render_HEAD calls the missing render_GET");
      assertEquals(501, call("PUT", path, null).code());
    }
  }

  @Test
  void theHealthCheckAnswersOk() throws IOException {
    for (String path : List.of("/health/", "/health", "/health/deeper")) {
      VumiGoEmulatorTest.Answer answer = call("GET", path, null);
      assertEquals(200, answer.code(), path);
      assertEquals("OK", answer.body());
      assertEquals("text/html", answer.contentType());
    }
    assertEquals(200, call("HEAD", "/health/", null).code());
    VumiGoEmulatorTest.Answer post = call("POST", "/health/", null);
    assertEquals(405, post.code());
    assertEquals("HEAD, GET", post.headers().get("Allow"));
  }

  @Test
  void headOnTheApiResourcesIsA500() throws IOException {
    for (String resource : List.of("messages.json", "metrics.json")) {
      VumiGoEmulatorTest.Answer answer = call("HEAD", API + "/conv-key/" + resource, VumiGoEmulatorTest.AUTH);
      assertEquals(500, answer.code(), resource);
      assertEquals("text/html", answer.contentType());
      assertNull(answer.headers().get("Allow"));
      assertEquals("", answer.body());
    }
  }

  @Test
  void otherMethodsAreHuh() throws IOException {
    for (String method : List.of("DELETE", "OPTIONS", "PATCH")) {
      VumiGoEmulatorTest.Answer answer = call(method, API + "/conv-key/messages.json", VumiGoEmulatorTest.AUTH);
      assertEquals(501, answer.code(), method);
      assertEquals(ERROR_PAGE, answer.contentType());
      assertEquals("\n<html>\n  <head><title>501 - Huh?</title></head>\n  <body>\n    <h1>Huh?</h1>\n"
          + "    <p>I don't know how to treat a " + method + " request.</p>\n  </body>\n</html>\n", answer.body());
    }
  }

  @Test
  void theMethodPageQuotesTheWholeRequestTarget() throws IOException {
    VumiGoEmulatorTest.Answer answer = call("GET", API + "/conv-key/messages.json?a=<b>&c", VumiGoEmulatorTest.AUTH);
    assertEquals(405, answer.code());
    assertEquals("PUT, HEAD", answer.headers().get("Allow"));
    assertEquals(ERROR_PAGE, answer.contentType());
    assertEquals("\n<html>\n  <head><title>405 - Method Not Allowed</title></head>\n  <body>\n"
        + "    <h1>Method Not Allowed</h1>\n    <p>Your browser approached me (at " + API
        + "/conv-key/messages.json?a=%3Cb%3E&amp;c) with the method \"GET\".  I only allow the methods PUT, HEAD here.</p>\n"
        + "  </body>\n</html>\n", answer.body());
  }

  @Test
  void tooManyConnectionsIsATwistedErrorPage() throws IOException {
    vumiGo.concurrencyLimit(0);
    VumiGoEmulatorTest.Answer answer = call("PUT", API + "/conv-key/messages.json", VumiGoEmulatorTest.AUTH);
    assertEquals(403, answer.code());
    assertEquals(ERROR_PAGE, answer.contentType());
    assertEquals("\n<html>\n  <head><title>403 - Forbidden</title></head>\n  <body>\n    <h1>Forbidden</h1>\n"
        + "    <p>Too many concurrent connections</p>\n  </body>\n</html>\n", answer.body());
    assertEquals(403, call("PUT", API + "/conv-key/messages.json/extra", VumiGoEmulatorTest.AUTH).code(),
        "counted once the resource is known, before the rest of the path");
  }
}
