package org.vumi.go.http.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.internal.JsonCodec;

/** Contact, Group and ContactPage as read from the server's JSON. */
class ContactValuesTest {
  static JsonNode tree(String json) {
    try {
      return JsonCodec.readTree(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final String FULL = "{\"key\": \"k1\", \"$VERSION\": 2, \"user_account\": \"owner-1\","
      + " \"created_at\": \"2014-07-25 12:44:11.159151\", \"name\": \"Arthur\", \"surname\": \"of Camelot\","
      + " \"email_address\": \"a@camelot.example\", \"dob\": \"1990-03-01 00:00:00.000000\", \"msisdn\": \"+12345\","
      + " \"twitter_handle\": \"@arthur\", \"facebook_id\": \"fb1\", \"bbm_pin\": \"pin1\", \"gtalk_id\": \"gt1\","
      + " \"mxit_id\": \"mx1\", \"wechat_id\": \"wc1\", \"groups\": [\"g1\"], \"extra\": {\"quest\": \"Grail\","
      + " \"none\": null, \"list\": [1]}, \"subscription\": {\"news\": \"daily\"}, \"new_field\": true}";

  @Test
  void everyFieldOfTheServersContactHasAnAccessor() {
    Contact contact = Contact.parse(tree(FULL));
    assertEquals("k1", contact.key());
    assertEquals("owner-1", contact.userAccount());
    assertEquals("2014-07-25 12:44:11.159151", contact.createdAt());
    assertEquals("Arthur", contact.name());
    assertEquals("of Camelot", contact.surname());
    assertEquals("a@camelot.example", contact.emailAddress());
    assertEquals("1990-03-01 00:00:00.000000", contact.dob());
    assertEquals("+12345", contact.msisdn());
    assertEquals("@arthur", contact.twitterHandle());
    assertEquals("fb1", contact.facebookId());
    assertEquals("pin1", contact.bbmPin());
    assertEquals("gt1", contact.gtalkId());
    assertEquals("mx1", contact.mxitId());
    assertEquals("wc1", contact.wechatId());
    assertEquals(List.of("g1"), contact.groups());
    assertEquals("Grail", contact.extra().get("quest"));
    assertTrue(contact.extra().containsKey("none"));
    assertNull(contact.extra().get("none"));
    assertEquals("[1]", contact.extra().get("list"));
    assertEquals(Map.of("news", "daily"), contact.subscription());
    assertTrue(contact.json().get("new_field").asBoolean(), "unknown fields are kept");
    assertEquals("Contact{key=k1, msisdn=+12345, name=Arthur}", contact.toString());
  }

  @Test
  void absentFieldsAreNullOrEmpty() {
    Contact contact = Contact.parse(tree("{\"key\": \"k1\", \"groups\": null, \"extra\": null}"));
    assertNull(contact.msisdn());
    assertEquals(List.of(), contact.groups());
    assertEquals(Map.of(), contact.extra());
    assertEquals(Map.of(), contact.subscription());
  }

  @Test
  void theJsonIsACopy() {
    Contact contact = Contact.parse(tree(FULL));
    ((ObjectNode) contact.json()).put("name", "Lancelot");
    assertEquals("Arthur", contact.json().get("name").asText());
    assertThrows(UnsupportedOperationException.class, () -> contact.groups().add("g2"));
    assertThrows(UnsupportedOperationException.class, () -> contact.extra().put("a", "b"));
  }

  @Test
  void aContactDoesNotChangeWithTheTreeItWasReadFrom() {
    ObjectNode tree = (ObjectNode) tree(FULL);
    Contact contact = Contact.parse(tree);
    tree.put("name", "Lancelot");
    assertEquals("Arthur", contact.json().get("name").asText());
    ObjectNode groupTree = (ObjectNode) tree("{\"key\": \"g1\", \"name\": \"Bob\"}");
    Group group = Group.parse(groupTree);
    groupTree.put("name", "Susan");
    assertEquals("Bob", group.json().get("name").asText());
  }

  @Test
  void contactsAreEqualWhenTheirJsonIs() {
    Contact a = Contact.parse(tree(FULL));
    Contact b = Contact.parse(tree(FULL));
    Contact other = Contact.parse(tree("{\"key\": \"k2\"}"));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, other);
    assertNotEquals(a, "k1");
  }

  @Test
  void notAContactIsRefusedNamingTheField() {
    assertEquals("not a contact: the contact is not a JSON object",
        assertThrows(IllegalArgumentException.class, () -> Contact.parse(tree("[]"))).getMessage());
    assertEquals("not a contact: the contact is not a JSON object",
        assertThrows(IllegalArgumentException.class, () -> Contact.parse(null)).getMessage());
    assertEquals("not a contact: \"key\" is missing",
        assertThrows(IllegalArgumentException.class, () -> Contact.parse(tree("{\"key\": \"\"}"))).getMessage());
    assertEquals("not a contact: \"name\" is not a string but NUMBER",
        assertThrows(IllegalArgumentException.class, () -> Contact.parse(tree("{\"key\": \"k\", \"name\": 1}")))
            .getMessage());
  }

  @Test
  void groupsAreReadWithEveryField() {
    Group group = Group.parse(tree("{\"key\": \"g1\", \"$VERSION\": null, \"user_account\": \"owner-1\","
        + " \"created_at\": \"2014-07-25 12:44:11.159151\", \"name\": \"Bob\", \"query\": \"msisdn:12345\"}"));
    assertEquals("g1", group.key());
    assertEquals("Bob", group.name());
    assertEquals("msisdn:12345", group.query());
    assertTrue(group.isSmart());
    assertEquals("Group{key=g1, name=Bob, query=msisdn:12345}", group.toString());
    assertTrue(group.json().get("$VERSION").isNull());
    assertEquals(group, Group.parse(group.json()));
    assertEquals(group.hashCode(), Group.parse(group.json()).hashCode());
    assertNotEquals(group, Group.parse(tree("{\"key\": \"g2\"}")));
    assertNotEquals(group, "g1");
    assertEquals("not a group: \"key\" is missing",
        assertThrows(IllegalArgumentException.class, () -> Group.parse(tree("{}"))).getMessage());
  }

  @Test
  void pagesKnowWhetherAnotherFollows() {
    ContactPage last = new ContactPage(List.of(), null);
    assertFalse(last.hasNext());
    assertTrue(new ContactPage(List.of(), "c").hasNext());
    assertThrows(NullPointerException.class, () -> new ContactPage(null, null));
  }
}
