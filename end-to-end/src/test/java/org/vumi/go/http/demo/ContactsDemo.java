package org.vumi.go.http.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.vumi.go.http.contacts.Contact;
import org.vumi.go.http.contacts.ContactPage;
import org.vumi.go.http.contacts.ContactsApiClient;
import org.vumi.go.http.contacts.Group;
import org.vumi.go.http.testing.VumiGoEmulator;

/**
 * The demo's steps for the contacts and groups API: create a group and contacts in it, look one up
 * by its MSISDN, change it, and page through the group (page by page with cursors, then as a stream).
 */
public final class ContactsDemo {
  private ContactsDemo() {}

  /**
   * Runs the steps on a running emulator; adds its own account and token, and sets the emulator's
   * contacts page limit to 2 so that paging shows.
   *
   * @param vumiGo the emulator
   * @param out where to print
   * @throws Exception if a step fails
   */
  public static void run(VumiGoEmulator vumiGo, PrintStream out) throws Exception {
    vumiGo.addAuthToken("contacts-demo-account", "contacts-api-token").contactsPageLimit(2);
    ContactsApiClient contacts = new ContactsApiClient("contacts-api-token", vumiGo.goApiUrl(), null);

    section(out, "Contacts API: create a group and put contacts in it");
    Group knights = contacts.createGroup(Map.of("name", "Knights"));
    out.println("createGroup(name=Knights) <= " + knights);
    for (String[] knight : new String[][] {{"+27831110001", "Arthur"}, {"+27831110002", "Lancelot"},
        {"+27831110003", "Galahad"}}) {
      Contact created = contacts.createContact(Map.of("msisdn", knight[0], "name", knight[1],
          "groups", List.of(knights), "extra", Map.of("quest", "Grail")));
      out.println("createContact(" + knight[1] + ") <= " + created + " groups=" + created.groups());
    }
    out.println("createContact(Patsy, in no group) <= " + contacts.createContact(Map.of("msisdn", "+27831110004",
        "name", "Patsy")));

    section(out, "Contacts API: look a contact up by MSISDN, and change it");
    Contact arthur = contacts.getContactByField("msisdn", "+27831110001").orElseThrow();
    out.println("getContactByField(msisdn, +27831110001) <= " + arthur + " extra=" + arthur.extra());
    Contact king = contacts.updateContact(arthur.key(), Map.of("surname", "Pendragon",
        "extra", Map.of("quest", "Grail", "title", "King")));
    out.println("updateContact(surname, extra) <= " + king + " surname=" + king.surname()
        + " extra=" + new TreeMap<>(king.extra()));
    out.println("getContactByField(msisdn, +27830000000) <= "
        + contacts.getContactByField("msisdn", "+27830000000").map(Contact::toString).orElse("none"));

    section(out, "Contacts API: page through the group (2 contacts a page)");
    String cursor = null;
    int number = 0;
    do {
      ContactPage page = contacts.groupContactsPage(knights.key(), cursor);
      number++;
      out.println("page " + number + ": " + page.contacts().stream().map(Contact::name).collect(Collectors.toList())
          + ", next cursor " + page.cursor());
      cursor = page.cursor();
    } while (cursor != null);
    try (Stream<Contact> members = contacts.groupContacts(knights.key())) {
      out.println("groupContacts(Knights) as a stream <= " + members.map(Contact::name).sorted()
          .collect(Collectors.toList()));
    }
    out.println("contacts() counts " + contacts.contacts().count() + " contacts in the account");
  }

  private static void section(PrintStream out, String title) {
    out.println();
    out.println("== " + title);
  }
}
