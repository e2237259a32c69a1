package org.vumi.go.http.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.vumi.go.http.HttpApiException;
import org.vumi.go.http.VumiGo;
import org.vumi.go.http.account.RoutingEntry;
import org.vumi.go.http.contacts.Contact;
import org.vumi.go.http.contacts.ContactsApiClient;
import org.vumi.go.http.contacts.Group;
import org.vumi.go.http.metrics.MetricSeries;
import org.vumi.go.http.testing.VumiGoEmulator;
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension;

/** The guides of the other four APIs, against the emulator. */
@ExtendWith(VumiGoEmulatorExtension.class)
class OtherApisTest {
  static VumiGo vumiGo(VumiGoEmulator emulator) {
    emulator.addAuthToken("account-key", "api-token");
    return VumiGo.builder().apiToken("api-token").apiUrl(emulator.goApiUrl()).build();
  }

  @Test
  void optOuts(VumiGoEmulator emulator) throws Exception {
    try (VumiGo vumiGo = vumiGo(emulator)) {
      vumiGo.optOuts().setOptOut("twitter_handle", "@arthur");
      assertEquals(1, OtherApis.optOuts(vumiGo));   // set and removed again: only the other one is left
      vumiGo.optOuts().setOptOut("msisdn", "+27831234567");
      HttpApiException again = assertThrows(HttpApiException.class,
          () -> vumiGo.optOuts().setOptOut("msisdn", "+27831234567"));
      assertEquals(409, again.statusCode());
    }
  }

  @Test
  void metrics(VumiGoEmulator emulator) throws Exception {
    try (VumiGo vumiGo = vumiGo(emulator)) {
      MetricSeries series = OtherApis.metrics(vumiGo);
      assertEquals(1.0, series.points().stream().mapToDouble(point -> point.value()).sum());
    }
  }

  @Test
  void account(VumiGoEmulator emulator) throws Exception {
    emulator.addCampaignChannel("account-key", "longcode", "27831230000")
        .addCampaignConversation("account-key", "survey", "jsbox", "Survey", "A short survey", "running");
    try (VumiGo vumiGo = vumiGo(emulator)) {
      OtherApis.account(vumiGo);
      List<RoutingEntry> entries = vumiGo.account().routingEntries("account-key");
      assertEquals(1, entries.size(), "entries: " + entries);
      assertEquals("TRANSPORT_TAG:longcode:27831230000::default", entries.get(0).source());
      assertEquals("CONVERSATION:jsbox:survey::default", entries.get(0).target());
    }
  }

  @Test
  void contacts(VumiGoEmulator emulator) throws Exception {
    emulator.contactsPageLimit(1);   // a page per contact, to page through
    try (VumiGo vumiGo = vumiGo(emulator)) {
      ContactsApiClient contacts = vumiGo.contacts();
      Contact arthur = OtherApis.contacts(vumiGo);
      assertEquals("Grail", arthur.extra().get("quest"));
      Group knights = contacts.getGroup(arthur.groups().get(0)).orElseThrow();
      Group roundTable = contacts.createGroup(Map.of("name", "Round Table"));
      contacts.createContact(Map.of("msisdn", "+27830000001", "name", "Lancelot", "groups", List.of(knights)));

      List<Contact> synced = new ArrayList<>();
      OtherApis.all(contacts, synced::add);
      assertEquals(List.of("+27831234567", "+27830000001").stream().sorted().collect(Collectors.toList()),
          OtherApis.groupNumbers(contacts, knights).stream().sorted().collect(Collectors.toList()));
      assertEquals(List.of(arthur.key()), synced.stream().map(Contact::key).collect(Collectors.toList()));

      List<Contact> paged = new ArrayList<>();
      OtherApis.pages(contacts, paged::add);
      assertEquals(2, paged.size());
      List<Contact> resumed = new ArrayList<>();
      OtherApis.resume(contacts, resumed::add);
      assertEquals(2, resumed.size());

      Contact king = OtherApis.readAndChange(contacts, arthur.key(), roundTable);
      assertEquals("Pendragon", king.surname());
      assertEquals(List.of(knights.key(), roundTable.key()), king.groups());
      assertEquals(Map.of("quest", "Grail", "title", "King"), king.extra());
      assertTrue(contacts.getContact(arthur.key()).isEmpty(), "deleted");
      assertTrue(contacts.getContactByField("msisdn", "+27831234567").isEmpty(), "deleted");
      assertEquals(404, assertThrows(HttpApiException.class,
          () -> contacts.updateContact(arthur.key(), Map.of("name", "Arthur"))).statusCode());
    }
  }

  @Test
  void groups(VumiGoEmulator emulator) throws Exception {
    try (VumiGo vumiGo = vumiGo(emulator)) {
      ContactsApiClient contacts = vumiGo.contacts();
      Group local = OtherApis.groups(contacts);
      assertEquals(List.of("Local"), List.of(local.name()));
      assertTrue(local.isSmart());
      assertEquals("msisdn:+27831234567", local.query());
      Contact arthur = contacts.createContact(Map.of("msisdn", "+27831234567"));
      contacts.createContact(Map.of("msisdn", "+27830000001"));
      try (var members = contacts.groupContacts(local.key())) {
        assertEquals(List.of(arthur.key()), members.map(Contact::key).collect(Collectors.toList()));
      }
    }
  }
}
