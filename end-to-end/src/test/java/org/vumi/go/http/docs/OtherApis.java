package org.vumi.go.http.docs;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.vumi.go.http.VumiGo;
import org.vumi.go.http.account.AccountApiClient;
import org.vumi.go.http.account.Campaign;
import org.vumi.go.http.account.Channel;
import org.vumi.go.http.account.Conversation;
import org.vumi.go.http.account.Router;
import org.vumi.go.http.account.RoutingEntry;
import org.vumi.go.http.account.RoutingTable;
import org.vumi.go.http.contacts.Contact;
import org.vumi.go.http.contacts.ContactPage;
import org.vumi.go.http.contacts.ContactsApiClient;
import org.vumi.go.http.contacts.Group;
import org.vumi.go.http.contacts.PagedException;
import org.vumi.go.http.metrics.FiredMetric;
import org.vumi.go.http.metrics.MetricPoint;
import org.vumi.go.http.metrics.MetricSeries;
import org.vumi.go.http.metrics.MetricsApiClient;
import org.vumi.go.http.metrics.Nulls;
import org.vumi.go.http.optouts.OptOut;
import org.vumi.go.http.optouts.OptOutsApiClient;

/**
 * docs/opt-outs.md, docs/metrics.md, docs/account.md and docs/contacts.md, snippet by snippet, as
 * shown there; {@link OtherApisTest} runs them against the emulator.
 */
final class OtherApis {
  private OtherApis() {}

  static long optOuts(VumiGo vumiGo) throws IOException {
    OptOutsApiClient optOuts = vumiGo.optOuts();   // or new OptOutsApiClient(apiToken)

    Optional<OptOut> found = optOuts.getOptOut("msisdn", "+27831234567");       // empty: not opted out
    OptOut created = optOuts.setOptOut("msisdn", "+27831234567");               // 409 if it already is
    Optional<OptOut> removed = optOuts.deleteOptOut("msisdn", "+27831234567");  // empty: there was none
    long count = optOuts.count();                                               // every address type
    return count;
  }

  static MetricSeries metrics(VumiGo vumiGo) throws IOException {
    MetricsApiClient metrics = vumiGo.metrics();   // or new MetricsApiClient(apiToken)

    List<FiredMetric> fired = metrics.fire(Map.of("registrations.sum", 1.0, "queue_length.last", 12.0));

    MetricSeries last30Days = metrics.getMetric("registrations.sum", "-30d", "1d", Nulls.ZEROIZE);
    MetricSeries lastWeek = metrics.getMetric("registrations.sum", "-14d", "1d", Nulls.OMIT, "-7d");   // with until
    for (MetricPoint point : last30Days.points()) {
      System.out.println(point.timestamp() + " " + point.value());   // value() is null only with Nulls.KEEP
    }
    return last30Days;
  }

  static void account(VumiGo vumiGo) throws IOException {
    AccountApiClient account = vumiGo.account();   // or new AccountApiClient(apiToken)

    Campaign campaign = account.campaigns().get(0);   // on Vumi Go, one: keyed by the account
    String key = campaign.key();
    List<Conversation> conversations = account.conversations(key);   // uuid, type, name, status, endpoints
    List<Channel> channels = account.channels(key);                  // one per tag the account holds
    List<Router> routers = account.routers(key);
    List<RoutingEntry> entries = account.routingEntries(key);

    RoutingTable table = account.routingTable(key);
    List<RoutingEntry> changed = new ArrayList<>(table.routingEntries());
    changed.add(RoutingEntry.of(channels.get(0).endpoints().get(0).uuid(),
        conversations.get(0).endpoints().get(0).uuid()));
    account.updateRoutingTable(key, table.withRoutingEntries(changed));
  }

  static Contact contacts(VumiGo vumiGo) throws IOException {
    ContactsApiClient contacts = vumiGo.contacts();   // or new ContactsApiClient(apiToken)

    Group knights = contacts.createGroup(Map.of("name", "Knights"));
    Contact arthur = contacts.createContact(Map.of(
        "msisdn", "+27831234567",                 // required
        "name", "Arthur",
        "surname", "of Camelot",
        "dob", LocalDate.of(1990, 3, 1),          // or an ISO-8601 String, LocalDateTime, Instant
        "groups", List.of(knights),               // Group objects or group keys
        "extra", Map.of("quest", "Grail")));      // extra and subscription: String to String
    String key = arthur.key();                    // 32 hex digits, made by the server
    return arthur;
  }

  static Contact readAndChange(ContactsApiClient contacts, String key, Group roundTable) throws IOException {
    Optional<Contact> same = contacts.getContact(key);                             // empty if there is none
    Optional<Contact> byNumber = contacts.getContactByField("msisdn", "+27831234567");
    // field: msisdn, twitter_handle, facebook_id, bbm_pin, gtalk_id, mxit_id or wechat_id.
    // Empty if no contact has it; the newest if several do.

    Contact king = contacts.updateContact(key, Map.of(
        "surname", "Pendragon",                           // only the fields given change
        "groups", List.of(roundTable),                    // added to the contact's groups; none removed
        "extra", Map.of("quest", "Grail", "title", "King")));   // replaces the whole map

    Optional<Contact> gone = contacts.deleteContact(key);   // the contact as it was; empty if there was none
    return king;
  }

  static void all(ContactsApiClient contacts, Consumer<Contact> sync) {
    try (Stream<Contact> all = contacts.contacts()) {
      all.filter(contact -> contact.extra().containsKey("quest")).forEach(sync);
    }
  }

  static List<String> groupNumbers(ContactsApiClient contacts, Group knights) {
    List<String> numbers = new ArrayList<>();
    try (Stream<Contact> members = contacts.groupContacts(knights.key())) {
      members.map(Contact::msisdn).forEach(numbers::add);
    }
    return numbers;
  }

  static void resume(ContactsApiClient contacts, Consumer<Contact> sync) {
    try {
      contacts.contacts().forEach(sync);
    } catch (PagedException e) {
      contacts.contacts(e.cursor()).forEach(sync);   // fetches the failed page again, and goes on
    }
  }

  static void pages(ContactsApiClient contacts, Consumer<Contact> sync) throws IOException {
    ContactPage page = contacts.contactsPage(null);   // the first page
    page.contacts().forEach(sync);
    while (page.hasNext()) {
      page = contacts.contactsPage(page.cursor());
      page.contacts().forEach(sync);
    }
  }

  static Group groups(ContactsApiClient contacts) throws IOException {
    Group knights = contacts.createGroup(Map.of("name", "Knights"));                          // a static group
    Group local = contacts.createGroup(Map.of("name", "Local", "query", "msisdn:+27831234567"));  // a smart group
    Optional<Group> same = contacts.getGroup(knights.key());                                  // empty if there is none
    Group renamed = contacts.updateGroup(knights.key(), Map.of("name", "Round Table"));       // 404 if there is none
    Optional<Group> gone = contacts.deleteGroup(knights.key());   // as it was; its key stays in its members' groups()
    return local;
  }
}
