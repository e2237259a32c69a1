package org.vumi.go.http.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
import org.vumi.go.http.TransportException;
import org.vumi.go.http.UnexpectedResponseException;

/** The client against MockWebServer: the exact request of every call, and how each answer is read. */
class ContactsApiClientTest {
  static final String TOKEN = "s3cret-token";
  static final String BASE = "/api/v1/go";

  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final ConnectionPool pool = new ConnectionPool();
  final OkHttpClient http = new OkHttpClient.Builder().connectionPool(pool).build();

  ContactsApiClient client() {
    return new ContactsApiClient(TOKEN, server.url(BASE).toString(), http);
  }

  /** An unclosed response would hold its connection: every connection must be back in the pool. */
  @AfterEach
  void everyResponseClosed() {
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(), "connections still in use");
  }

  static String contact(String key, String msisdn) {
    return contact(key, msisdn, "{}", "[]");
  }

  /** A contact as the real server serialises one: every field present. */
  static String contact(String key, String msisdn, String extra, String groups) {
    return "{\"key\": \"" + key + "\", \"$VERSION\": 2, \"user_account\": \"owner-1\","
        + " \"created_at\": \"2014-07-25 12:44:11.159151\", \"name\": \"Arthur\", \"surname\": \"of Camelot\","
        + " \"email_address\": null, \"dob\": null, \"msisdn\": \"" + msisdn + "\", \"twitter_handle\": null,"
        + " \"facebook_id\": null, \"bbm_pin\": null, \"gtalk_id\": null, \"mxit_id\": null, \"wechat_id\": null,"
        + " \"groups\": " + groups + ", \"extra\": " + extra + ", \"subscription\": {}}";
  }

  static String group(String key, String name, String query) {
    return "{\"key\": \"" + key + "\", \"$VERSION\": null, \"user_account\": \"owner-1\","
        + " \"created_at\": \"2014-07-25 12:44:11.159151\", \"name\": \"" + name + "\", \"query\": "
        + (query == null ? "null" : "\"" + query + "\"") + "}";
  }

  static String page(String cursor, List<String> contacts) {
    return "{\"cursor\": " + (cursor == null ? "null" : "\"" + cursor + "\"") + ", \"data\": ["
        + String.join(", ", contacts) + "]}";
  }

  static List<String> contacts(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(i -> contact(String.format("key-%03d", i), "+" + i))
        .collect(Collectors.toList());
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code)
        .setHeader("Content-Type", "application/json; charset=utf-8").body(body).build();
  }

  static MockResponse error(int code, String reason) {
    return json(code, "{\"status_code\": " + code + ", \"reason\": \"" + reason + "\"}");
  }

  RecordedRequest take(String method, String target, String body) throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals(method, request.getMethod());
    assertEquals(target, request.getTarget());
    assertEquals("Bearer " + TOKEN, request.getHeaders().get("Authorization"));
    if (body == null) {
      assertEquals(0, request.getBodySize());
    } else {
      assertEquals("application/json; charset=utf-8", request.getHeaders().get("Content-Type"));
      assertEquals(body, request.getBody().utf8());
    }
    return request;
  }

  // ---------------------------------------------------------------- construction

  @Test
  void defaultApiUrlIsVumiGos() {
    assertEquals("https://go.vumi.org/api/v1/go", ContactsApiClient.DEFAULT_API_URL);
    assertEquals("ContactsApiClient{apiUrl=https://go.vumi.org/api/v1/go, retryPolicy=" + RetryPolicy.defaults()
        + ", maxInFlight=8, deadline=PT1M}", new ContactsApiClient(TOKEN).toString());
    assertTrue(new ContactsApiClient(TOKEN, null, null).toString().contains("apiUrl=https://go.vumi.org/api/v1/go,"));
  }

  @Test
  void toStringNeverShowsTheToken() {
    assertFalse(client().toString().contains(TOKEN));
    assertFalse(ContactsApiClient.builder(TOKEN).deadline(Duration.ofSeconds(5)).build().toString().contains(TOKEN));
  }

  @Test
  void callsGoThroughTheCallFactory() throws Exception {
    server.enqueue(json(200, contact("k1", "+1")));
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    ContactsApiClient client = ContactsApiClient.builder(TOKEN).apiUrl(server.url(BASE).toString()).client(http)
        .callFactory(okHttp -> request -> {
          calls.incrementAndGet();
          return okHttp.newCall(request);
        }).build();
    client.getContact("k1");
    assertEquals(1, calls.get());
    take("GET", BASE + "/contacts/k1", null);
  }

  @Test
  void trailingSlashOnTheApiUrlMakesNoDifference() throws Exception {
    server.enqueue(json(200, contact("k1", "+1")));
    new ContactsApiClient(TOKEN, server.url(BASE + "/").toString(), http).getContact("k1");
    take("GET", BASE + "/contacts/k1", null);
  }

  // ---------------------------------------------------------------- auth

  @Test
  void authFailureIsForbidden() throws Exception {
    server.enqueue(error(403, "Forbidden"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> client().getContact("foo"));
    assertEquals(403, e.statusCode());
    assertEquals("Forbidden", e.reason());
    assertEquals("{\"status_code\": 403, \"reason\": \"Forbidden\"}", e.responseBody());
    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    assertEquals(1, server.getRequestCount(), "a refused token is not retried");
  }

  @Test
  void missingTokenAnswerIsUnauthorized() {
    server.enqueue(error(401, "Unauthorized"));
    HttpApiException e = assertThrows(HttpApiException.class, () -> client().getGroup("g1"));
    assertEquals(401, e.statusCode());
    assertEquals("Unauthorized", e.reason());
  }

  // ---------------------------------------------------------------- paging

  @Test
  void contactsSinglePage() throws Exception {
    server.enqueue(json(200, page(null, List.of(contact("k1", "+1")))));
    List<Contact> all = client().contacts().collect(Collectors.toList());
    assertEquals(List.of("k1"), all.stream().map(Contact::key).collect(Collectors.toList()));
    take("GET", BASE + "/contacts/", null);
  }

  @Test
  void contactsNoResults() throws Exception {
    server.enqueue(json(200, page(null, List.of())));
    assertEquals(0, client().contacts().count());
    take("GET", BASE + "/contacts/", null);
  }

  @Test
  void contactsMultiplePagesFollowTheCursorPercentEncoded() throws Exception {
    String cursor = "g2w+AAAB/aAJ=&x";
    server.enqueue(json(200, page(cursor, contacts(0, 10))));
    server.enqueue(json(200, page(null, contacts(10, 1))));
    List<Contact> all = client().contacts().collect(Collectors.toList());
    assertEquals(11, all.size());
    assertEquals("key-010", all.get(10).key());
    take("GET", BASE + "/contacts/", null);
    RecordedRequest second = take("GET", BASE + "/contacts/?cursor=g2w%2BAAAB%2FaAJ%3D%26x", null);
    assertEquals(cursor, second.getUrl().queryParameter("cursor"));
  }

  @Test
  void contactsFromACursorStartThere() throws Exception {
    server.enqueue(json(200, page("c1", contacts(0, 10))));
    server.enqueue(json(200, page(null, contacts(10, 1))));
    ContactsApiClient client = client();
    ContactPage first = client.contactsPage(null);
    assertEquals(10, first.contacts().size());
    assertTrue(first.hasNext());
    List<Contact> rest = client.contacts(first.cursor()).collect(Collectors.toList());
    assertEquals(List.of("key-010"), rest.stream().map(Contact::key).collect(Collectors.toList()));
    take("GET", BASE + "/contacts/", null);
    take("GET", BASE + "/contacts/?cursor=c1", null);
  }

  @Test
  void aFailedPageThrowsPagedExceptionThatResumesThere() throws Exception {
    server.enqueue(json(200, page("c1", contacts(0, 10))));
    server.enqueue(error(500, "Failed to retrieve objects."));
    server.enqueue(json(200, page(null, contacts(10, 1))));
    ContactsApiClient client = client();
    Iterator<Contact> contacts = client.contacts().iterator();
    for (int i = 0; i < 10; i++) {
      assertEquals(String.format("key-%03d", i), contacts.next().key());
    }
    PagedException e = assertThrows(PagedException.class, contacts::next);
    assertEquals("c1", e.cursor());
    HttpApiException cause = assertInstanceOf(HttpApiException.class, e.getCause());
    assertEquals(500, cause.statusCode());
    assertEquals("Failed to retrieve objects.", cause.reason());
    assertTrue(e.getMessage().contains("\"c1\""), e.getMessage());
    assertFalse(e.getMessage().contains(TOKEN));
    assertEquals(List.of("key-010"), client.contacts(e.cursor()).map(Contact::key).collect(Collectors.toList()));
    take("GET", BASE + "/contacts/", null);
    take("GET", BASE + "/contacts/?cursor=c1", null);
    take("GET", BASE + "/contacts/?cursor=c1", null);
  }

  @Test
  void aFailedFirstPageThrowsPagedExceptionWithoutCursor() {
    server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    ContactsApiClient client = ContactsApiClient.builder(TOKEN).apiUrl(server.url(BASE).toString()).client(http)
        .retryPolicy(RetryPolicy.none()).build();
    PagedException e = assertThrows(PagedException.class, () -> client.contacts().findFirst());
    assertNull(e.cursor());
    assertInstanceOf(TransportException.class, e.getCause());
  }

  @Test
  void pagesAreFetchedOnlyAsTheStreamIsConsumed() throws Exception {
    server.enqueue(json(200, page("c1", contacts(0, 2))));
    server.enqueue(json(200, page(null, contacts(2, 2))));
    try (Stream<Contact> stream = client().contacts()) {
      assertEquals(0, server.getRequestCount(), "nothing is sent before the stream is consumed");
      Iterator<Contact> it = stream.iterator();
      it.next();
      it.next();
      assertEquals(1, server.getRequestCount(), "the second page is not fetched before it is needed");
      it.next();
      assertEquals(2, server.getRequestCount());
    }
  }

  @Test
  void anExactlyFullLastPageIsFollowedByAnEmptyOne() throws Exception {
    server.enqueue(json(200, page("c1", contacts(0, 2))));
    server.enqueue(json(200, page("c2", contacts(2, 2))));
    server.enqueue(json(200, page(null, List.of())));
    assertEquals(4, client().contacts().count());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void emptyPagesWithACursorAreFollowed() {
    server.enqueue(json(200, page("qlanzvptebhc", List.of())));
    server.enqueue(json(200, page("qlanzvptebhc1", contacts(0, 1))));
    server.enqueue(json(200, page(null, List.of())));
    assertEquals(1, client().groupContacts("g1").count());
  }

  @Test
  void aPageThatNamesItselfAsNextStopsTheStream() {
    server.enqueue(json(200, page("c1", contacts(0, 1))));
    server.enqueue(json(200, page("c1", contacts(1, 1))));
    Iterator<Contact> it = client().contacts().iterator();
    it.next();
    PagedException e = assertThrows(PagedException.class, it::next);
    assertEquals("c1", e.cursor());
    assertInstanceOf(UnexpectedResponseException.class, e.getCause());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void cursorsThatComeBackEndTheStreamBeforeAPageIsFetchedAgain() {
    server.enqueue(json(200, page("A\\n", contacts(0, 1))));
    server.enqueue(json(200, page("B", contacts(1, 1))));
    server.enqueue(json(200, page("A\\n", contacts(0, 1))));
    server.enqueue(json(200, page(null, contacts(9, 1))));
    Iterator<Contact> it = client().contacts().iterator();
    assertEquals("key-000", it.next().key());
    assertEquals("key-001", it.next().key());
    PagedException e = assertThrows(PagedException.class, it::next);
    assertEquals("B", e.cursor(), "the page whose answer makes no sense");
    UnexpectedResponseException cause = assertInstanceOf(UnexpectedResponseException.class, e.getCause());
    assertTrue(cause.getMessage().contains("\"A\\u000a\""), "the repeated cursor, escaped: " + cause.getMessage());
    assertTrue(e.getMessage().contains("\"A\\u000a\""), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertEquals(3, server.getRequestCount(), "the page at A was fetched again");
  }

  @Test
  void aHugeCursorIsCutInMessages() {
    String cursor = "c".repeat(100_000);
    server.enqueue(json(200, page(cursor, contacts(0, 1))));
    server.enqueue(json(200, page(cursor, contacts(1, 1))));
    Iterator<Contact> it = client().contacts().iterator();
    it.next();
    PagedException e = assertThrows(PagedException.class, it::next);
    assertEquals(cursor, e.cursor());
    assertTrue(e.getMessage().length() < 8 * 1024, "a message of " + e.getMessage().length() + " characters");
    assertTrue(e.getMessage().contains("... (" + (cursor.length() - 1024) + " more characters)"), e.getMessage());
  }

  @Test
  void anAnswerThatIsNotAPageIsUnexpected() {
    server.enqueue(json(200, "{\"data\": {}}"));
    server.enqueue(json(200, "{\"data\": []}"));
    server.enqueue(json(200, "[1]"));
    server.enqueue(json(200, "{\"cursor\": 5, \"data\": []}"));
    server.enqueue(json(200, page(null, List.of("{\"msisdn\": \"+1\"}"))));
    server.enqueue(json(200, "not json"));
    ContactsApiClient client = client();
    for (int i = 0; i < 6; i++) {
      PagedException e = assertThrows(PagedException.class, () -> client.contacts().count());
      assertInstanceOf(UnexpectedResponseException.class, e.getCause());
    }
  }

  @Test
  void aContactOfAPageLargerThanOneContactMayBeIsUnexpected() {
    String big = "{\"key\": \"k1\", \"name\": \"" + "x".repeat((int) ContactsApiClient.MAX_OBJECT_BYTES) + "\"}";
    server.enqueue(json(200, page(null, List.of(contact("k0", "+1"), big))));
    PagedException e = assertThrows(PagedException.class, () -> client().contacts().count());
    UnexpectedResponseException cause = assertInstanceOf(UnexpectedResponseException.class, e.getCause());
    assertTrue(cause.getMessage().contains("larger than " + ContactsApiClient.MAX_OBJECT_BYTES), cause.getMessage());
  }

  @Test
  void pagesAreReadAsStrictlyAsBefore() {
    // A repeated key, trailing content, a contact that is not an object, data after an unterminated array.
    for (String body : List.of("{\"cursor\": null, \"cursor\": null, \"data\": []}",
        "{\"cursor\": null, \"data\": [{\"key\": \"k\", \"key\": \"k\"}]}",
        "{\"cursor\": null, \"data\": []} {}", "{\"cursor\": null, \"data\": [1]}",
        "{\"cursor\": null, \"data\": [{\"key\": \"k\"}", "{\"cursor\": [], \"data\": []}")) {
      server.enqueue(json(200, body));
      PagedException e = assertThrows(PagedException.class, () -> client().contacts().count(), body);
      assertInstanceOf(UnexpectedResponseException.class, e.getCause(), body);
      server.enqueue(json(200, body));
      assertThrows(UnexpectedResponseException.class, () -> client().contactsPage(null), body);
    }
    // What is not the page's business is skipped, whatever it holds; the cursor may come last.
    server.enqueue(json(200, "{\"data\": [" + contact("k1", "+1") + "], \"more\": {\"a\": [1, {}]}, \"cursor\": null}"));
    assertEquals(List.of("k1"), client().contacts().map(Contact::key).collect(Collectors.toList()));
  }

  // ---------------------------------------------------------------- contacts

  @Test
  void createContactPostsTheFieldsAndReturnsTheContact() throws Exception {
    server.enqueue(json(200, contact("b1498401c05c4b3aa6929204aa1e955c", "+12345")));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("msisdn", "+12345");
    fields.put("name", "Arthur");
    fields.put("surname", "of Camelot");
    fields.put("email_address", null);
    Contact created = client().createContact(fields);
    take("POST", BASE + "/contacts/",
        "{\"msisdn\":\"+12345\",\"name\":\"Arthur\",\"surname\":\"of Camelot\",\"email_address\":null}");
    assertEquals("b1498401c05c4b3aa6929204aa1e955c", created.key());
    assertEquals("+12345", created.msisdn());
    assertEquals("Arthur", created.name());
    assertEquals("of Camelot", created.surname());
    assertEquals("owner-1", created.userAccount());
    assertEquals("2014-07-25 12:44:11.159151", created.createdAt());
    assertEquals(2, created.json().get("$VERSION").asInt());
    assertEquals(List.of(), created.groups());
    assertEquals(Map.of(), created.extra());
    assertEquals(Map.of(), created.subscription());
  }

  @Test
  void createContactWithExtrasGroupsAndTimestamps() throws Exception {
    server.enqueue(json(200, contact("k1", "+12345", "{\"quest\": \"Grail\"}", "[\"g1\", \"g2\"]")));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("msisdn", "+12345");
    fields.put("extra", Map.of("quest", "Grail"));
    fields.put("groups", List.of("g1", Group.parse(ContactValuesTest.tree(group("g2", "Bob", null)))));
    fields.put("dob", java.time.LocalDate.of(1990, 3, 1));
    fields.put("created_at", java.time.Instant.parse("2014-07-25T12:44:11.159151Z"));
    Contact created = client().createContact(fields);
    take("POST", BASE + "/contacts/", "{\"msisdn\":\"+12345\",\"extra\":{\"quest\":\"Grail\"},\"groups\":[\"g1\",\"g2\"],"
        + "\"dob\":\"1990-03-01T00:00:00.000000\",\"created_at\":\"2014-07-25T12:44:11.159151\"}");
    assertEquals(Map.of("quest", "Grail"), created.extra());
    assertEquals(List.of("g1", "g2"), created.groups());
  }

  @Test
  void createContactWithKeyFailsBeforeSending() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> client().createContact(Map.of("msisdn", "+1", "key", "k1", "$VERSION", 2)));
    assertEquals("fields has keys a contact cannot have: \"$VERSION\", \"key\" (to send back what was fetched,"
        + " leave out \"key\" and \"$VERSION\": the server refuses them); allowed: bbm_pin, created_at, dob,"
        + " email_address, extra, facebook_id, groups, gtalk_id, msisdn, mxit_id, name, subscription, surname,"
        + " twitter_handle, user_account, wechat_id", e.getMessage());
    IllegalArgumentException group = assertThrows(IllegalArgumentException.class,
        () -> client().createGroup(Map.of("name", "x", "key", "k")));
    assertTrue(group.getMessage().startsWith("fields has keys a group cannot have: \"key\""), group.getMessage());
    assertFalse(group.getMessage().contains("contact"), group.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void createContactIsNotSentAgainAfterTheConnectionDrops() {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, contact("k1", "+1")));
    TransportException e = assertThrows(TransportException.class, () -> client().createContact(Map.of("msisdn", "+1")));
    assertTrue(e.mayHaveBeenSent());
    assertEquals(1, server.getRequestCount(), "a create was sent twice");
  }

  @Test
  void createContactIsNotSentAgainAfterA503() {
    server.enqueue(error(503, "Service Unavailable"));
    server.enqueue(json(200, contact("k1", "+1")));
    HttpApiException e = assertThrows(HttpApiException.class, () -> client().createContact(Map.of("msisdn", "+1")));
    assertEquals(503, e.statusCode());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void getContact() throws Exception {
    server.enqueue(json(200, contact("k1", "+12345", "{\"quest\": \"Grail\", \"n\": 5}", "[]")));
    Contact contact = client().getContact("k1").orElseThrow();
    take("GET", BASE + "/contacts/k1", null);
    assertEquals("+12345", contact.msisdn());
    assertEquals(Map.of("quest", "Grail", "n", "5"), contact.extra());
    assertEquals(5, contact.json().get("extra").get("n").asInt());
  }

  @Test
  void keysAreSentAsOnePercentEncodedSegment() throws Exception {
    server.enqueue(json(200, contact("a+b/c&d?e", "+1")));
    server.enqueue(json(200, group("a b", "x", null)));
    client().getContact("a+b/c&d?e");
    client().deleteGroup("a b");
    take("GET", BASE + "/contacts/a+b%2Fc&d%3Fe", null);
    take("DELETE", BASE + "/groups/a%20b", null);
  }

  @Test
  void getContactIsRetriedAfterTheConnectionDrops() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, contact("k1", "+1")));
    assertEquals("k1", client().getContact("k1").orElseThrow().key());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void getContactFromField() throws Exception {
    server.enqueue(json(200, page(null, List.of(contact("k1", "+15556483")))));
    Contact contact = client().getContactByField("msisdn", "+15556483").orElseThrow();
    take("GET", BASE + "/contacts/?query=msisdn%3D%2B15556483", null);
    assertEquals("k1", contact.key());
  }

  @Test
  void getContactFromFieldTakesTheFirstOfSeveral() throws Exception {
    server.enqueue(json(200, page(null, List.of(contact("k1", "+1"), contact("k2", "+1")))));
    assertEquals("k1", client().getContactByField("msisdn", "+1").orElseThrow().key());
  }

  @Test
  void getContactFromFieldWithAnEmptyPageIsUnexpected() {
    server.enqueue(json(200, page(null, List.of())));
    assertThrows(UnexpectedResponseException.class, () -> client().getContactByField("twitter_handle", "@a"));
  }

  @Test
  void updateContactPutsOnlyTheChanges() throws Exception {
    server.enqueue(json(200, contact("k1", "+12345")));
    Contact updated = client().updateContact("k1", Map.of("surname", "of Camelot"));
    take("PUT", BASE + "/contacts/k1", "{\"surname\":\"of Camelot\"}");
    assertEquals("of Camelot", updated.surname());
  }

  @Test
  void updateContactWithExtrasReplacesThem() throws Exception {
    server.enqueue(json(200, contact("k1", "+12345", "{\"government\": \"repressive\"}", "[]")));
    Contact updated = client().updateContact("k1", Map.of("extra", Map.of("government", "repressive")));
    take("PUT", BASE + "/contacts/k1", "{\"extra\":{\"government\":\"repressive\"}}");
    assertEquals(Map.of("government", "repressive"), updated.extra());
  }

  @Test
  void updateContactIsRetriedAfterA503() throws Exception {
    server.enqueue(error(503, "Service Unavailable"));
    server.enqueue(json(200, contact("k1", "+2")));
    ContactsApiClient client = ContactsApiClient.builder(TOKEN).apiUrl(server.url(BASE).toString()).client(http)
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).build()).build();
    assertEquals("+2", client.updateContact("k1", Map.of("msisdn", "+2")).msisdn());
    take("PUT", BASE + "/contacts/k1", "{\"msisdn\":\"+2\"}");
    take("PUT", BASE + "/contacts/k1", "{\"msisdn\":\"+2\"}");
  }

  @Test
  void updateMissingContactIs404() {
    server.enqueue(error(404, "Contact 'bad-id' not found."));
    HttpApiException e = assertThrows(HttpApiException.class, () -> client().updateContact("bad-id", Map.of("name", "x")));
    assertEquals(404, e.statusCode());
  }

  @Test
  void deleteContactReturnsTheContactAsItWas() throws Exception {
    server.enqueue(json(200, contact("k1", "+1")));
    assertEquals("k1", client().deleteContact("k1").orElseThrow().key());
    take("DELETE", BASE + "/contacts/k1", null);
  }

  @Test
  void anAnswerThatIsNotAContactIsUnexpected() {
    server.enqueue(json(200, "{\"msisdn\": \"+1\"}"));
    server.enqueue(json(200, "{\"key\": \"k1\", \"groups\": \"g1\"}"));
    server.enqueue(json(200, "{\"key\": \"k1\", \"groups\": [1]}"));
    server.enqueue(json(200, "{\"key\": \"k1\", \"extra\": []}"));
    server.enqueue(json(200, "{\"key\": 5}"));
    server.enqueue(json(200, "<html>"));
    ContactsApiClient client = client();
    for (int i = 0; i < 6; i++) {
      UnexpectedResponseException e = assertThrows(UnexpectedResponseException.class, () -> client.getContact("k1"));
      assertTrue(e.getMessage().contains("is not a contact"), e.getMessage());
    }
  }

  @Test
  void anAnswerLargerThanTheBoundIsNotRead() {
    server.enqueue(json(200, "{\"key\": \"k1\", \"name\": \"" + "x".repeat((int) ContactsApiClient.MAX_OBJECT_BYTES)
        + "\"}"));
    UnexpectedResponseException e = assertThrows(UnexpectedResponseException.class, () -> client().getContact("k1"));
    assertTrue(e.getMessage().contains("larger than"), e.getMessage());
  }

  // ---------------------------------------------------------------- not there

  @Test
  void aContactOrGroupThatIsNotThereIsEmpty() throws Exception {
    server.enqueue(error(404, "Contact 'k1' not found."));
    server.enqueue(error(404, "Group 'g1' not found."));
    server.enqueue(error(404, "Contact 'k1' not found."));
    server.enqueue(error(404, "Group 'g1' not found."));
    ContactsApiClient client = client();
    Object contact = client.getContact("k1");
    Object group = client.getGroup("g1");
    Object deletedContact = client.deleteContact("k1");
    Object deletedGroup = client.deleteGroup("g1");
    assertEquals(java.util.Optional.empty(), contact);
    assertEquals(java.util.Optional.empty(), group);
    assertEquals(java.util.Optional.empty(), deletedContact);
    assertEquals(java.util.Optional.empty(), deletedGroup);
  }

  @Test
  void aRetriedDeleteThatFindsNothingIsEmptyNotAnError() throws Exception {
    // The first DELETE reaches the server, which deletes; its answer is lost. The retry finds nothing.
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(error(404, "Contact 'k1' not found."));
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(error(404, "Group 'g1' not found."));
    ContactsApiClient client = ContactsApiClient.builder(TOKEN).apiUrl(server.url(BASE).toString()).client(http)
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ZERO).build()).build();
    Object contact = client.deleteContact("k1");
    Object group = client.deleteGroup("g1");
    assertEquals(java.util.Optional.empty(), contact);
    assertEquals(java.util.Optional.empty(), group);
    assertEquals(4, server.getRequestCount());
  }

  @Test
  void aNotFoundThatIsNotTheApisOwnIsAnError() {
    // A wrong apiUrl: some other server's 404 must never read as "no such contact".
    server.enqueue(new MockResponse.Builder().code(404).body("<html><title>404: Not Found</title></html>").build());
    server.enqueue(error(404, "Opt out not found."));
    server.enqueue(new MockResponse.Builder().code(404).build());
    for (int i = 0; i < 3; i++) {
      assertEquals(404, assertThrows(HttpApiException.class, () -> client().getContact("k1")).statusCode());
    }
  }

  @Test
  void aLookupThatFindsNoContactIsEmpty() throws Exception {
    // The server's reason, exactly: the value as it normalises it (msisdn gets one +), in a Python 2 unicode repr.
    server.enqueue(error(400, "Object u'Contact with msisdn +bar' not found."));
    server.enqueue(error(400, "Object u'Contact with msisdn +27831234567' not found."));
    server.enqueue(error(400, "Object u\\\"Contact with twitter_handle @o'brien\\\" not found."));
    server.enqueue(error(400, "Object u'Contact with facebook_id Jos\\\\xe9 \\\\u263a \\\\U0001f600' not found."));
    ContactsApiClient client = client();
    Object bar = client.getContactByField("msisdn", "bar");
    Object plus = client.getContactByField("msisdn", "++27831234567");
    Object quote = client.getContactByField("twitter_handle", "@o'brien");
    Object unicode = client.getContactByField("facebook_id", "José ☺ 😀");
    assertEquals(java.util.Optional.empty(), bar);
    assertEquals(java.util.Optional.empty(), plus);
    assertEquals(java.util.Optional.empty(), quote);
    assertEquals(java.util.Optional.empty(), unicode);
  }

  @Test
  void aLookupsOtherRefusalsStayErrors() {
    server.enqueue(error(400, "Query must be of the form 'field=value'"));
    server.enqueue(error(400, "Object u'Contact with msisdn +other' not found.")); // not the value asked for
    server.enqueue(error(404, "Object u'Contact with msisdn +bar' not found.")); // not the status
    server.enqueue(error(400, "Object u'Contact with msisdn bar' not found.")); // not normalised as the server does
    for (int i = 0; i < 4; i++) {
      HttpApiException e = assertThrows(HttpApiException.class, () -> client().getContactByField("msisdn", "bar"));
      assertTrue(e.statusCode() == 400 || e.statusCode() == 404, e.getMessage());
    }
  }

  // ---------------------------------------------------------------- groups

  @Test
  void createGroup() throws Exception {
    server.enqueue(json(200, group("g1", "Bob", null)));
    Group group = client().createGroup(Map.of("name", "Bob"));
    take("POST", BASE + "/groups/", "{\"name\":\"Bob\"}");
    assertEquals("g1", group.key());
    assertEquals("Bob", group.name());
    assertNull(group.query());
    assertFalse(group.isSmart());
    assertEquals("owner-1", group.userAccount());
    assertEquals("2014-07-25 12:44:11.159151", group.createdAt());
  }

  @Test
  void createSmartGroup() throws Exception {
    server.enqueue(json(200, group("g1", "Bob", "msisdn:\\\\+12345")));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", "Bob");
    fields.put("query", "msisdn:\\+12345");
    Group group = client().createGroup(fields);
    take("POST", BASE + "/groups/", "{\"name\":\"Bob\",\"query\":\"msisdn:\\\\+12345\"}");
    assertEquals("msisdn:\\+12345", group.query());
    assertTrue(group.isSmart());
  }

  @Test
  void createGroupWithKeyFailsBeforeSending() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> client().createGroup(Map.of("name", "Bob", "key", "g1")));
    assertTrue(e.getMessage().startsWith("fields has keys a group cannot have: \"key\""), e.getMessage());
    assertTrue(e.getMessage().endsWith("allowed: created_at, name, query, user_account"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void createGroupIsNotSentAgainAfterTheConnectionDrops() {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, group("g1", "Bob", null)));
    assertThrows(TransportException.class, () -> client().createGroup(Map.of("name", "Bob")));
    assertEquals(1, server.getRequestCount(), "a create was sent twice");
  }

  @Test
  void getGroupAndSmartGroup() throws Exception {
    server.enqueue(json(200, group("g1", "Bob", null)));
    server.enqueue(json(200, group("g2", "Smart", "msisdn:12345")));
    assertEquals("Bob", client().getGroup("g1").orElseThrow().name());
    assertEquals("msisdn:12345", client().getGroup("g2").orElseThrow().query());
    take("GET", BASE + "/groups/g1", null);
    take("GET", BASE + "/groups/g2", null);
  }

  @Test
  void updateGroupNameAndQuery() throws Exception {
    server.enqueue(json(200, group("g1", "Susan", null)));
    server.enqueue(json(200, group("g1", "Susan", "msisdn:54321")));
    assertEquals("Susan", client().updateGroup("g1", Map.of("name", "Susan")).name());
    assertEquals("msisdn:54321", client().updateGroup("g1", Map.of("query", "msisdn:54321")).query());
    take("PUT", BASE + "/groups/g1", "{\"name\":\"Susan\"}");
    take("PUT", BASE + "/groups/g1", "{\"query\":\"msisdn:54321\"}");
  }

  @Test
  void updateMissingGroupIs404() {
    server.enqueue(error(404, "Group 'bad-id' not found."));
    assertEquals(404, assertThrows(HttpApiException.class,
        () -> client().updateGroup("bad-id", Map.of("name", "x"))).statusCode());
  }

  @Test
  void deleteGroupReturnsTheGroupAsItWas() throws Exception {
    server.enqueue(json(200, group("g1", "Bob", null)));
    assertEquals("Bob", client().deleteGroup("g1").orElseThrow().name());
    take("DELETE", BASE + "/groups/g1", null);
  }

  @Test
  void anAnswerThatIsNotAGroupIsUnexpected() {
    server.enqueue(json(200, "{\"name\": \"Bob\"}"));
    assertThrows(UnexpectedResponseException.class, () -> client().getGroup("g1"));
  }

  // ---------------------------------------------------------------- group contacts

  @Test
  void groupContactsMultiplePages() throws Exception {
    String cursor = "fgngvptebhc+/=";
    server.enqueue(json(200, page(cursor, contacts(0, 10))));
    server.enqueue(json(200, page(null, contacts(10, 1))));
    assertEquals(11, client().groupContacts("g/1").count());
    take("GET", BASE + "/groups/g%2F1/contacts", null);
    take("GET", BASE + "/groups/g%2F1/contacts?cursor=fgngvptebhc%2B%2F%3D", null);
  }

  @Test
  void groupContactsFromACursor() throws Exception {
    server.enqueue(json(200, page("c1", contacts(0, 10))));
    server.enqueue(json(200, page(null, contacts(10, 1))));
    ContactsApiClient client = client();
    ContactPage first = client.groupContactsPage("g1", null);
    assertEquals(List.of("key-010"), client.groupContacts("g1", first.cursor()).map(Contact::key)
        .collect(Collectors.toList()));
    take("GET", BASE + "/groups/g1/contacts", null);
    take("GET", BASE + "/groups/g1/contacts?cursor=c1", null);
  }

  @Test
  void groupContactsWithFailure() throws Exception {
    server.enqueue(json(200, page("c1", contacts(0, 10))));
    server.enqueue(error(500, "Failed to retrieve contacts for group u'g1'."));
    server.enqueue(json(200, page(null, contacts(10, 1))));
    ContactsApiClient client = client();
    Iterator<Contact> it = client.groupContacts("g1").iterator();
    for (int i = 0; i < 10; i++) {
      it.next();
    }
    PagedException e = assertThrows(PagedException.class, it::next);
    assertEquals("c1", e.cursor());
    assertTrue(e.getMessage().contains("group \"g1\""), e.getMessage());
    assertEquals(1, client.groupContacts("g1", e.cursor()).count());
    server.takeRequest();
    server.takeRequest();
    take("GET", BASE + "/groups/g1/contacts?cursor=c1", null);
  }

  @Test
  void groupContactsNoneFound() throws Exception {
    server.enqueue(json(200, page(null, List.of())));
    assertEquals(0, client().groupContacts("nope").count());
    take("GET", BASE + "/groups/nope/contacts", null);
  }
}
