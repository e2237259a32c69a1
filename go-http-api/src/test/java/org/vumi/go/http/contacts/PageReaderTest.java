package org.vumi.go.http.contacts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.internal.JsonCodec;

/**
 * A page is read in one streaming pass; what it gives, and what it refuses, must be exactly what
 * reading the page as a strict tree and each contact with {@link Contact#parse} gives (the way pages
 * were read before). Each case is run through both, and the outcomes compared.
 */
class PageReaderTest {
  static final String FULL = "{\"key\": \"k1\", \"$VERSION\": 2, \"user_account\": \"acc\", \"created_at\": \"2014-07-25"
      + " 12:44:11.159151\", \"name\": \"Arthur\", \"surname\": \"of Camelot\", \"email_address\": \"a@b.c\", \"dob\":"
      + " \"1990-01-01 00:00:00.000000\", \"msisdn\": \"+27831234567\", \"twitter_handle\": \"@art\", \"facebook_id\":"
      + " \"fb\", \"bbm_pin\": \"bbm\", \"gtalk_id\": \"gt\", \"mxit_id\": \"mx\", \"wechat_id\": \"wc\", \"groups\":"
      + " [\"g1\", \"g2\"], \"extra\": {\"language\": \"en\", \"none\": null, \"n\": 1.50, \"e\": 1e3, \"big\":"
      + " 123456789012345678901234567890, \"t\": true, \"o\": {\"a\": [1, \"x\\\"y\"]}, \"l\": [null]},"
      + " \"subscription\": {\"news\": \"1\", \"z\": 0}, \"new_field\": {\"x\": [{\"y\": 1}]}}";
  static final String SPARSE = "{\"key\": \"k2\", \"msisdn\": null, \"groups\": null, \"extra\": null}";
  static final String UNICODE = "{\"surname\": \"\\u00e9t\\u00e9 \\ud83d\\ude00 \\\\ \\n\", \"key\": \"k3\","
      + " \"extra\": {\"caf\\u00e9\": \"\\u2603\"}}";

  static String page(String cursor, String... contacts) {
    return "{\"cursor\": " + cursor + ", \"data\": [" + String.join(", ", contacts) + "]}";
  }

  /** The outcome of one reading, as text: the page's every value, or the kind of failure and its message. */
  static String streamed(String body) {
    try {
      return describe(ContactPage.read(body.getBytes(UTF_8)));
    } catch (IOException e) {
      return "not JSON";
    } catch (Malformed e) {
      return "malformed: " + e.getMessage();
    }
  }

  /** The reading pages had before: a strict tree, then the page's shape, then each contact. */
  static String viaTree(String body) {
    JsonNode tree;
    try {
      tree = JsonCodec.readTree(body.getBytes(UTF_8));
    } catch (IOException e) {
      return "not JSON";
    }
    if (!tree.isObject()) {
      return "malformed: the page is not a JSON object";
    }
    JsonNode data = tree.get("data");
    if (data == null || !data.isArray()) {
      return "malformed: the page has no \"data\" array";
    }
    if (!tree.has("cursor")) {
      return "malformed: the page has no \"cursor\"";
    }
    JsonNode cursor = tree.get("cursor");
    if (!cursor.isNull() && !cursor.isTextual()) {
      return "malformed: \"cursor\" is not a string but " + cursor.getNodeType();
    }
    List<Contact> contacts = new ArrayList<>();
    for (JsonNode item : data) {
      try {
        contacts.add(Contact.parse(item));
      } catch (IllegalArgumentException e) {
        return "malformed: " + e.getMessage().substring("not a contact: ".length());
      }
    }
    return describe(new ContactPage(contacts, cursor.isNull() ? null : cursor.asText()));
  }

