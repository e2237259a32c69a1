package org.vumi.go.http.optouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.MockServers;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.UnexpectedResponseException;

/** The client against a scripted server: the exact requests, and what each answer becomes. */
class OptOutsApiClientTest {
  static final String RECORD = "{\"created_at\": \"2015-11-10 20:33:03.742409\", \"message\": null,"
      + " \"user_account\": \"fxxxeee\"}";
  static final String FOUND = "{\"status\": {\"code\": 200, \"reason\": \"OK\"}, \"opt_out\": " + RECORD + "}";

  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final ConnectionPool pool = new ConnectionPool();
  final OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();

  OptOutsApiClient optOuts() {
    return new OptOutsApiClient("auth-token", server.url("/api/v1/go").toString(), client);
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  RecordedRequest assertRequest(String method, String target) throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals(method, request.getMethod());
    assertEquals(target, request.getTarget());
    assertEquals("Bearer auth-token", request.getHeaders().get("Authorization"));
    assertEquals(0, request.getBodySize(), "no body");
    return request;
  }

  @AfterEach
  void everyResponseClosed() {
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(), "connections still in use");
  }

  @Test
  void defaultApiUrlIsVumiGos() {
    assertEquals("https://go.vumi.org/api/v1/go", OptOutsApiClient.DEFAULT_API_URL);
    assertTrue(new OptOutsApiClient("auth-token").toString().contains("https://go.vumi.org/api/v1/go/optouts"));
  }

  @Test
  void getOptOutReadsTheRecordFromItsEnvelope() throws Exception {
    server.enqueue(json(200, FOUND));
    OptOut optOut = optOuts().getOptOut("msisdn", "+1234").orElseThrow();
    assertRequest("GET", "/api/v1/go/optouts/msisdn/%2B1234");
    assertEquals(Instant.parse("2015-11-10T20:33:03.742409Z"), optOut.createdAt());
    assertNull(optOut.message());
    assertEquals("fxxxeee", optOut.userAccount());
    assertEquals("{\"created_at\":\"2015-11-10 20:33:03.742409\",\"message\":null,\"user_account\":\"fxxxeee\"}",
        optOut.json());
  }

  @Test
  void getOptOutNotFoundIsEmpty() throws Exception {
    server.enqueue(json(404, "{\"status\": {\"code\": 404, \"reason\": \"Opt out not found.\"}}"));
    assertEquals(Optional.empty(), optOuts().getOptOut("msisdn", "+1234"));
    assertRequest("GET", "/api/v1/go/optouts/msisdn/%2B1234");
  }

  @Test
  void aNotFoundPageFromAWrongUrlIsNotReadAsNotOptedOut() {
    server.enqueue(new MockResponse.Builder().code(404).setHeader("Content-Type", "text/html")
        .body("<title>404 Not Found</title><h1>Not Found</h1>").build());
    HttpApiException e = assertThrows(HttpApiException.class, () -> optOuts().getOptOut("msisdn", "+1234"));
    assertEquals(404, e.statusCode());
  }

  @Test
  void anEmptyNotFoundIsStillEmpty() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).build());
    assertEquals(Optional.empty(), optOuts().getOptOut("msisdn", "+1234"));
  }

  @Test
  void anErrorResponseRaisesWithTheStatusReason() {
    server.enqueue(json(400, "{\"status\": {\"code\": 400, \"reason\": \"Bad request\"}}"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> optOuts().getOptOut("msisdn", "+1234"));
    assertEquals(400, e.statusCode());
    assertEquals("Bad request", e.reason());
    assertTrue(e.responseBody().contains("Bad request"));
  }

  @Test
  void aLongReasonIsCutInTheMessage() {
    String reason = "R".repeat(60 * 1024);
    server.enqueue(json(400, "{\"status\": {\"code\": 400, \"reason\": \"" + reason + "\"}}"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> optOuts().getOptOut("msisdn", "+1234"));
    assertEquals(reason, e.reason());
    assertTrue(e.getMessage().length() < 2 * 1024, "a message of " + e.getMessage().length() + " characters");
    assertTrue(e.getMessage().endsWith("... (" + (reason.length() - 1024) + " more characters)"), e.getMessage());
  }

  @Test
  void aNonJsonErrorResponseRaisesToo() {
    server.enqueue(new MockResponse.Builder().code(503).body("Service Unavailable").build());
    OptOutsApiClient optOuts = OptOutsApiClient.builder("auth-token").apiUrl(server.url("/api/v1/go").toString())
        .client(client).retryPolicy(RetryPolicy.none()).build();
    HttpApiException e = assertThrows(HttpApiException.class, () -> optOuts.getOptOut("msisdn", "+1234"));
    assertEquals(503, e.statusCode());
    assertNull(e.reason());
    assertEquals("Service Unavailable", e.responseBody());
  }

  @Test
  void setOptOutPutsWithoutABody() throws Exception {
    server.enqueue(json(200, FOUND));
    OptOut optOut = optOuts().setOptOut("msisdn", "+1234");
    assertRequest("PUT", "/api/v1/go/optouts/msisdn/%2B1234");
    assertEquals("fxxxeee", optOut.userAccount());
  }

  @Test
  void setOptOutOnAnExistingOneIsAConflict() {
    server.enqueue(json(409, "{\"status\": {\"code\": 409, \"reason\": \"Opt out already exists.\"}}"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> optOuts().setOptOut("msisdn", "+1234"));
    assertEquals(409, e.statusCode());
    assertEquals("Opt out already exists.", e.reason());
  }

  OptOutsApiClient retrying() {
    return OptOutsApiClient.builder("auth-token").apiUrl(server.url("/api/v1/go").toString()).client(client)
        .retryPolicy(RetryPolicy.builder().initialBackoff(java.time.Duration.ZERO).build()).build();
  }

  static final String EXISTS = "{\"status\": {\"code\": 409, \"reason\": \"Opt out already exists.\"}}";

  @Test
  void aRetriedSetOptOutThatFindsItAlreadyThereSucceeds() throws Exception {
    // The first PUT reaches the server, which records it; its answer is lost. The retry finds it there.
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(409, EXISTS));
    server.enqueue(json(200, FOUND));
    OptOut optOut = retrying().setOptOut("msisdn", "+1234");
    assertEquals("fxxxeee", optOut.userAccount());
    assertRequest("PUT", "/api/v1/go/optouts/msisdn/%2B1234");
    assertRequest("PUT", "/api/v1/go/optouts/msisdn/%2B1234");
    assertRequest("GET", "/api/v1/go/optouts/msisdn/%2B1234"); // the opt-out as it stands
  }

  @Test
  void aRetriedSetOptOutWhoseOptOutIsGoneAgainIsTheConflict() {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(409, EXISTS));
    server.enqueue(json(404, "{\"status\": {\"code\": 404, \"reason\": \"Opt out not found.\"}}"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> retrying().setOptOut("msisdn", "+1234"));
    assertEquals(409, e.statusCode());
    assertEquals(2, e.attempts());
  }

  @Test
  void aRetriedDeleteOptOutThatFindsNothingIsEmpty() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(404, "{\"status\": {\"code\": 404, \"reason\": \"There's nothing to delete.\"}}"));
    assertEquals(java.util.Optional.empty(), retrying().deleteOptOut("msisdn", "+1234"));
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void setOptOutNotFoundIsARefusalNotAnEmptyAnswer() {
    server.enqueue(json(404, "{\"status\": {\"code\": 404, \"reason\": \"Not Found\"}}"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> optOuts().setOptOut("msisdn", "+1234"));
    assertEquals(404, e.statusCode());
  }

  @Test
  void deleteOptOutReturnsTheRecordAsItWas() throws Exception {
    server.enqueue(json(200, FOUND));
    OptOut optOut = optOuts().deleteOptOut("msisdn", "+1234").orElseThrow();
    assertRequest("DELETE", "/api/v1/go/optouts/msisdn/%2B1234");
    assertEquals(Instant.parse("2015-11-10T20:33:03.742409Z"), optOut.createdAt());
  }

  @Test
  void deleteOptOutNotFoundIsEmpty() throws Exception {
    server.enqueue(json(404, "{\"status\": {\"code\": 404, \"reason\": \"There's nothing to delete.\"}}"));
    assertEquals(Optional.empty(), optOuts().deleteOptOut("msisdn", "+1234"));
    assertRequest("DELETE", "/api/v1/go/optouts/msisdn/%2B1234");
  }

  @Test
  void countReadsOptOutCount() throws Exception {
    server.enqueue(json(200, "{\"opt_out_count\": 2, \"status\": {\"code\": 200, \"reason\": \"OK\"}}"));
    assertEquals(2, optOuts().count());
    assertRequest("GET", "/api/v1/go/optouts/count");
  }

  @Test
  void everyPartOfTheAddressIsEncodedAsOneSegment() throws Exception {
    server.enqueue(json(200, FOUND));
    optOuts().getOptOut("whats app", "@who?&x=1#y%~é");
    assertRequest("GET", "/api/v1/go/optouts/whats%20app/%40who%3F%26x%3D1%23y%25%7E%C3%A9");
  }

  @Test
  void anAddressNamedCountIsNotTheCount() throws Exception {
    server.enqueue(json(200, FOUND));
    optOuts().getOptOut("count", "x");
    assertRequest("GET", "/api/v1/go/optouts/count/x");
  }

  @Test
  void theMemoryBackendsRecordStillReads() throws Exception {
    server.enqueue(json(200, "{\"status\": {\"code\": 200, \"reason\": \"OK\"}, \"opt_out\": {\"id\": \"1234\","
        + " \"address_type\": \"msisdn\", \"address\": \"+273121100\"}}"));
    OptOut optOut = optOuts().getOptOut("msisdn", "+273121100").orElseThrow();
    assertNull(optOut.createdAt());
    assertNull(optOut.userAccount());
    assertTrue(optOut.json().contains("\"address\":\"+273121100\""));
  }

  @Test
  void aSuccessWithoutARecordIsUnexpected() {
    server.enqueue(json(200, "{\"status\": {\"code\": 200, \"reason\": \"OK\"}}"));
    assertThrows(UnexpectedResponseException.class, () -> optOuts().setOptOut("msisdn", "+1"));
    server.enqueue(json(200, "<html>OK</html>"));
    assertThrows(UnexpectedResponseException.class, () -> optOuts().getOptOut("msisdn", "+1"));
    server.enqueue(json(200, "[1]"));
    assertThrows(UnexpectedResponseException.class, () -> optOuts().deleteOptOut("msisdn", "+1"));
    server.enqueue(json(200, "{\"opt_out_count\": \"2\"}"));
    assertThrows(UnexpectedResponseException.class, () -> optOuts().count());
    server.enqueue(json(200, "{\"opt_out_count\": 2.5}"));
    assertThrows(UnexpectedResponseException.class, () -> optOuts().count());
    server.enqueue(json(200, "{}"));
    assertThrows(UnexpectedResponseException.class, () -> optOuts().count());
    server.enqueue(json(200, "{\"opt_out_count\": 123456789012345678901234567890}"));
    assertThrows(UnexpectedResponseException.class, () -> optOuts().count());
    server.enqueue(json(200, "{\"opt_out\": [1]}"));
    assertThrows(UnexpectedResponseException.class, () -> optOuts().getOptOut("msisdn", "+1"));
  }

  @Test
  void countRefusedRaises() {
    server.enqueue(json(401, "{\"status\": {\"code\": 401, \"reason\": \"Owner ID not valid.\"}}"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> optOuts().count());
    assertEquals(401, e.statusCode());
    assertEquals("Owner ID not valid.", e.reason());
    assertFalse(e.getMessage().contains("auth-token"));
  }

  @Test
  void readsAreRetriedAfterADroppedConnection() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, FOUND));
    OptOutsApiClient optOuts = OptOutsApiClient.builder("auth-token").apiUrl(server.url("/api/v1/go").toString())
        .client(client).retryPolicy(RetryPolicy.builder().initialBackoff(java.time.Duration.ZERO).build()).build();
    assertTrue(optOuts.getOptOut("msisdn", "+1").isPresent());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void badInputFailsFastNamingTheParameterAndSendsNothing() {
    OptOutsApiClient optOuts = optOuts();
    assertMessage(NullPointerException.class, "addressType", () -> optOuts.getOptOut(null, "+1"));
    assertMessage(IllegalArgumentException.class, "addressType", () -> optOuts.setOptOut(" ", "+1"));
    assertMessage(IllegalArgumentException.class, "address", () -> optOuts.deleteOptOut("msisdn", ""));
    assertMessage(IllegalArgumentException.class, "address", () -> optOuts.getOptOut("msisdn", "a/b"));
    assertMessage(IllegalArgumentException.class, "address", () -> optOuts.getOptOut("msisdn", ".."));
    assertMessage(IllegalArgumentException.class, "address", () -> optOuts.getOptOut("msisdn", "+1\n2"));
    assertMessage(NullPointerException.class, "authToken", () -> new OptOutsApiClient(null));
    assertMessage(IllegalArgumentException.class, "authToken", () -> new OptOutsApiClient(" "));
    assertMessage(IllegalArgumentException.class, "apiUrl", () -> new OptOutsApiClient("t", "ftp://x", null));
    assertMessage(NullPointerException.class, "retryPolicy", () -> OptOutsApiClient.builder("t").retryPolicy(null));
    assertMessage(IllegalArgumentException.class, "deadline",
        () -> OptOutsApiClient.builder("t").deadline(java.time.Duration.ZERO));
    assertMessage(IllegalArgumentException.class, "deadline",
        () -> OptOutsApiClient.builder("t").deadline(java.time.Duration.ofHours(2)));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void theBuilderTakesEverySetting() throws Exception {
    OptOutsApiClient optOuts = OptOutsApiClient.builder("auth-token").apiUrl(null).apiUrl(server.url("/").toString())
        .client(client).retryPolicy(RetryPolicy.none()).deadline(java.time.Duration.ofSeconds(5)).build();
    server.enqueue(json(200, "{\"opt_out_count\": 0}"));
    assertEquals(0, optOuts.count());
    assertEquals("/optouts/count", server.takeRequest().getTarget());
    assertTrue(optOuts.toString().contains("deadline=PT5S"), optOuts.toString());
  }

  @Test
  void aRecordWithOddFieldsStillReads() throws Exception {
    server.enqueue(json(200, "{\"opt_out\": {\"created_at\": 5, \"message\": \"msg-1\", \"user_account\": null}}"));
    OptOut optOut = optOuts().getOptOut("msisdn", "+1").orElseThrow();
    assertNull(optOut.createdAt());
    assertEquals("msg-1", optOut.message());
    assertNull(optOut.userAccount());
  }

  @Test
  void theTokenIsNeverShown() {
    OptOutsApiClient optOuts = OptOutsApiClient.builder("secret-token").build();
    assertFalse(optOuts.toString().contains("secret-token"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new OptOutsApiClient("secret token"));
    assertFalse(e.getMessage().contains("secret"));
  }

  @Test
  void aRecordShowsItselfAndComparesByItsJson() throws Exception {
    server.enqueue(json(200, FOUND));
    server.enqueue(json(200, FOUND));
    OptOut first = optOuts().getOptOut("msisdn", "+1").orElseThrow();
    OptOut second = optOuts().getOptOut("msisdn", "+1").orElseThrow();
    assertEquals(first, second);
    assertEquals(first.hashCode(), second.hashCode());
    assertFalse(first.equals(FOUND));
    assertEquals("OptOut{createdAt=2015-11-10T20:33:03.742409Z, message=null, userAccount=\"fxxxeee\"}",
        first.toString());
  }

  @Test
  void aCreatedAtInAnotherFormIsNull() {
    assertNull(OptOut.parseVumiDate("2015-11-10T20:33:03Z"));
    assertEquals(Instant.parse("2015-11-10T20:33:03Z"), OptOut.parseVumiDate("2015-11-10 20:33:03"));
  }

  static <T extends Throwable> void assertMessage(Class<T> type, String parameter,
      org.junit.jupiter.api.function.Executable call) {
    T e = assertThrows(type, call);
    assertTrue(e.getMessage().startsWith(parameter + " "), e.getMessage());
  }

  @Test
  void transportFailuresAreIoExceptions() throws IOException {
    server.close();
    OptOutsApiClient optOuts = OptOutsApiClient.builder("auth-token").apiUrl(server.url("/api/v1/go").toString())
        .client(client).retryPolicy(RetryPolicy.none()).build();
    IOException e = assertThrows(IOException.class, () -> optOuts.count());
    assertInstanceOf(IOException.class, e);
    assertFalse(e.getMessage().contains("auth-token"));
  }
}
