package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's contacts and groups API at the wire, as the server's own tests check the real
 * server: statuses, envelopes, texts, paging and streams, including what the client never sends.
 */
class ContactsApiEmulatorTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String CONTACT_FIELDS = "[\"$VERSION\",\"bbm_pin\",\"created_at\",\"dob\",\"email_address\",\"extra\","
      + "\"facebook_id\",\"groups\",\"gtalk_id\",\"key\",\"msisdn\",\"mxit_id\",\"name\",\"subscription\",\"surname\","
      + "\"twitter_handle\",\"user_account\",\"wechat_id\"]";

  final VumiGoEmulator vumiGo = start();
  final OkHttpClient http = new OkHttpClient();

  static VumiGoEmulator start() {
    try {
      return VumiGoEmulator.start().addAuthToken("owner-1", "token");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    vumiGo.close();
  }

  record Reply(int code, String contentType, String body) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String reason() {
      return json().get("reason").asText();
    }

    void assertError(int status, String reason) {
      assertEquals(status, code, body);
      assertEquals("application/json; charset=utf-8", contentType);
      assertEquals(MAPPER.createObjectNode().put("status_code", status).put("reason", reason), json());
    }
  }

  Reply call(String method, String path, String body) {
    return call(method, path, body, "Bearer token");
  }

  Reply call(String method, String path, String body, String authorization) {
    Request.Builder request = new Request.Builder().url(vumiGo.goApiUrl() + path)
        .method(method, body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try (Response response = http.newCall(request.build()).execute()) {
      return new Reply(response.code(), response.header("Content-Type"), response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String create(String collection, String json) {
    Reply reply = call("POST", "/" + collection + "/", json);
    assertEquals(200, reply.code(), reply.body());
    return reply.json().get("key").asText();
  }

  String contact(String json) {
    return create("contacts", json);
  }

  String group(String json) {
    return create("groups", json);
  }

  static Set<String> fieldNames(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static List<String> keys(JsonNode data) {
    List<String> keys = new ArrayList<>();
    data.forEach(item -> keys.add(item.get("key").asText()));
    return keys;
  }

  static List<String> lines(String body) {
    List<String> keys = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isEmpty()) {
        try {
          keys.add(MAPPER.readTree(line).get("key").asText());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return keys;
  }

  // ---------------------------------------------------------------- routes and auth

  @Test
  void noTokenIs401AndAnUnknownOneIs403() {
    call("GET", "/contacts/", null, null).assertError(401, "Unauthorized");
    call("GET", "/contacts/", null, "Basic dTpw").assertError(403, "Forbidden"); // the bouncer's token: "dTpw"
    call("GET", "/groups/", null, "Bearer ").assertError(403, "Forbidden");
    call("GET", "/contacts/k1", null, "Bearer nope").assertError(403, "Forbidden");
  }

  @Test
  void aPathNoRouteMatchesIsCyclonesHtml404BeforeAuth() {
    for (String path : List.of("/contacts/a/b", "/groups/g1/members", "/groups//contacts", "/contacts//")) {
      Reply reply = call("GET", path, null, null);
      assertEquals(404, reply.code(), path);
      assertEquals("<html><title>404: Not Found</title><body>404: Not Found</body></html>", reply.body());
    }
  }

  @Test
  void aMethodTheRouteDoesNotHaveIs405AfterAuth() {
    call("POST", "/groups/some-key", "{}").assertError(405, "Method Not Allowed");
    call("DELETE", "/contacts/", null).assertError(405, "Method Not Allowed");
    call("PATCH", "/contacts/k1", "{}").assertError(405, "Method Not Allowed");
    call("PUT", "/groups/g1/contacts", "{}").assertError(405, "Method Not Allowed");
    call("POST", "/groups/some-key", "{}", null).assertError(401, "Unauthorized");
  }

  @Test
  void everyRequestIsCounted() {
    call("GET", "/contacts/", null);
    call("GET", "/groups/", null);
    assertEquals(2, vumiGo.requestCount());
  }

  // ---------------------------------------------------------------- contacts

  @Test
  void aContactHasEveryFieldOfTheServers() throws Exception {
    String key = contact("{\"msisdn\": \"+12345\", \"name\": \"Arthur\", \"user_account\": \"someone-else\"}");
    Reply reply = call("GET", "/contacts/" + key, null);
    assertEquals(200, reply.code());
    assertEquals("application/json; charset=utf-8", reply.contentType());
    JsonNode contact = reply.json();
    assertEquals(new TreeSet<>(List.of(MAPPER.readValue(CONTACT_FIELDS, String[].class))), fieldNames(contact));
    assertEquals("owner-1", contact.get("user_account").asText(), "the owner is forced");
    assertEquals(2, contact.get("$VERSION").asInt());
    assertEquals("{}", contact.get("subscription").toString());
    assertTrue(contact.get("surname").isNull());
  }

  @Test
  void createWithFieldsAContactCannotHaveIs400() {
    call("POST", "/contacts/", "{\"msisdn\": \"+1\", \"unknown_field\": 1, \"not_the_field\": 2}")
        .assertError(400, "Invalid contact fields: not_the_field, unknown_field");
    call("POST", "/contacts/", "{\"msisdn\": \"+1\", \"key\": \"k\", \"$VERSION\": 2}")
        .assertError(400, "Invalid contact fields: $VERSION, key");
    assertEquals("{\"cursor\":null,\"data\":[]}", call("GET", "/contacts/", null).body(), "nothing stored");
  }

  @Test
  void createChecksValuesAsTheModelDoes() {
    call("POST", "/contacts/", "{\"name\": \"x\"}").assertError(400, "None is not allowed as a value for non-null fields.");
    call("POST", "/contacts/", "{\"msisdn\": null}").assertError(400, "None is not allowed as a value for non-null fields.");
    call("POST", "/contacts/", "{\"msisdn\": 5}").assertError(400, "Value 5 is not a unicode string.");
    call("POST", "/contacts/", "{\"msisdn\": \"+1\", \"name\": true}").assertError(400, "Value True is not a unicode string.");
    call("POST", "/contacts/", "{\"msisdn\": \"+1\", \"name\": [1, null, 2.5, false]}")
        .assertError(400, "Value [1, None, 2.5, False] is not a unicode string.");
    call("POST", "/contacts/", "{\"msisdn\": \"+1\", \"name\": {\"a\": \"b\"}}")
        .assertError(400, "Value {u'a': u'b'} is not a unicode string.");
    String longName = "n".repeat(256);
    call("POST", "/contacts/", "{\"msisdn\": \"+1\", \"name\": \"" + longName + "\"}")
        .assertError(400, "Value u'" + longName + "' too long (maximum length is 255).");
    call("POST", "/contacts/", "{\"msisdn\": \"+1\", \"bbm_pin\": \"" + "p".repeat(101) + "\"}")
        .assertError(400, "Value u'" + "p".repeat(101) + "' too long (maximum length is 100).");
    assertEquals(200, call("POST", "/contacts/", "{\"msisdn\": \"+1\", \"email_address\": \"" + "e".repeat(300) + "\"}")
        .code(), "email_address has no maximum");
    call("POST", "/contacts/", "{\"msisdn\": \"+1\", \"dob\": \"yesterday\"}")
        .assertError(400, "Timestamp field expects a datetime or an iso8601 formatted string.");
    call("POST", "/contacts/", "{\"msisdn\": \"+1\", \"dob\": 5}")
        .assertError(400, "Timestamp field expects a datetime or an iso8601 formatted string.");
    call("POST", "/contacts/", "{\"msisdn\": \"+1\", \"dob\": \"2014-13-45\"}")
        .assertError(400, "Timestamp field expects a datetime or an iso8601 formatted string.");
    call("POST", "/contacts/", "{\"msisdn\": \"+1\", \"groups\": \"g1\"}")
        .assertError(400, "Value u'g1' is not a list of group keys.");
    call("POST", "/contacts/", "{\"msisdn\": \"+1\", \"groups\": [1]}").assertError(400, "Value 1 is not a unicode string.");
    call("POST", "/contacts/", "{\"msisdn\": \"+1\", \"extra\": []}").assertError(400, "Value [] is not a dict.");
  }

  @Test
  void timestampsAreStoredAsTheirWallClockTime() {
    String key = contact("{\"msisdn\": \"+1\", \"dob\": \"1990-03-01T10:20:30.5+02:00\","
        + " \"created_at\": \"2014-07-25\"}");
    JsonNode contact = call("GET", "/contacts/" + key, null).json();
    assertEquals("1990-03-01 10:20:30.500000", contact.get("dob").asText());
    assertEquals("2014-07-25 00:00:00.000000", contact.get("created_at").asText());
    String other = contact("{\"msisdn\": \"+1\", \"dob\": \"1990-03-01 10:20Z\", \"created_at\": null}");
    assertEquals("1990-03-01 10:20:00.000000", call("GET", "/contacts/" + other, null).json().get("dob").asText());
  }

  @Test
  void extrasAreNotCheckedOnCreateButAreOnUpdate() {
    String key = contact("{\"msisdn\": \"+1\", \"extra\": {\"a\": 5}}");
    assertEquals(5, call("GET", "/contacts/" + key, null).json().get("extra").get("a").asInt());
    call("PUT", "/contacts/" + key, "{\"extra\": {\"a\": 5}}").assertError(400, "Value 5 is not a unicode string.");
    call("PUT", "/contacts/" + key, "{\"msisdn\": null}").assertError(400, "None is not allowed as a value for non-null fields.");
  }

  @Test
  void updateChangesOnlyTheFieldsGiven() {
    String key = contact("{\"msisdn\": \"+12345\", \"name\": \"Arthur\", \"extra\": {\"quest\": \"Grail\"},"
        + " \"groups\": [\"g1\"], \"subscription\": {\"a\": \"b\"}}");
    Reply reply = call("PUT", "/contacts/" + key, "{\"msisdn\": \"+6789\", \"user_account\": \"x\", \"surname\": null,"
        + " \"groups\": [\"g2\", \"g1\"], \"extra\": {\"government\": \"repressive\"}, \"subscription\": {}}");
    assertEquals(200, reply.code());
    JsonNode contact = reply.json();
    assertEquals("+6789", contact.get("msisdn").asText());
    assertEquals("Arthur", contact.get("name").asText());
    assertEquals("owner-1", contact.get("user_account").asText());
    assertEquals("[\"g1\",\"g2\"]", contact.get("groups").toString());
    assertEquals("{\"government\":\"repressive\"}", contact.get("extra").toString());
    assertEquals("{}", contact.get("subscription").toString());
    assertEquals(contact, call("GET", "/contacts/" + key, null).json());
  }

  @Test
  void updateChecksFieldsBeforeTheKey() {
    call("PUT", "/contacts/bad-id", "{\"foo\": 1}").assertError(400, "Invalid contact fields: foo");
    call("PUT", "/contacts/bad-id", "{\"name\": \"x\"}").assertError(404, "Contact 'bad-id' not found.");
    call("DELETE", "/contacts/bad-id", null).assertError(404, "Contact 'bad-id' not found.");
  }

  @Test
  void keysInMessagesArePythonByteStringReprs() {
    call("GET", "/contacts/it's", null).assertError(404, "Contact \"it's\" not found.");
    call("GET", "/contacts/%C3%A9%5C%09%22'", null).assertError(404, "Contact '\\xc3\\xa9\\\\\\t\"\\'' not found.");
    call("GET", "/groups/a%0Ab%0D%01", null).assertError(404, "Group 'a\\nb\\r\\x01' not found.");
  }

  @Test
  void bodiesThatAreNotJsonObjects() {
    Reply reply = call("POST", "/contacts/", "{");
    assertEquals(400, reply.code());
    assertTrue(reply.reason().startsWith("Invalid JSON: "), reply.reason());
    call("POST", "/groups/", "").assertError(400, "Invalid JSON: No JSON object could be decoded");
    call("POST", "/groups/", "{\"name\": \"x\"} {}")
        .assertError(400, "Invalid JSON: Extra data: line 1 column 15 - line 1 column 17 (char 14 - 16)");
    call("POST", "/contacts/", "[]").assertError(500, "Failed to create object.");
    call("PUT", "/contacts/k1", "null").assertError(500, "Failed to update 'k1'");
    call("PUT", "/groups/g1", "5").assertError(500, "Failed to update 'g1'");
  }

  @Test
  void answersAreWrittenAsciiAsPythonsJsonDumpsDoes() {
    String key = contact("{\"msisdn\": \"+1\", \"name\": \"Zo\u00eb \ud83d\ude00\"}");
    Reply reply = call("GET", "/contacts/" + key, null);
    assertTrue(reply.body().contains("\"Zo\\u00EB \\uD83D\\uDE00\""), reply.body());
    assertEquals("Zo\u00eb \ud83d\ude00", reply.json().get("name").asText());
  }

  @Test
  void deleteReturnsTheContactAndForgetsIt() {
    String key = contact("{\"msisdn\": \"+1\"}");
    JsonNode before = call("GET", "/contacts/" + key, null).json();
    assertEquals(before, call("DELETE", "/contacts/" + key, null).json());
    call("GET", "/contacts/" + key, null).assertError(404, "Contact '" + key + "' not found.");
  }

  // ---------------------------------------------------------------- listing contacts

  @Test
  void streams() {
    assertEquals("", call("GET", "/contacts/?stream=true", null).body());
    String a = contact("{\"msisdn\": \"+1\"}");
    String b = contact("{\"msisdn\": \"+2\"}");
    Reply reply = call("GET", "/contacts/?stream=true", null);
    assertEquals(200, reply.code());
    assertEquals(new TreeSet<>(List.of(a, b)), new TreeSet<>(lines(reply.body())));
    call("GET", "/contacts/?stream=true&query=msisdn%3D1", null).assertError(400, "query parameter not supported");
  }

  @Test
  void pagesFollowTheLimitAndMaxResults() {
    assertEquals("{\"cursor\":null,\"data\":[]}", call("GET", "/contacts/", null).body());
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      created.add(contact("{\"msisdn\": \"+" + i + "\"}"));
    }
    JsonNode first = call("GET", "/contacts/?max_results=2", null).json();
    assertEquals(2, first.get("data").size());
    String cursor = first.get("cursor").asText();
    JsonNode second = call("GET", "/contacts/?max_results=2&cursor=" + okhttp3.HttpUrl.get("http://x/").newBuilder()
        .addQueryParameter("c", cursor).build().encodedQuery().substring(2), null).json();
    assertEquals(1, second.get("data").size());
    assertTrue(second.get("cursor").isNull());
    Set<String> seen = new HashSet<>(keys(first.get("data")));
    seen.addAll(keys(second.get("data")));
    assertEquals(created, seen);
    assertFalse(call("GET", "/contacts/?max_results=3", null).json().get("cursor").isNull(),
        "an exactly full page still has a cursor");
    assertTrue(call("GET", "/contacts/?max_results=4", null).json().get("cursor").isNull());
    assertEquals(3, call("GET", "/contacts/?max_results=0", null).json().get("data").size());
    call("GET", "/contacts/?max_results=-1", null).assertError(400, "Riak error, possible invalid cursor: None");
    assertEquals(3, call("GET", "/contacts/?max_results=%2B99999999999999999999", null).json().get("data").size());
    assertEquals(1, call("GET", "/contacts/?max_results=+1+", null).json().get("data").size(), "stripped");
  }

  @Test
  void thePageLimitCapsMaxResults() {
    vumiGo.contactsPageLimit(5);
    for (int i = 0; i < 7; i++) {
      contact("{\"msisdn\": \"+" + i + "\"}");
    }
    assertEquals(5, call("GET", "/contacts/?max_results=10", null).json().get("data").size());
    assertEquals(5, call("GET", "/contacts/", null).json().get("data").size());
    assertThrows(IllegalArgumentException.class, () -> vumiGo.contactsPageLimit(0));
    assertThrows(IllegalArgumentException.class, () -> vumiGo.groupsPageLimit(0));
  }

  @Test
  void badCursorsAndMaxResults() {
    call("GET", "/contacts/?cursor=bad-id", null).assertError(400, "Riak error, possible invalid cursor: u'bad-id'");
    call("GET", "/contacts/?cursor=%2B%2F%2B%2F", null).assertError(400, "Riak error, possible invalid cursor: u'+/+/'");
    call("GET", "/contacts/?cursor=+%2F%2B%2F", null).assertError(400, "Riak error, possible invalid cursor: u'/+/'");
    call("GET", "/contacts/?cursor=AAAA", null).assertError(400, "Riak error, possible invalid cursor: u'AAAA'");
    call("GET", "/contacts/?max_results=a", null).assertError(400, "max_results must be an integer");
    call("GET", "/contacts/?max_results", null).assertError(400, "max_results must be an integer");
  }

  @Test
  void lookups() {
    call("GET", "/contacts/?query=foo", null).assertError(400, "Query must be of the form 'field=value'");
    call("GET", "/contacts/?query=msisdn%3Da%3Db", null).assertError(400, "Query must be of the form 'field=value'");
    call("GET", "/contacts/?query=foo%3Dbar", null).assertError(400, "Query field must be one of: ['bbm_pin',"
        + " 'facebook_id', 'gtalk_id', 'msisdn', 'mxit_id', 'twitter_handle', 'wechat_id']");
    call("GET", "/contacts/?query=msisdn%3Dbar", null).assertError(400, "Object u'Contact with msisdn +bar' not found.");
    call("GET", "/contacts/?query=msisdn=+12345", null)
        .assertError(400, "Object u'Contact with msisdn + 12345' not found.");
    String older = contact("{\"msisdn\": \"+12345\", \"created_at\": \"2014-01-01 00:00:00\"}");
    String newer = contact("{\"msisdn\": \"+12345\", \"created_at\": \"2015-01-01 00:00:00\"}");
    contact("{\"msisdn\": \"+12345\", \"created_at\": \"2013-01-01 00:00:00\"}");
    assertFalse(older.equals(newer));
    JsonNode page = call("GET", "/contacts/?query=msisdn%3D%2B12345&cursor=ignored&max_results=1", null).json();
    assertTrue(page.get("cursor").isNull());
    assertEquals(List.of(newer), keys(page.get("data")), "one contact: the newest");
    assertEquals(List.of(newer), keys(call("GET", "/contacts/?query=msisdn%3D%2B%2B12345", null).json().get("data")));
    String wechat = contact("{\"msisdn\": \"+1\", \"wechat_id\": \"w1\"}");
    assertEquals(List.of(wechat), keys(call("GET", "/contacts/?query=wechat_id%3Dw1", null).json().get("data")));
    call("GET", "/contacts/?query=wechat_id%3D%2Bw1", null)
        .assertError(400, "Object u'Contact with wechat_id +w1' not found.");
  }

  // ---------------------------------------------------------------- groups

  @Test
  void groupsAreCreatedUpdatedAndDeleted() {
    Reply created = call("POST", "/groups/", "{\"name\": \"Bob\", \"user_account\": \"x\", \"created_at\": \"2014-07-25\"}");
    assertEquals(200, created.code());
    JsonNode group = created.json();
    assertEquals(new TreeSet<>(List.of("$VERSION", "created_at", "key", "name", "query", "user_account")),
        fieldNames(group));
    assertTrue(group.get("$VERSION").isNull());
    assertTrue(group.get("query").isNull());
    assertEquals("owner-1", group.get("user_account").asText());
    assertEquals("2014-07-25 00:00:00.000000", group.get("created_at").asText());
    String key = group.get("key").asText();
    JsonNode updated = call("PUT", "/groups/" + key, "{\"query\": \"msisdn:12345\", \"user_account\": \"x\","
        + " \"created_at\": null}").json();
    assertEquals("msisdn:12345", updated.get("query").asText());
    assertEquals("Bob", updated.get("name").asText());
    assertEquals(updated, call("GET", "/groups/" + key, null).json());
    assertEquals(updated, call("DELETE", "/groups/" + key, null).json());
    call("GET", "/groups/" + key, null).assertError(404, "Group '" + key + "' not found.");
  }

  @Test
  void groupFieldsAreChecked() {
    call("POST", "/groups/", "{\"name\": \"x\", \"not_the_field\": 1, \"unknown_field\": 2}")
        .assertError(400, "Invalid group fields: not_the_field, unknown_field");
    call("POST", "/groups/", "{\"key\": \"k\", \"name\": \"x\"}").assertError(400, "Invalid group fields: key");
    call("POST", "/groups/", "{\"query\": \"a:b\"}")
        .assertError(400, "The group name must be specified in group creation");
    call("POST", "/groups/", "{\"name\": null}").assertError(400, "None is not allowed as a value for non-null fields.");
    call("POST", "/groups/", "{\"name\": 5}").assertError(400, "Value 5 is not a unicode string.");
    call("POST", "/groups/", "{\"name\": \"x\", \"query\": 5}").assertError(400, "Value 5 is not a unicode string.");
    call("PUT", "/groups/bad-id", "{\"foo\": 1}").assertError(400, "Invalid group fields: foo");
    call("PUT", "/groups/bad-id", "{\"name\": \"x\"}").assertError(404, "Group 'bad-id' not found.");
    call("DELETE", "/groups/bad-key", null).assertError(404, "Group 'bad-key' not found.");
  }

  @Test
  void listingGroups() {
    assertEquals("", call("GET", "/groups/?stream=true", null).body());
    assertEquals("{\"cursor\":null,\"data\":[]}", call("GET", "/groups/", null).body());
    vumiGo.groupsPageLimit(5);
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      created.add(group("{\"name\": \"g" + i + "\"}"));
    }
    assertEquals(created, new HashSet<>(lines(call("GET", "/groups/?stream=true", null).body())));
    assertEquals(5, call("GET", "/groups/?max_results=10", null).json().get("data").size());
    JsonNode first = call("GET", "/groups/", null).json();
    assertEquals(5, first.get("data").size());
    JsonNode second = call("GET", "/groups/?cursor=" + java.net.URLEncoder.encode(first.get("cursor").asText(),
        java.nio.charset.StandardCharsets.UTF_8), null).json();
    Set<String> seen = new HashSet<>(keys(first.get("data")));
    seen.addAll(keys(second.get("data")));
    assertEquals(created, seen);
    call("GET", "/groups/?cursor=bad-id", null).assertError(400, "Riak error, possible invalid cursor: u'bad-id'");
    call("GET", "/groups/?query=foo", null).assertError(400, "query parameter not supported");
    call("GET", "/groups/?stream=true&query=foo", null).assertError(400, "query parameter not supported");
  }

  // ---------------------------------------------------------------- a group's contacts

  @Test
  void groupContactsAreItsMembersOnly() {
    String g = group("{\"name\": \"g\"}");
    assertEquals("{\"cursor\":null,\"data\":[]}", call("GET", "/groups/" + g + "/contacts", null).body());
    assertEquals("", call("GET", "/groups/" + g + "/contacts?stream=true", null).body());
    String a = contact("{\"msisdn\": \"+1\", \"groups\": [\"" + g + "\"]}");
    String b = contact("{\"msisdn\": \"+2\", \"groups\": [\"other\", \"" + g + "\"]}");
    contact("{\"msisdn\": \"+3\", \"groups\": [\"other\"]}");
    assertEquals(new TreeSet<>(List.of(a, b)),
        new TreeSet<>(keys(call("GET", "/groups/" + g + "/contacts", null).json().get("data"))));
    assertEquals(new TreeSet<>(List.of(a, b)),
        new TreeSet<>(lines(call("GET", "/groups/" + g + "/contacts?stream=true", null).body())));
    assertEquals("{\"cursor\":null,\"data\":[]}", call("GET", "/groups/bad-id/contacts", null).body());
    assertEquals("", call("GET", "/groups/bad-id/contacts?stream=true", null).body());
  }

  @Test
  void groupContactsPageWithStaticCursors() {
    String g = group("{\"name\": \"g\"}");
    Set<String> members = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      members.add(contact("{\"msisdn\": \"+" + i + "\", \"groups\": [\"" + g + "\"]}"));
    }
    JsonNode first = call("GET", "/groups/" + g + "/contacts?max_results=2", null).json();
    String cursor = first.get("cursor").asText();
    assertTrue(cursor.startsWith("fgngvptebhc"), cursor);
    JsonNode second = call("GET", "/groups/" + g + "/contacts?max_results=2&cursor="
        + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8), null).json();
    assertTrue(second.get("cursor").isNull());
    Set<String> seen = new HashSet<>(keys(first.get("data")));
    seen.addAll(keys(second.get("data")));
    assertEquals(members, seen);
    assertEquals(3, call("GET", "/groups/" + g + "/contacts?cursor=fgngvptebhc", null).json().get("data").size());
  }

  @Test
  void groupContactsRefusals() {
    call("GET", "/groups/g/contacts?cursor=foo", null).assertError(400, "Invalid cursor: u'foo'");
    call("GET", "/groups/g/contacts?cursor=fgngvptebhcbad", null)
        .assertError(400, "Riak error, possible invalid cursor: 'onq'"); // rot13 of the continuation "bad"
    call("GET", "/groups/g/contacts?cursor=qlanzvptebhcx", null).assertError(400, "Invalid cursor: u'qlanzvptebhcx'");
    call("GET", "/groups/g/contacts?query=foo", null).assertError(400, "query parameter not supported");
    call("GET", "/groups/g/contacts?stream=true&query=foo", null).assertError(400, "query parameter not supported");
    call("GET", "/groups/g/contacts?max_results=a", null).assertError(400, "max_results must be an integer");
  }

  @Test
  void smartGroupContactsPageThroughBothPhases() {
    String smart = group("{\"name\": \"smart\", \"query\": \"msisdn:12345\"}");
    String a = contact("{\"msisdn\": \"12345\"}");
    String b = contact("{\"msisdn\": \"12345\"}");
    String member = contact("{\"msisdn\": \"+2\", \"groups\": [\"" + smart + "\"]}");
    contact("{\"msisdn\": \"+3\"}");
    List<String> seen = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = call("GET", "/groups/" + smart + "/contacts?max_results=2" + (cursor == null ? ""
          : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8)), null).json();
      seen.addAll(keys(page.get("data")));
      cursor = page.get("cursor").isNull() ? null : page.get("cursor").asText();
      cursors.add(cursor);
    } while (cursor != null);
    assertEquals(member, seen.get(0));
    assertEquals(new TreeSet<>(List.of(a, b, member)), new TreeSet<>(seen));
    assertEquals(3, seen.size());
    assertEquals(List.of("qlanzvptebhc", "qlanzvptebhc2"), cursors.subList(0, 2));
    assertEquals(List.of(member, a, b).size(), lines(call("GET", "/groups/" + smart + "/contacts?stream=true", null)
        .body()).size());
    assertEquals("{\"cursor\":null,\"data\":[]}",
        call("GET", "/groups/" + smart + "/contacts?cursor=qlanzvptebhc9", null).body());
  }

  @Test
  void smartGroupQueriesMatchFieldsExactly() {
    String smart = group("{\"name\": \"smart\", \"query\": \"msisdn:\\\\+1\"}");
    String plus = contact("{\"msisdn\": \"+1\"}");
    contact("{\"msisdn\": \"1\"}");
    assertEquals(List.of(plus), lines(call("GET", "/groups/" + smart + "/contacts?stream=true", null).body()));
    String byExtra = group("{\"name\": \"x\", \"query\": \"quest:Grail\"}");
    String grail = contact("{\"msisdn\": \"+5\", \"extra\": {\"quest\": \"Grail\"}}");
    contact("{\"msisdn\": \"+6\", \"extra\": {\"quest\": 5}}");
    assertEquals(List.of(grail), lines(call("GET", "/groups/" + byExtra + "/contacts?stream=true", null).body()));
    String unsupported = group("{\"name\": \"x\", \"query\": \"Grail\"}");
    call("GET", "/groups/" + unsupported + "/contacts?cursor=qlanzvptebhc", null)
        .assertError(400, "Invalid query, the emulator only supports queries of the form 'field:value'");
    String deleted = group("{\"name\": \"gone\", \"query\": \"msisdn:+1\"}");
    call("DELETE", "/groups/" + deleted, null);
    call("GET", "/groups/" + deleted + "/contacts?cursor=qlanzvptebhc", null)
        .assertError(500, "Failed to retrieve contacts for group u'" + deleted + "'.");
  }
}