  static String describe(ContactPage page) {
    StringBuilder out = new StringBuilder("cursor=" + page.cursor());
    for (Contact c : page.contacts()) {
      out.append("\n  ").append(List.of(c.key(), String.valueOf(c.msisdn()), String.valueOf(c.name()),
          String.valueOf(c.surname()), String.valueOf(c.emailAddress()), String.valueOf(c.dob()),
          String.valueOf(c.twitterHandle()), String.valueOf(c.facebookId()), String.valueOf(c.bbmPin()),
          String.valueOf(c.gtalkId()), String.valueOf(c.mxitId()), String.valueOf(c.wechatId()),
          String.valueOf(c.userAccount()), String.valueOf(c.createdAt()))).append(' ').append(c.groups())
          .append(' ').append(c.extra()).append(' ').append(c.subscription()).append(' ').append(c.json());
    }
    return out.toString();
  }

  static void same(String body) {
    assertEquals(viaTree(body), streamed(body), body);
  }

  @Test
  void aPageGivesWhatItsTreeGives() throws IOException {
    String body = page("\"next\"", FULL, SPARSE, UNICODE);
    same(body);
    same(page("null"));
    same(page("null", SPARSE) + " \n");
    ContactPage read = ContactPage.read(body.getBytes(UTF_8));
    assertEquals(3, read.contacts().size());
    assertEquals("next", read.cursor());
    Contact full = read.contacts().get(0);
    // Values that are not strings are their JSON text, as the tree's toString() writes it.
    assertEquals("1.5", full.extra().get("n"));
    assertEquals("1000.0", full.extra().get("e"));
    assertEquals("123456789012345678901234567890", full.extra().get("big"));
    assertEquals("{\"a\":[1,\"x\\\"y\"]}", full.extra().get("o"));
    assertEquals("[null]", full.extra().get("l"));
    assertEquals("0", full.subscription().get("z"));
    assertTrue(full.extra().containsKey("none"));
    assertEquals("été 😀 \\ \n", read.contacts().get(2).surname());
  }

  @Test
  void aContactReadFromAPageIsEqualToOneReadFromItsTree() throws IOException {
    Contact streamed = ContactPage.read(page("null", FULL).getBytes(UTF_8)).contacts().get(0);
    Contact fromTree = Contact.parse(JsonCodec.readTree(FULL.getBytes(UTF_8)));
    assertEquals(fromTree, streamed);
    assertEquals(streamed, fromTree);
    assertEquals(fromTree.hashCode(), streamed.hashCode());
    assertEquals(fromTree.json(), streamed.json());
    // json() is a copy every time.
    ((ObjectNode) streamed.json()).put("name", "Lancelot");
    assertEquals("Arthur", streamed.json().get("name").asText());
    assertEquals(fromTree, streamed);
    Contact other = ContactPage.read(page("null", SPARSE).getBytes(UTF_8)).contacts().get(0);
    assertNotEquals(other, streamed);
    assertNotEquals(streamed, "k1");
  }

  @Test
  void whatIsNotAPageIsRefusedAsItsTreeWouldBe() {
    String[] bodies = {
      "", "  ", "[]", "\"page\"", "1", "null", "{}", "{\"cursor\": null}", "{\"data\": []}",
      "{\"cursor\": null, \"data\": null}", "{\"cursor\": null, \"data\": {}}", "{\"cursor\": null, \"data\": 5}",
      page("5"), page("true"), page("{}"), page("[\"c\"]"), page("{\"a\": 1, \"a\": 2}"),
      page("null", "null"), page("null", "5"), page("null", "[]"), page("null", "\"k\""),
      page("null", "{}"), page("null", "{\"key\": \"\"}"), page("null", "{\"key\": 5}"),
      page("null", "{\"key\": null}"), page("null", "{\"key\": \"k\", \"name\": 1}"),
      page("null", "{\"key\": \"k\", \"name\": {}}"), page("null", "{\"key\": \"k\", \"created_at\": []}"),
      page("null", "{\"key\": \"k\", \"groups\": \"g\"}"), page("null", "{\"key\": \"k\", \"groups\": {}}"),
      page("null", "{\"key\": \"k\", \"groups\": [\"g\", 1]}"), page("null", "{\"key\": \"k\", \"groups\": [null]}"),
      page("null", "{\"key\": \"k\", \"groups\": [{}, 1]}"), page("null", "{\"key\": \"k\", \"extra\": []}"),
      page("null", "{\"key\": \"k\", \"extra\": \"e\"}"), page("null", "{\"key\": \"k\", \"subscription\": 5}"),
      page("null", "{\"key\": \"k\", \"name\": 1, \"msisdn\": 2}"), page("null", "{\"msisdn\": 2}"),
      // The first malformed contact is the one named; the page's own shape comes first.
      page("null", SPARSE, "{\"key\": 1}", "{\"name\": 1}"), "{\"data\": [{\"key\": 1}]}",
      "{\"data\": [{\"key\": 1}], \"cursor\": 7}", "{\"data\": [5], \"cursor\": \"c\", \"more\": {\"x\": []}}",
    };
    for (String body : bodies) {
      same(body);
    }
  }

