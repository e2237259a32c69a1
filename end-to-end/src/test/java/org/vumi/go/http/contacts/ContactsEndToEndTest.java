package org.vumi.go.http.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.TransportException;
import org.vumi.go.http.testing.VumiGoEmulator;

/** The client against the emulator: every acceptance case of the Python client, end to end. */
class ContactsEndToEndTest {
  final VumiGoEmulator vumiGo = start();
  /** The clients a test made, closed after it with the emulator. */
  final List<ContactsApiClient> clients = new ArrayList<>();
  final ContactsApiClient client = closedAfter(new ContactsApiClient("token-1", vumiGo.goApiUrl(), null));

  ContactsApiClient closedAfter(ContactsApiClient made) {
    clients.add(made);
    return made;
  }

  static VumiGoEmulator start() {
    try {
      // Page limit 10, as the Python client's tests run the fake.
      return VumiGoEmulator.start().addAuthToken("owner-1", "token-1").addAuthToken("owner-2", "token-2")
          .contactsPageLimit(10);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    clients.forEach(ContactsApiClient::close);
    vumiGo.close();
  }

  List<Contact> createContacts(int count, Map<String, ?> more) throws IOException {
    List<Contact> created = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> fields = new LinkedHashMap<>(more);
      fields.put("msisdn", "+155564" + i);
      fields.put("name", "Name " + i);
      created.add(client.createContact(fields));
    }
    return created;
  }

  static Set<String> keys(List<Contact> contacts) {
    return contacts.stream().map(Contact::key).collect(Collectors.toSet());
  }

  // ---------------------------------------------------------------- auth

  @Test
  void authFailureIsForbidden() {
    ContactsApiClient bogus = closedAfter(new ContactsApiClient("bogus", vumiGo.goApiUrl(), null));
    HttpApiException e = assertThrows(HttpApiException.class, () -> bogus.getContact("foo"));
    assertEquals(403, e.statusCode());
    assertEquals("Forbidden", e.reason());
  }

  @Test
  void accountsSeeOnlyTheirOwnContacts() throws Exception {
    Contact mine = client.createContact(Map.of("msisdn", "+1"));
    ContactsApiClient other = closedAfter(new ContactsApiClient("token-2", vumiGo.goApiUrl(), null));
    assertEquals(0, other.contacts().count());
    assertEquals(Optional.empty(), other.getContact(mine.key()));
    assertEquals("owner-1", mine.userAccount());
  }

  // ---------------------------------------------------------------- paging

  @Test
  void contactsSinglePage() throws Exception {
    Contact created = client.createContact(Map.of("msisdn", "+15556483", "name", "Arthur"));
    assertEquals(List.of(created), client.contacts().collect(Collectors.toList()));
  }

  @Test
  void contactsNoResults() {
    assertEquals(0, client.contacts().count());
  }

  @Test
  void contactsMultiplePages() throws Exception {
    List<Contact> created = createContacts(11, Map.of());
    List<Contact> all = client.contacts().collect(Collectors.toList());
    assertEquals(11, all.size());
    assertEquals(keys(created), keys(all));
    List<String> order = all.stream().map(Contact::key).collect(Collectors.toList());
    assertEquals(order.stream().sorted().collect(Collectors.toList()), order, "the server pages in key order");
  }

  @Test
  void contactsMultiplePagesWithCursor() throws Exception {
    List<Contact> created = createContacts(11, Map.of());
    ContactPage first = client.contactsPage(null);
    assertEquals(10, first.contacts().size());
    assertTrue(first.cursor().startsWith("g20AAAAg"), "Riak's continuation: " + first.cursor());
    // A cursor may hold + and / (this one continues after the key 00 0f bf, which sorts before every
    // other): the client encodes it, or the + would arrive as a space.
    assertEquals(11, client.contacts("g20AAAADAA+/").count());
    List<Contact> rest = client.contacts(first.cursor()).collect(Collectors.toList());
    assertEquals(1, rest.size());
    Set<String> seen = keys(first.contacts());
    seen.addAll(keys(rest));
    assertEquals(keys(created), seen);
  }

