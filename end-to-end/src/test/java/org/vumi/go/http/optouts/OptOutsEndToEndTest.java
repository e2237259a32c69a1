package org.vumi.go.http.optouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.UserOptedOutException;
import org.vumi.go.http.testing.Emulators;
import org.vumi.go.http.testing.VumiGoEmulator;

/** The client against the emulator, which answers as the opt-outs API does, in the same account's world. */
class OptOutsEndToEndTest {
  final VumiGoEmulator vumiGo = Emulators.started().addAuthToken("acc-key", "api-token")
      .addAuthToken("other-account", "other-token");
  final ConnectionPool pool = new ConnectionPool();
  final OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
  /** The clients a test made, closed after it with the emulator. */
  final List<OptOutsApiClient> clients = new ArrayList<>();
  final OptOutsApiClient optOuts = closedAfter(new OptOutsApiClient("api-token", vumiGo.goApiUrl(), client));

  OptOutsApiClient closedAfter(OptOutsApiClient made) {
    clients.add(made);
    return made;
  }

  @AfterEach
  void stop() {
    clients.forEach(OptOutsApiClient::close);
    vumiGo.close();
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(), "connections still in use");
  }

  @Test
  void setGetDeleteAndCount() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    OptOut set = optOuts.setOptOut("msisdn", "+273121100");
    assertEquals("acc-key", set.userAccount());
    assertNull(set.message());
    assertTrue(!set.createdAt().isBefore(before) && !set.createdAt().isAfter(Instant.now()), set.toString());
    assertTrue(set.json().matches(".*\"created_at\":\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}\".*"), set.json());
    assertEquals(Optional.of(set), optOuts.getOptOut("msisdn", "+273121100"));
    assertEquals(1, optOuts.count());
    assertEquals(Optional.of(set), optOuts.deleteOptOut("msisdn", "+273121100"));
    assertEquals(Optional.empty(), optOuts.getOptOut("msisdn", "+273121100"));
    assertEquals(0, optOuts.count());
  }

  @Test
  void notFoundIsEmpty() throws Exception {
    assertEquals(Optional.empty(), optOuts.getOptOut("mxit", "+369963"));
  }

  @Test
  void setTwiceIsAConflictAndLeavesTheRecord() throws Exception {
    OptOut first = optOuts.setOptOut("msisdn", "+273121100");
    HttpApiException e = assertThrows(HttpApiException.class, () -> optOuts.setOptOut("msisdn", "+273121100"));
    assertEquals(409, e.statusCode());
    assertEquals("Opt out already exists.", e.reason());
    assertEquals(Optional.of(first), optOuts.getOptOut("msisdn", "+273121100"));
  }

  @Test
  void deleteReturnsTheDeletedRecordAndNothingToDeleteIsEmpty() throws Exception {
    OptOut set = optOuts.setOptOut("whatsapp", "@whatsup");
    assertEquals(Optional.of(set), optOuts.deleteOptOut("whatsapp", "@whatsup"));
    assertEquals(Optional.empty(), optOuts.deleteOptOut("whatsapp", "+2716230199"));
  }

  @Test
  void countCoversEveryAddressTypeOfTheOwnerOnly() throws Exception {
    assertEquals(0, optOuts.count());
    optOuts.setOptOut("msisdn", "+273121100");
    optOuts.setOptOut("whatsapp", "@whatsup");
    assertEquals(2, optOuts.count());
    optOuts.setOptOut("mxit", "+369963");
    assertEquals(3, optOuts.count());
    OptOutsApiClient other = closedAfter(new OptOutsApiClient("other-token", vumiGo.goApiUrl(), client));
    assertEquals(0, other.count());
    assertEquals(Optional.empty(), other.getOptOut("msisdn", "+273121100"));
  }

  @Test
  void addressesAreComparedExactly() throws Exception {
    optOuts.setOptOut("msisdn", "+27831234567");
    assertEquals(Optional.empty(), optOuts.getOptOut("msisdn", "27831234567"));
    assertEquals(Optional.empty(), optOuts.getOptOut("MSISDN", "+27831234567"));
    optOuts.setOptOut("count", "x y&z");
    assertTrue(optOuts.getOptOut("count", "x y&z").isPresent());
  }

  @Test
  void anOptOutSetThroughTheApiRefusesSendsUntilDeleted() throws Exception {
    HttpApiSender sender = new HttpApiSender("acc-key", "conv-key", "conv-token", vumiGo.apiUrl(), client);
    optOuts.setOptOut("msisdn", "+27831234567");
    UserOptedOutException e = assertThrows(UserOptedOutException.class,
        () -> sender.sendText("+27831234567", "Hello"));
    assertEquals("+27831234567", e.toAddr());
    optOuts.deleteOptOut("msisdn", "+27831234567");
    sender.sendText("+27831234567", "Hello");
    assertEquals(1, vumiGo.messages().size());
  }

  @Test
  void anOptOutTheTestSeedsIsReadThroughTheApi() throws Exception {
    vumiGo.optOut("acc-key", "+27831234567");
    OptOut seeded = optOuts.getOptOut("msisdn", "+27831234567").orElseThrow();
    assertEquals("acc-key", seeded.userAccount());
    assertTrue(Duration.between(seeded.createdAt(), Instant.now()).abs().toSeconds() < 60);
  }

  @Test
  void anUnknownTokenIsRefusedWith401() {
    OptOutsApiClient stranger = closedAfter(new OptOutsApiClient("no-such-token", vumiGo.goApiUrl(), client));
    HttpApiException e = assertThrows(HttpApiException.class, stranger::count);
    assertEquals(401, e.statusCode());
    assertEquals("Owner ID not valid.", e.reason());
  }

  @Test
  void noOwnerIs401InTheStatusEnvelope() throws Exception {
    try (Response response = client.newCall(new Request.Builder().url(vumiGo.goApiUrl() + "/optouts/count").build())
        .execute()) {
      assertEquals(401, response.code());
      assertEquals("application/json", response.header("Content-Type"));
      assertEquals("{\"status\":{\"code\":401,\"reason\":\"Owner ID not valid.\"}}", response.body().string());
    }
  }

  @Test
  void wrongPathsAndMethodsAreHtmlBeforeAuthentication() throws Exception {
    assertRaw("POST", "/optouts/msisdn/x", 405, "<title>405 Method Not Allowed</title>");
    assertRaw("PUT", "/optouts/count", 405, "<title>405 Method Not Allowed</title>");
    assertRaw("GET", "/optouts/msisdn/x/", 404, "<title>404 Not Found</title>");
    assertRaw("GET", "/optouts/msisdn", 404, "<title>404 Not Found</title>");
    assertRaw("GET", "/optouts/msisdn/a%2Fb", 404, "<title>404 Not Found</title>");
  }

  void assertRaw(String method, String path, int status, String contains) throws Exception {
    RequestBody body = method.equals("GET") ? null : RequestBody.create(new byte[0]);
    try (Response response = client.newCall(new Request.Builder().url(vumiGo.goApiUrl() + path)
        .method(method, body).build()).execute()) {
      assertEquals(status, response.code(), method + " " + path);
      assertTrue(response.header("Content-Type").startsWith("text/html"));
      assertTrue(response.body().string().contains(contains));
    }
  }
}