  @Test
  void bodiesThatAreNotOneJsonDocumentWithUniqueKeysAreNotJson() {
    String valid = page("null", FULL);
    String[] bodies = {
      valid + " x", valid + " {}", valid + "]", valid.substring(0, valid.length() - 1), "{\"cursor\": null,",
      "{\"cursor\": nul, \"data\": []}", "{cursor: null, \"data\": []}",
      // A repeated key anywhere, at any depth.
      "{\"cursor\": null, \"cursor\": null, \"data\": []}", "{\"cursor\": null, \"data\": [], \"data\": []}",
      "{\"cursor\": null, \"data\": [], \"x\": 1, \"x\": 2}", "{\"cursor\": {\"a\": 1, \"a\": 2}, \"data\": []}",
      "{\"cursor\": null, \"data\": [], \"x\": [[{\"a\": 1, \"a\": 2}]]}",
      page("null", "{\"key\": \"k\", \"key\": \"k\"}"), page("null", "{\"key\": \"k\", \"foo\": 1, \"foo\": 1}"),
      page("null", "{\"key\": \"k\", \"extra\": {\"a\": \"1\", \"a\": \"2\"}}"),
      page("null", "{\"key\": \"k\", \"extra\": {\"a\": null, \"a\": null}}"),
      page("null", "{\"key\": \"k\", \"extra\": {\"o\": {\"a\": 1, \"a\": 2}}}"),
      page("null", "{\"key\": \"k\", \"subscription\": {\"o\": [{\"a\": 1, \"a\": 2}]}}"),
      page("null", "{\"key\": \"k\", \"groups\": [{\"a\": 1, \"a\": 2}]}"),
      page("null", "{\"key\": \"k\", \"$VERSION\": {\"a\": 1, \"a\": 2}}"),
      page("null", "{\"key\": \"k\", \"new\": {\"b\": {\"a\": 1, \"a\": 2}}}"),
      page("null", "[{\"a\": 1, \"a\": 2}]"), page("null", "{\"key\": \"k\", \"name\": [{\"a\": 1, \"a\": 2}]}"),
      "[{\"a\": 1, \"a\": 2}]", "{\"a\": 1, \"a\": 2}",
      // Not JSON wins over a malformed contact before it.
      page("null", "{\"key\": 1}", "{\"key\": \"k\", \"key\": \"k\"}"), page("5", "{\"key\": 1}") + "x",
    };
    for (String body : bodies) {
      same(body);
      assertEquals("not JSON", streamed(body), body);
    }
  }

  @Test
  void aRepeatedKeyIsNamedAsTheParserNamesIt() {
    IOException e = assertThrows(IOException.class,
        () -> ContactPage.read(page("null", "{\"key\": \"k\", \"key\": \"k\"}").getBytes(UTF_8)));
    assertTrue(e.getMessage().startsWith("Duplicate field 'key'"), e.getMessage());
  }

  /** Every mutation of a valid page, one byte changed, removed or repeated, reads the same both ways. */
  @Test
  void mutatedPagesReadTheSameBothWays() {
    String valid = page("\"c\"", FULL, SPARSE);
    String alphabet = "{}[]\":,0-1.e nul\\tfasx";
    Random random = new Random(20);
    for (int i = 0; i < 3000; i++) {
      StringBuilder body = new StringBuilder(valid);
      int at = random.nextInt(body.length());
      switch (random.nextInt(3)) {
        case 0 -> body.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        case 1 -> body.deleteCharAt(at);
        default -> body.insert(at, body.charAt(at));
      }
      same(body.toString());
    }
  }
}