  @Test
  void contactsMultiplePagesWithFailure() throws Exception {
    createContacts(11, Map.of());
    boolean[] down = {false};
    OkHttpClient failing = new OkHttpClient.Builder().addInterceptor(chain -> {
      if (down[0]) {
        throw new IOException("the API is down");
      }
      return chain.proceed(chain.request());
    }).build();
    ContactsApiClient flaky = closedAfter(ContactsApiClient.builder("token-1").apiUrl(vumiGo.goApiUrl())
        .client(failing).retryPolicy(RetryPolicy.none()).build());
    Iterator<Contact> it = flaky.contacts().iterator();
    List<Contact> seen = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      seen.add(it.next());
    }
    down[0] = true;
    PagedException e = assertThrows(PagedException.class, it::next);
    assertInstanceOf(TransportException.class, e.getCause());
    assertTrue(e.cursor() != null && !e.cursor().isEmpty());
    down[0] = false;
    seen.addAll(flaky.contacts(e.cursor()).collect(Collectors.toList()));
    assertEquals(keys(client.contacts().collect(Collectors.toList())), keys(seen));
    assertEquals(11, seen.size());
  }

  @Test
  void anExactlyFullLastPageIsFollowedByAnEmptyPage() throws Exception {
    createContacts(4, Map.of());
    vumiGo.contactsPageLimit(2);
    ContactPage first = client.contactsPage(null);
    ContactPage second = client.contactsPage(first.cursor());
    ContactPage third = client.contactsPage(second.cursor());
    assertEquals(List.of(2, 2, 0), List.of(first.contacts().size(), second.contacts().size(), third.contacts().size()));
    assertTrue(second.hasNext());
    assertNull(third.cursor());
    assertEquals(4, client.contacts().count());
  }

  @Test
  void aBadCursorIsRefused() {
    HttpApiException e = assertThrows(HttpApiException.class, () -> client.contactsPage("bad-id"));
    assertEquals(400, e.statusCode());
    assertEquals("Riak error, possible invalid cursor: u'bad-id'", e.reason());
    PagedException paged = assertThrows(PagedException.class, () -> client.contacts("bad-id").count());
    assertEquals("bad-id", paged.cursor());
  }

  @Test
  void manyPagesFromTheEmulator() throws Exception {
    createContacts(45, Map.of());
    vumiGo.contactsPageLimit(2);
    assertEquals(45, client.contacts().count());
  }

  // ---------------------------------------------------------------- contacts

  @Test
  void createContact() throws Exception {
    Contact created = client.createContact(Map.of("msisdn", "+15556483", "name", "Arthur", "surname", "of Camelot"));
    assertEquals(32, created.key().length());
    assertTrue(created.key().matches("[0-9a-f]{32}"));
    assertEquals("+15556483", created.msisdn());
    assertEquals("Arthur", created.name());
    assertEquals(2, created.json().get("$VERSION").asInt());
    assertTrue(created.createdAt().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}"), created.createdAt());
    assertEquals(Optional.of(created), client.getContact(created.key()), "stored");
  }

  @Test
  void createContactWithExtras() throws Exception {
    Contact created = client.createContact(Map.of("msisdn", "+15556483", "extra", Map.of("quest", "Grail")));
    assertEquals(Map.of("quest", "Grail"), created.extra());
    assertEquals(Optional.of(created), client.getContact(created.key()));
  }

  @Test
  void createContactWithKeyIsRefusedAndNothingStored() {
    assertThrows(IllegalArgumentException.class, () -> client.createContact(Map.of("msisdn", "+1", "key", "k")));
    assertEquals(0, client.contacts().count());
  }

  @Test
  void createContactWithTheServersValidation() throws Exception {
    HttpApiException e = assertThrows(HttpApiException.class,
        () -> client.createContact(Map.of("msisdn", "+1", "dob", "yesterday")));
    assertEquals(400, e.statusCode());
    assertEquals("Timestamp field expects a datetime or an iso8601 formatted string.", e.reason());
    Contact born = client.createContact(Map.of("msisdn", "+1", "dob", java.time.LocalDate.of(1990, 3, 1)));
    assertEquals("1990-03-01 00:00:00.000000", born.dob());
  }

  @Test
  void getMissingContactIsEmpty() throws Exception {
    assertEquals(Optional.empty(), client.getContact("bad-id"));
  }

  @Test
  void keysWithReservedCharactersArriveWhole() {
    HttpApiException e = assertThrows(HttpApiException.class,
        () -> client.updateContact("a+b/c&d?e f", Map.of("name", "x")));
    assertEquals("Contact 'a+b/c&d?e f' not found.", e.reason());
  }

  @Test
  void getContactFromField() throws Exception {
    client.createContact(Map.of("msisdn", "+1"));
    Contact wanted = client.createContact(Map.of("msisdn", "+15556483"));
    assertEquals(Optional.of(wanted), client.getContactByField("msisdn", "+15556483"));
    assertEquals(Optional.of(wanted), client.getContactByField("msisdn", "15556483"), "the server adds the +");
  }

  @Test
  void getContactFromOtherAddressFields() throws Exception {
    Contact wanted = client.createContact(Map.of("msisdn", "+1", "twitter_handle", "@a+b&c"));
    assertEquals(Optional.of(wanted), client.getContactByField("twitter_handle", "@a+b&c"));
  }

  @Test
  void getContactFromFieldMissingIsEmpty() throws Exception {
    // The server answers 400 "Object u'Contact with msisdn +bar' not found."
    assertEquals(Optional.empty(), client.getContactByField("msisdn", "bar"));
    assertEquals(Optional.empty(), client.getContactByField("twitter_handle", "@o'brien ☺ 😀"));
  }

  @Test
  void updateContact() throws Exception {
    Contact created = client.createContact(Map.of("msisdn", "+1", "name", "Arthur", "surname", "Pendragon"));
    Contact updated = client.updateContact(created.key(), Map.of("surname", "of Camelot"));
    assertEquals("of Camelot", updated.surname());
    assertEquals("Arthur", updated.name());
    assertEquals(Optional.of(updated), client.getContact(created.key()));
  }

  @Test
  void updateContactWithExtrasReplacesThem() throws Exception {
    Contact created = client.createContact(Map.of("msisdn", "+1", "extra", Map.of("quest", "Grail")));
    Contact updated = client.updateContact(created.key(),
        Map.of("extra", Map.of("government", "repressive", "assistant", "Patsy")));
    assertEquals(Map.of("government", "repressive", "assistant", "Patsy"), updated.extra());
  }

  @Test
  void updateContactAddsGroups() throws Exception {
    Contact created = client.createContact(Map.of("msisdn", "+1", "groups", List.of("g1")));
    Contact updated = client.updateContact(created.key(), Map.of("groups", List.of("g2", "g1")));
    assertEquals(List.of("g1", "g2"), updated.groups());
  }

  @Test
  void updateMissingContact() {
    HttpApiException e = assertThrows(HttpApiException.class, () -> client.updateContact("bad-id", Map.of("name", "x")));
    assertEquals(404, e.statusCode());
    assertEquals("Contact 'bad-id' not found.", e.reason());
  }

  @Test
  void deleteContact() throws Exception {
    Contact created = client.createContact(Map.of("msisdn", "+1"));
    assertEquals(Optional.of(created), client.deleteContact(created.key()));
    assertEquals(Optional.empty(), client.getContact(created.key()));
  }

  @Test
  void deleteMissingContactIsEmpty() throws Exception {
    assertEquals(Optional.empty(), client.deleteContact("bad-id"));
  }

  // ---------------------------------------------------------------- groups

  @Test
  void createGroup() throws Exception {
    Group group = client.createGroup(Map.of("name", "Bob"));
    assertEquals("Bob", group.name());
    assertNull(group.query());
    assertTrue(group.json().get("$VERSION").isNull());
    assertEquals(Optional.of(group), client.getGroup(group.key()));
  }

  @Test
  void createSmartGroup() throws Exception {
    Group group = client.createGroup(Map.of("name", "Bob", "query", "msisdn:\\+12345"));
    assertEquals("msisdn:\\+12345", group.query());
    assertEquals(Optional.of(group), client.getGroup(group.key()));
  }

  @Test
  void createGroupWithKeyIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> client.createGroup(Map.of("name", "Bob", "key", "k")));
  }

  @Test
  void getMissingGroupIsEmpty() throws Exception {
    assertEquals(Optional.empty(), client.getGroup("bad-key"));
  }

  @Test
  void updateGroupAndSmartGroup() throws Exception {
    Group group = client.createGroup(Map.of("name", "Bob"));
    assertEquals("Susan", client.updateGroup(group.key(), Map.of("name", "Susan")).name());
    Group smart = client.updateGroup(group.key(), Map.of("query", "msisdn:54321"));
    assertEquals("msisdn:54321", smart.query());
    assertEquals("Susan", smart.name());
    assertEquals(Optional.of(smart), client.getGroup(group.key()));
  }

  @Test
  void updateMissingGroup() {
    HttpApiException e = assertThrows(HttpApiException.class, () -> client.updateGroup("bad-id", Map.of("name", "x")));
    assertEquals(404, e.statusCode());
    assertEquals("Group 'bad-id' not found.", e.reason());
  }

  @Test
  void deleteGroup() throws Exception {
    Group group = client.createGroup(Map.of("name", "Bob"));
    assertEquals(Optional.of(group), client.deleteGroup(group.key()));
    assertEquals(Optional.empty(), client.getGroup(group.key()));
    assertEquals(Optional.empty(), client.deleteGroup(group.key()));
  }

  // ---------------------------------------------------------------- group contacts

  @Test
  void groupContactsMultiplePages() throws Exception {
    Group group = client.createGroup(Map.of("name", "Knights"));
    List<Contact> members = createContacts(11, Map.of("groups", List.of(group)));
    client.createContact(Map.of("msisdn", "+999"));
    List<Contact> found = client.groupContacts(group.key()).collect(Collectors.toList());
    assertEquals(11, found.size());
    assertEquals(keys(members), keys(found));
  }

  @Test
  void groupContactsMultiplePagesWithCursor() throws Exception {
    Group group = client.createGroup(Map.of("name", "Knights"));
    List<Contact> members = createContacts(11, Map.of("groups", List.of(group.key())));
    ContactPage first = client.groupContactsPage(group.key(), null);
    assertEquals(10, first.contacts().size());
    Set<String> seen = keys(first.contacts());
    seen.addAll(keys(client.groupContacts(group.key(), first.cursor()).collect(Collectors.toList())));
    assertEquals(keys(members), seen);
  }

  @Test
  void groupContactsMultiplePagesWithFailure() throws Exception {
    Group group = client.createGroup(Map.of("name", "Knights"));
    List<Contact> members = createContacts(11, Map.of("groups", List.of(group.key())));
    boolean[] down = {false};
    OkHttpClient failing = new OkHttpClient.Builder().addInterceptor(chain -> {
      if (down[0]) {
        throw new IOException("the API is down");
      }
      return chain.proceed(chain.request());
    }).build();
    ContactsApiClient flaky = closedAfter(ContactsApiClient.builder("token-1").apiUrl(vumiGo.goApiUrl())
        .client(failing).retryPolicy(RetryPolicy.none()).build());
    Iterator<Contact> it = flaky.groupContacts(group.key()).iterator();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      seen.add(it.next().key());
    }
    down[0] = true;
    PagedException e = assertThrows(PagedException.class, it::next);
    down[0] = false;
    seen.addAll(keys(flaky.groupContacts(group.key(), e.cursor()).collect(Collectors.toList())));
    assertEquals(keys(members), seen);
  }

  @Test
  void groupContactsNoneFound() throws Exception {
    Group group = client.createGroup(Map.of("name", "Empty"));
    client.createContact(Map.of("msisdn", "+1"));
    assertEquals(0, client.groupContacts(group.key()).count());
    assertEquals(0, client.groupContacts("no-such-group").count(), "an unknown group is not refused");
  }

  @Test
  void smartGroupContactsAreTheStaticMembersThenTheQuerysMatches() throws Exception {
    Group smart = client.createGroup(Map.of("name", "Smart", "query", "msisdn:12345"));
    Contact a = client.createContact(Map.of("msisdn", "12345"));
    Contact b = client.createContact(Map.of("msisdn", "12345"));
    Contact member = client.createContact(Map.of("msisdn", "+2", "groups", List.of(smart.key())));
    client.createContact(Map.of("msisdn", "+3"));
    vumiGo.contactsPageLimit(2);
    List<Contact> found = client.groupContacts(smart.key()).collect(Collectors.toList());
    assertEquals(member, found.get(0));
    assertEquals(Set.of(a.key(), b.key(), member.key()), keys(found));
    assertEquals(3, found.size());
  }

  @Test
  void aContactInBothPhasesComesTwice() throws Exception {
    Group smart = client.createGroup(Map.of("name", "Smart", "query", "name:Arthur"));
    Contact both = client.createContact(Map.of("msisdn", "+1", "name", "Arthur", "groups", List.of(smart)));
    assertEquals(List.of(both, both), client.groupContacts(smart.key()).collect(Collectors.toList()));
  }

  @Test
  void aDeletedGroupStaysInItsMembersGroups() throws Exception {
    Group group = client.createGroup(Map.of("name", "Gone"));
    Contact member = client.createContact(Map.of("msisdn", "+1", "groups", List.of(group)));
    client.deleteGroup(group.key());
    assertEquals(List.of(group.key()), client.getContact(member.key()).orElseThrow().groups());
    assertNotEquals(0, client.groupContacts(group.key()).count());
  }
}
