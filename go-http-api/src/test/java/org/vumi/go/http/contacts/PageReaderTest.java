package org.vumi.go.http.contacts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.internal.JsonCodec;

/**
 * A page is read in one streaming pass ({@link PageReader}); what it gives, and what it refuses, must be
 * exactly what the strict reading ({@link Pages}' skim, then a tree per contact) gives. Each case is read
 * every way and the outcomes compared: the client's readings ({@link Pages#streamed}, {@link Pages#whole},
 * {@link Pages#first}) against the strict ones, word for word; and {@link PageReader} alone, which must
 * accept exactly the pages the strict reading accepts, with the same values.
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

  // ---------------------------------------------------------------- the readings compared

  /** A failure, as the client would word it. */
  static String refusal(Exception e) {
    return (e instanceof Malformed ? "malformed: " : "not JSON: ") + e.getMessage();
  }

  /** The client's stream page, every contact taken. */
  static String streamed(String body) {
    try {
      return describe(Pages.streamed(bytes(body)));
    } catch (IOException | Malformed e) {
      return refusal(e);
    }
  }

  /** The strict reading of a stream's page. */
  static String strictStreamed(String body) {
    try {
      return describe(Pages.strictStreamed(bytes(body)));
    } catch (IOException | Malformed e) {
      return refusal(e);
    }
  }

  static String whole(String body) {
    try {
      return describe(Pages.Page.of(Pages.whole(bytes(body))));
    } catch (IOException | Malformed e) {
      return refusal(e);
    }
  }

  static String strictWhole(String body) {
    try {
      return describe(Pages.Page.of(Pages.strictWhole(bytes(body))));
    } catch (IOException | Malformed e) {
      return refusal(e);
    }
  }

  static String first(String body) {
    try {
      Contact first = Pages.first(bytes(body));
      return first == null ? "none" : describe(first);
    } catch (IOException | Malformed e) {
      return refusal(e);
    }
  }

  static String strictFirst(String body) {
    try {
      Contact first = Pages.strictFirst(bytes(body));
      return first == null ? "none" : describe(first);
    } catch (IOException | Malformed e) {
      return refusal(e);
    }
  }

  /** PageReader alone, every contact kept: its values, or "refused" (its words are not the client's). */
  static String fastOnly(String body) {
    try {
      PageReader.Scan scan = PageReader.scan(bytes(body), PageReader.factory(Long.MAX_VALUE), (i, b, t) -> true);
      assertEquals(scan.contacts(), scan.kept().size());
      StringBuilder out = new StringBuilder("cursor=" + scan.cursor() + " empty=" + (scan.contacts() == 0));
      for (Contact contact : scan.kept()) {
        out.append("\n  ").append(describe(contact));
      }
      return out.toString();
    } catch (IOException | Malformed e) {
      return "refused";
    }
  }

  static String describe(Pages.Page page) {
    StringBuilder out = new StringBuilder("cursor=" + page.cursor() + " empty=" + page.isEmpty());
    for (Iterator<Contact> it = page.contacts(); it.hasNext(); ) {
      out.append("\n  ").append(describe(it.next()));
    }
    return out.toString();
  }

  static String describe(Contact c) {
    return List.of(c.key(), String.valueOf(c.msisdn()), String.valueOf(c.name()), String.valueOf(c.surname()),
        String.valueOf(c.emailAddress()), String.valueOf(c.dob()), String.valueOf(c.twitterHandle()),
        String.valueOf(c.facebookId()), String.valueOf(c.bbmPin()), String.valueOf(c.gtalkId()),
        String.valueOf(c.mxitId()), String.valueOf(c.wechatId()), String.valueOf(c.userAccount()),
        String.valueOf(c.createdAt())) + " " + c.groups() + " " + c.extra() + " " + c.subscription() + " " + c.json();
  }

  static byte[] bytes(String body) {
    return body.getBytes(UTF_8);
  }

  /** Every reading of {@code body} agrees with the strict one; returns the strict stream's outcome. */
  static String same(String body) {
    String strict = strictStreamed(body);
    assertEquals(strict, streamed(body), body);
    assertEquals(strictWhole(body), whole(body), body);
    assertEquals(strictFirst(body), first(body), body);
    String fast = fastOnly(body);
    if (strict.startsWith("malformed: ") || strict.startsWith("not JSON: ")) {
      assertEquals("refused", fast, "PageReader must refuse what the strict reading refuses: " + body);
    } else {
      assertEquals(strict, fast, "PageReader must accept what the strict reading accepts, with its values: " + body);
    }
    return strict;
  }

  // ---------------------------------------------------------------- cases

  @Test
  void aPageGivesWhatItsTreeGives() throws IOException {
    String body = page("\"next\"", FULL, SPARSE, UNICODE);
    same(body);
    same(page("null"));
    same(page("null", SPARSE) + " \n");
    ContactPage read = Pages.whole(bytes(body));
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
    Contact streamed = Pages.whole(bytes(page("null", FULL))).contacts().get(0);
    Contact fromTree = Contact.parse(JsonCodec.readTree(bytes(FULL)));
    assertEquals(fromTree, streamed);
    assertEquals(streamed, fromTree);
    assertEquals(fromTree.hashCode(), streamed.hashCode());
    assertEquals(fromTree.json(), streamed.json());
    // json() is a copy every time.
    ((ObjectNode) streamed.json()).put("name", "Lancelot");
    assertEquals("Arthur", streamed.json().get("name").asText());
    assertEquals(fromTree, streamed);
    Contact other = Pages.whole(bytes(page("null", SPARSE))).contacts().get(0);
    assertNotEquals(other, streamed);
    assertNotEquals(streamed, "k1");
  }

  @Test
  void whatIsNotAPageIsRefusedAsTheStrictReadingRefusesIt() {
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
      assertTrue(same(body).startsWith("malformed: "), body);
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
      "{\"cursor\": null, \"data\": [], \"x\": 1, \"x\": 2}",
      "{\"cursor\": null, \"data\": [], \"x\": [[{\"a\": 1, \"a\": 2}]]}",
      page("null", "{\"key\": \"k\", \"key\": \"k\"}"), page("null", "{\"key\": \"k\", \"foo\": 1, \"foo\": 1}"),
      page("null", "{\"key\": \"k\", \"extra\": {\"a\": \"1\", \"a\": \"2\"}}"),
      page("null", "{\"key\": \"k\", \"extra\": {\"a\": null, \"a\": null}}"),
      page("null", "{\"key\": \"k\", \"extra\": {\"o\": {\"a\": 1, \"a\": 2}}}"),
      page("null", "{\"key\": \"k\", \"subscription\": {\"o\": [{\"a\": 1, \"a\": 2}]}}"),
      page("null", "{\"key\": \"k\", \"groups\": [{\"a\": 1, \"a\": 2}]}"),
      page("null", "{\"key\": \"k\", \"$VERSION\": {\"a\": 1, \"a\": 2}}"),
      page("null", "{\"key\": \"k\", \"new\": {\"b\": {\"a\": 1, \"a\": 2}}}"),
      page("null", "{\"key\": \"k\", \"name\": [{\"a\": 1, \"a\": 2}]}"), "{\"a\": 1, \"a\": 2}",
      // Not JSON wins over a malformed contact before it.
      page("null", "{\"key\": 1}", "{\"key\": \"k\", \"key\": \"k\"}"), page("null", "{\"key\": 1}") + "x",
    };
    for (String body : bodies) {
      assertTrue(same(body).startsWith("not JSON: "), body);
    }
    // The strict skim names what is not a page, or not a contact, as soon as it sees it.
    assertEquals("malformed: the page is not a JSON object", same("[{\"a\": 1, \"a\": 2}]"));
    assertEquals("malformed: the contact is not a JSON object", same(page("null", "[{\"a\": 1, \"a\": 2}]")));
    assertEquals("malformed: \"cursor\" is not a string but VALUE_NUMBER_INT", same(page("5", "{\"key\": 1}") + "x"));
  }

  /**
   * The parser reuses the context of a nested object for the next object at its depth: a repeated key
   * must be found inside a skipped value whose nested objects stand where contacts, or their maps,
   * stood before (the parser's check, turned on for the skipped value only, missed these).
   */
  @Test
  void aRepeatedKeyIsFoundWhereTheParserReusesItsContexts() {
    String contact = "{\"key\": \"k\", \"extra\": {\"a\": \"1\"}, \"groups\": [\"g\"]}";
    String[] bodies = {
      "{\"data\": [" + contact + "], \"more\": {\"x\": {\"a\": 1, \"a\": 2}}, \"cursor\": null}",
      "{\"data\": [" + contact + "], \"more\": [{\"x\": {\"a\": 1, \"a\": 2}}], \"cursor\": null}",
      "{\"data\": [" + contact + "], \"more\": {\"x\": [{\"a\": 1, \"a\": 2}]}, \"cursor\": null}",
      page("null", contact, "{\"key\": \"k\", \"x\": {\"y\": {\"a\": 1, \"a\": 2}}}"),
      page("null", contact, "{\"key\": \"k\", \"groups\": [{\"y\": {\"a\": 1, \"a\": 2}}]}"),
      page("null", contact, "{\"key\": \"k\", \"extra\": {\"o\": {\"y\": {\"a\": 1, \"a\": 2}}}}"),
    };
    for (String body : bodies) {
      assertTrue(same(body).startsWith("not JSON: Duplicate field 'a'"), body);
    }
  }

  @Test
  void aRepeatedKeyIsNamedAsTheParserNamesIt() {
    IOException e = assertThrows(IOException.class,
        () -> Pages.whole(bytes(page("null", "{\"key\": \"k\", \"key\": \"k\"}"))));
    assertTrue(e.getMessage().startsWith("Duplicate field 'key'"), e.getMessage());
  }

  // ---------------------------------------------------------------- bounds

  @Test
  void aContactBeyondTheBoundsIsRefusedAsTheStrictReadingRefusesIt() {
    int max = (int) ContactsApiClient.MAX_OBJECT_BYTES;
    String small = "{\"key\": \"k\"}";
    List<String> bodies = List.of(
        // one string longer than a contact may be
        page("null", small, "{\"key\": \"k\", \"name\": \"" + "x".repeat(max) + "\"}"),
        // strings each within the bound, together beyond it
        page("null", "{\"key\": \"k\", \"name\": \"" + "x".repeat(max / 2) + "\", \"surname\": \""
            + "y".repeat(max / 2) + "\"}"),
        page("null", "{\"key\": \"k\", \"extra\": {\"a\": \"" + "x".repeat(max / 2) + "\", \"b\": \""
            + "y".repeat(max / 2) + "\"}}"),
        page("null", "{\"key\": \"k\", \"groups\": [\"" + "x".repeat(max / 2) + "\", \""
            + "y".repeat(max / 2) + "\"]}"),
        page("null", "{\"key\": \"k\", \"extra\": {\"a\": \"" + "x".repeat(max / 2 + 10) + "\", \"b\": [\""
            + "y".repeat(max / 2) + "\"]}}"),
        // a skipped value beyond the bytes
        page("null", "{\"key\": \"k\", \"other\": [\"" + "x".repeat(max) + "\"]}"),
        // more tokens than a contact may have, in fewer bytes than it may have
        page("null", "{\"key\": \"k\", \"other\": [" + "1,".repeat((int) ContactsApiClient.MAX_RESULT_TOKENS) + "1]}"),
        page("null", "{\"key\": \"k\", \"groups\": [" + "\"\",".repeat((int) ContactsApiClient.MAX_RESULT_TOKENS)
            + "\"\"]}"),
        page("null", "{\"key\": \"k\", \"extra\": {\"o\": [" + "1,".repeat((int) ContactsApiClient.MAX_RESULT_TOKENS)
            + "1]}}"),
        // too large, and not JSON after it: not JSON, as the strict skim finds it first
        page("null", "{\"key\": \"k\", \"name\": \"" + "x".repeat(max) + "\", \"a\": 1, \"a\": 2}"));
    for (String body : bodies) {
      String outcome = same(body);
      assertTrue(outcome.startsWith("malformed: a contact of the page") || outcome.startsWith("not JSON: Duplicate"),
          outcome.substring(0, Math.min(200, outcome.length())));
    }
  }

  @Test
  void aCursorLongerThanAContactIsReadByTheStrictReading() {
    String cursor = "c".repeat((int) ContactsApiClient.MAX_OBJECT_BYTES + 1);
    String body = page("\"" + cursor + "\"", "{\"key\": \"k\"}");
    assertEquals("refused", fastOnly(body), "beyond the fast path's string bound");
    assertEquals(strictStreamed(body), streamed(body));
    assertEquals(strictWhole(body), whole(body));
    assertTrue(streamed(body).startsWith("cursor=" + cursor), "accepted");
  }

  @Test
  void aPageHeldWholeIsBoundedInTokensAndAStreamIsNot() throws IOException {
    int size = (int) (ContactsApiClient.MAX_RESULT_TOKENS / 4) + 10;
    String body = page("null", Collections.nCopies(size, "{\"key\": \"k\"}").toArray(new String[0]));
    String held = whole(body);
    assertEquals(strictWhole(body), held);
    assertTrue(held.contains("more than " + ContactsApiClient.MAX_RESULT_TOKENS + " JSON tokens"), held);
    Pages.Page page = Pages.streamed(bytes(body));
    int count = 0;
    for (Iterator<Contact> it = page.contacts(); it.hasNext(); it.next()) {
      count++;
    }
    assertEquals(size, count);
  }

  /**
   * A page whose contacts are more than {@link Pages#KEEP_HEAP} allows is read ahead as far as it
   * allows, and the rest again from its bytes: the contacts, and their order, are the same.
   */
  @Test
  void aPageBeyondTheReadAheadBudgetGivesTheSameContacts() throws IOException {
    String contact = "{\"key\": \"k%d\", \"name\": \"Arthur\", \"groups\": [\"g\"], \"extra\": {\"a\": \"b\"}}";
    int size = 20_000;
    List<String> contacts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      contacts.add(String.format(contact, i));
    }
    String body = page("\"next\"", contacts.toArray(new String[0]));
    assertTrue(Pages.keptHeap(String.format(contact, 0).length(), 18) * size > 2 * Pages.KEEP_HEAP,
        "the page is beyond the budget");
    Iterator<Contact> it = Pages.streamed(bytes(body)).contacts();
    for (int i = 0; i < size; i++) {
      Contact read = it.next();
      assertEquals("k" + i, read.key());
      assertEquals(List.of("g"), read.groups());
    }
    assertTrue(!it.hasNext());
    assertThrows(java.util.NoSuchElementException.class, it::next);
    assertEquals(strictStreamed(body), streamed(body));
  }

  // ---------------------------------------------------------------- mutations

  /** Every mutation of a valid page, one byte changed, removed or repeated, reads the same every way. */
  @Test
  void mutatedPagesReadTheSameEveryWay() {
    mutate(page("\"c\"", FULL, SPARSE), "{}[]\":,0-1.e nul\\tfasx", 3000, 20);
  }

  /** The same, on a page whose nested objects reuse the parser's contexts, and with keys one letter apart. */
  @Test
  void mutatedNestedPagesReadTheSameEveryWay() {
    String contact = "{\"key\": \"k\", \"extra\": {\"a\": \"1\", \"b\": {\"a\": [1, {\"a\": 2, \"b\": 3}]}},"
        + " \"groups\": [\"g\", {\"a\": {\"b\": 1}}], \"x\": {\"a\": {\"a\": [], \"b\": {}}}}";
    String body = "{\"data\": [" + contact + ", " + contact + "], \"more\": {\"a\":"
        + " {\"b\": {\"a\": 1, \"b\": 2}}, \"b\": [{\"a\": 1, \"b\": 2}]}, \"cursor\": null}";
    mutate(body, "ab{}[]\":,", 3000, 21);
  }

  private static void mutate(String valid, String alphabet, int count, long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < count; i++) {
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
