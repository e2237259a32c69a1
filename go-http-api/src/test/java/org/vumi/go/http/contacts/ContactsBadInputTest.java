package org.vumi.go.http.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.vumi.go.http.MockServers;

/** Bad input fails at once, naming the parameter, and nothing reaches the server. */
class ContactsBadInputTest {
  @StartStop
  final MockWebServer server = MockServers.noDelay();

  ContactsApiClient client() {
    return new ContactsApiClient("token", server.url("/api/v1/go").toString(), null);
  }

  @AfterEach
  void nothingWasSent() {
    assertEquals(0, server.getRequestCount(), "bad input reached the server");
  }

  static void fails(Class<? extends Throwable> type, String message, Executable call) {
    assertEquals(message, assertThrows(type, call).getMessage());
  }

  static void iae(String message, Executable call) {
    fails(IllegalArgumentException.class, message, call);
  }

  @Test
  void tokenMustBePrintableAscii() {
    fails(NullPointerException.class, "authToken must not be null", () -> new ContactsApiClient(null));
    iae("authToken must not be blank", () -> new ContactsApiClient(" "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ContactsApiClient("sec ret", null, null));
    assertFalse(e.getMessage().contains("sec"), "the token is never echoed");
    fails(NullPointerException.class, "authToken must not be null", () -> ContactsApiClient.builder(null));
  }

  @Test
  void builderSettingsAreChecked() {
    iae("apiUrl must be an absolute http or https URL, such as https://go.vumi.org/api/v1/go, but has no http:// or https:// scheme (the rest is not shown: it may hold a secret)",
        () -> ContactsApiClient.builder("t").apiUrl("nope"));
    fails(NullPointerException.class, "retryPolicy must not be null", () -> ContactsApiClient.builder("t").retryPolicy(null));
    fails(NullPointerException.class, "deadline must not be null", () -> ContactsApiClient.builder("t").deadline(null));
    iae("deadline must be from 1 ms to 1 hour (PT1H), but was PT0S",
        () -> ContactsApiClient.builder("t").deadline(Duration.ZERO));
    iae("deadline must be from 1 ms to 1 hour (PT1H), but was PT1H0.001S",
        () -> ContactsApiClient.builder("t").deadline(Duration.ofHours(1).plusMillis(1)));
  }

  @Test
  void keysMustBeKeys() {
    ContactsApiClient client = client();
    fails(NullPointerException.class, "key must not be null", () -> client.getContact(null));
    iae("key must not be blank", () -> client.deleteContact(""));
    iae("key must not be \".\" or \"..\", but was \"..\"", () -> client.getGroup(".."));
    iae("key must not contain control characters, but has U+000A at index 1", () -> client.deleteGroup("a\nb"));
    iae("key must not be blank", () -> client.updateContact(" ", Map.of()));
    iae("key must not be blank", () -> client.updateGroup(" ", Map.of()));
    iae("groupKey must not be blank", () -> client.groupContacts(" "));
    fails(NullPointerException.class, "groupKey must not be null", () -> client.groupContactsPage(null, null));
  }

  @Test
  void cursorsMustBeCursorsOrNull() {
    ContactsApiClient client = client();
    iae("startCursor must not be blank", () -> client.contacts(""));
    iae("startCursor must not contain control characters, but has U+0000 at index 0",
        () -> client.groupContacts("g1", "\0"));
    iae("cursor must not be blank", () -> client.contactsPage(" "));
    iae("cursor must not be blank", () -> client.groupContactsPage("g1", " "));
  }

  @Test
  void contactFieldsAreOnlyThoseOfAContact() {
    ContactsApiClient client = client();
    fails(NullPointerException.class, "fields must not be null", () -> client.createContact(null));
    fails(NullPointerException.class, "changes must not be null", () -> client.updateContact("k1", null));
    iae("changes has keys a contact cannot have: \"not_the_field\", \"unknown_field\"; allowed: bbm_pin,"
        + " created_at, dob, email_address, extra, facebook_id, groups, gtalk_id, msisdn, mxit_id, name,"
        + " subscription, surname, twitter_handle, user_account, wechat_id",
        () -> client.updateContact("k1", Map.of("not_the_field", "x", "unknown_field", "y")));
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    fails(NullPointerException.class, "fields must not have a null key", () -> client.createContact(nullKey));
  }

  @Test
  void aNewContactNeedsAnMsisdn() {
    ContactsApiClient client = client();
    iae("fields must have an \"msisdn\" that is not null: the server requires one for every contact",
        () -> client.createContact(Map.of("name", "Arthur")));
    Map<String, Object> nullMsisdn = new HashMap<>();
    nullMsisdn.put("msisdn", null);
    iae("fields must have an \"msisdn\" that is not null: the server requires one for every contact",
        () -> client.createContact(nullMsisdn));
    iae("changes.msisdn must not be null: every contact has an MSISDN", () -> client.updateContact("k1", nullMsisdn));
  }

  @Test
  void contactValuesHaveTheModelsTypes() {
    ContactsApiClient client = client();
    iae("fields.name must be a String or null, but was an Integer",
        () -> client.createContact(Map.of("msisdn", "+1", "name", 5)));
    iae("fields.name must be valid Unicode text, but has a lone surrogate U+D800 at index 0",
        () -> client.createContact(Map.of("msisdn", "+1", "name", "\uD800")));
    iae("fields.dob must be a String (ISO 8601), LocalDate, LocalDateTime, Instant or null, but was an Integer",
        () -> client.createContact(Map.of("msisdn", "+1", "dob", 1990)));
    iae("changes.groups must be a collection of group keys (String or Group), but was a String",
        () -> client.updateContact("k1", Map.of("groups", "g1")));
    Map<String, Object> nullGroups = new HashMap<>();
    nullGroups.put("groups", null);
    iae("changes.groups must be a collection of group keys (String or Group), but was null",
        () -> client.updateContact("k1", nullGroups));
    iae("changes.groups[1] must be a group key (String) or a Group, but was an Integer",
        () -> client.updateContact("k1", Map.of("groups", List.of("g1", 2))));
    iae("changes.groups[0] must be a group key (String) or a Group, but was null",
        () -> client.updateContact("k1", Map.of("groups", java.util.Collections.singletonList(null))));
    iae("changes.groups[0] must not be blank", () -> client.updateContact("k1", Map.of("groups", List.of(""))));
    iae("changes.extra must be a Map of String to String (the server replaces the whole map; an empty map clears"
        + " it), but was a List", () -> client.updateContact("k1", Map.of("extra", List.of())));
    Map<String, Object> nullExtra = new HashMap<>();
    nullExtra.put("subscription", null);
    iae("changes.subscription must be a Map of String to String (the server replaces the whole map; an empty map"
        + " clears it), but was null", () -> client.updateContact("k1", nullExtra));
    iae("changes.extra.a must be a String, but was an Integer",
        () -> client.updateContact("k1", Map.of("extra", Map.of("a", 5))));
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("a", null);
    iae("changes.extra.a must be a String, but was null", () -> client.updateContact("k1", Map.of("extra", nullValue)));
    iae("changes.extra must have String keys, but has an Integer",
        () -> client.updateContact("k1", Map.of("extra", Map.of(1, "a"))));
    Map<String, String> nullName = new HashMap<>();
    nullName.put(null, "a");
    iae("changes.extra must have String keys, but has null",
        () -> client.updateContact("k1", Map.of("extra", nullName)));
  }

  @Test
  void groupFieldsAreOnlyThoseOfAGroup() {
    ContactsApiClient client = client();
    iae("fields must have a \"name\": the server requires one for every group",
        () -> client.createGroup(Map.of("query", "msisdn:1")));
    Map<String, Object> nullName = new HashMap<>();
    nullName.put("name", null);
    iae("changes.name must not be null: every group has a name", () -> client.updateGroup("g1", nullName));
    iae("changes has keys a group cannot have: \"foo\"; allowed: created_at, name, query, user_account",
        () -> client.updateGroup("g1", Map.of("foo", "bar")));
    iae("changes.query must be a String or null, but was a Boolean",
        () -> client.updateGroup("g1", Map.of("query", true)));
  }

  @Test
  void lookupsAreByAnAddressField() {
    ContactsApiClient client = client();
    fails(NullPointerException.class, "field must not be null", () -> client.getContactByField(null, "x"));
    iae("field must be one of [bbm_pin, facebook_id, gtalk_id, msisdn, mxit_id, twitter_handle, wechat_id],"
        + " but was \"name\"", () -> client.getContactByField("name", "x"));
    fails(NullPointerException.class, "value must not be null", () -> client.getContactByField("msisdn", null));
    iae("value must not be blank", () -> client.getContactByField("msisdn", " "));
    iae("value must not contain '=': the server cannot look it up, but was \"a=b\"",
        () -> client.getContactByField("msisdn", "a=b"));
    iae("value must not start or end with whitespace (the server strips it), but was \" +1\"",
        () -> client.getContactByField("msisdn", " +1"));
  }

  @Test
  void keysAreBoundedInLength() {
    ContactsApiClient client = client();
    String huge = "k".repeat(1024 * 1024);
    String message = "must be at most " + ContactsApiClient.MAX_KEY_LENGTH + " characters (Vumi Go's keys are 32 hex"
        + " digits), but has 1048576";
    iae("key " + message, () -> client.getContact(huge));
    iae("key " + message, () -> client.deleteContact(huge));
    iae("key " + message, () -> client.updateContact(huge, Map.of("name", "x")));
    iae("key " + message, () -> client.getGroup(huge));
    iae("key " + message, () -> client.deleteGroup(huge));
    iae("key " + message, () -> client.updateGroup(huge, Map.of("name", "x")));
    iae("groupKey " + message, () -> client.groupContacts(huge));
    iae("groupKey " + message, () -> client.groupContactsPage(huge, null));
    iae("value must be at most 255 characters (the longest the server stores), but has 256",
        () -> client.getContactByField("msisdn", "1".repeat(256)));
  }
}
