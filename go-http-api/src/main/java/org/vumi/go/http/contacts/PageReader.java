package org.vumi.go.http.contacts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.DupDetector;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.JsonCodec;

/**
 * Reads a page of contacts in one streaming pass, with no tree: a contacts stream spends most of its
 * time here, and the strict reading ({@link Pages}: a skim of the page, then a tree per contact) reads
 * every page two or three times. Each contact keeps the bytes of its own object, from which
 * {@link Contact#json()} makes the tree when asked.
 *
 * <p>It is {@link Pages}' fast path, and refuses (throws) every page the strict reading refuses: a
 * body that is not one JSON document, a repeated key at any depth, a page or contact of the wrong
 * shape, a contact beyond {@link ContactsApiClient#MAX_OBJECT_BYTES} or
 * {@link ContactsApiClient#MAX_RESULT_TOKENS}, and whatever the factory's constraints refuse. It may
 * refuse a little more (a string longer than a contact may be, such as a cursor of megabytes): any
 * refusal sends {@link Pages} to the strict reading, so what the client accepts, and the words of
 * what it refuses, are the strict reading's. It stops at the first problem it finds.
 *
 * <p>Memory: it builds nothing beyond one contact's values before that contact is known to be within
 * its bounds (the strings of a contact are counted as they are read, and a string longer than a
 * contact may be is refused by the factory before it is decoded whole), and it keeps only the
 * contacts the caller's budget allows.
 *
 * <p>Repeated keys are found without the parser's own check, which makes a hash set for every object
 * of the page: a bit per known field of a contact, a set for other names, and a check of its own,
 * with a {@link DupDetector} per object, inside every value it skips. (The parser's check turned on
 * for a skipped value only would not do: the parser reuses the contexts of nested objects, and one
 * made while the check was off stays without it.)
 */
final class PageReader {
  private PageReader() {}

  /**
   * A factory for the fast path: {@link JsonCodec#FACTORY} (no repeated-key check of its own), counting
   * tokens (up to {@code maxTokens}), and refusing a string longer than a contact may be before
   * decoding all of it.
   */
  static JsonFactory factory(long maxTokens) {
    StreamReadConstraints constraints = JsonCodec.FACTORY.streamReadConstraints().rebuild()
        .maxTokenCount(maxTokens).maxStringLength(Math.toIntExact(ContactsApiClient.MAX_OBJECT_BYTES)).build();
    return JsonCodec.FACTORY.rebuild().streamReadConstraints(constraints).build();
  }

  /** Which contacts of a page to keep. */
  @FunctionalInterface
  interface Keep {
    /**
     * Tells whether to keep the next contact; once it says no, no later contact of the page is kept.
     *
     * @param index the contact's index in the page
     * @param bytes the size of its object in the page
     * @param tokens its JSON tokens
     */
    boolean next(int index, long bytes, long tokens);
  }

  /** What one pass over a page found. */
  record Scan(@Nullable String cursor, int contacts, List<Contact> kept) {}

  /**
   * Reads a page, keeping the contacts {@code keep} allows (the first ones).
   *
   * @throws IOException if the body is not one JSON document without repeated keys, or breaks a bound
   * @throws Malformed if it is, but not a page of contacts within the bounds
   */
  static Scan scan(byte[] body, JsonFactory factory, Keep keep) throws IOException {
    try (JsonParser parser = factory.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new Malformed("the page is not a JSON object");
      }
      boolean hasData = false;
      boolean hasCursor = false;
      @Nullable String cursor = null;
      int contacts = 0;
      List<Contact> kept = new ArrayList<>();
      boolean keeping = true;
      Fields fields = new Fields(); // one for the page: a contact takes its values as it is made
      @Nullable Set<String> others = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("data")) {
          if (hasData) {
            throw duplicate(parser, name);
          }
          hasData = true;
          if (value != JsonToken.START_ARRAY) {
            throw new Malformed("the page has no \"data\" array");
          }
          for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
            if (item != JsonToken.START_OBJECT) {
              throw new Malformed("the contact is not a JSON object");
            }
            long startToken = parser.currentTokenCount();
            int start = Math.toIntExact(parser.currentTokenLocation().getByteOffset());
            Contact contact = contact(parser, body, start, startToken, fields);
            if (keeping && keep.next(contacts, contact.sourceBytes(), parser.currentTokenCount() - startToken + 1)) {
              kept.add(contact);
            } else {
              keeping = false;
            }
            contacts++;
          }
        } else if (name.equals("cursor")) {
          if (hasCursor) {
            throw duplicate(parser, name);
          }
          hasCursor = true;
          if (value == JsonToken.VALUE_STRING) {
            cursor = parser.getText();
          } else if (value != JsonToken.VALUE_NULL) {
            throw new Malformed("\"cursor\" is not a string but " + value);
          }
        } else {
          if (others == null) {
            others = new HashSet<>();
          }
          if (!others.add(name)) {
            throw duplicate(parser, name);
          }
          skipStrictly(parser, Long.MAX_VALUE);
        }
      }
      JsonCodec.requireEnd(parser);
      if (!hasData) {
        throw new Malformed("the page has no \"data\" array");
      }
      if (!hasCursor) {
        throw new Malformed("the page has no \"cursor\"");
      }
      return new Scan(cursor, contacts, kept);
    }
  }

  /**
   * Reads the contact object the parser is at (its {@code START_OBJECT}), within the bounds of one
   * contact, and leaves the parser on the object's end.
   *
   * @param start the object's first byte in {@code body}
   * @param startToken the parser's token count at the object's start
   * @param fields where the values go until the contact is made; emptied first
   */
  static Contact contact(JsonParser parser, byte[] body, int start, long startToken, Fields fields)
      throws IOException {
    long maxToken = startToken + ContactsApiClient.MAX_RESULT_TOKENS - 1;
    fields.clear();
    int seen = 0;
    @Nullable Set<String> others = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      int field = Fields.index(name);
      if (field >= 0) {
        if ((seen & (1 << field)) != 0) {
          throw duplicate(parser, name);
        }
        seen |= 1 << field;
      } else {
        if (others == null) {
          others = new HashSet<>();
        }
        if (!others.add(name)) {
          throw duplicate(parser, name);
        }
      }
      JsonToken value = parser.nextToken();
      if (field < 0) {
        if (value.isStructStart()) {
          skipStrictly(parser, maxToken);
        }
        continue;
      }
      fields.tokens[field] = value;
      if (value == JsonToken.VALUE_STRING && field < Fields.GROUPS) {
        String text = parser.getText();
        fields.chars(text.length());
        fields.values[field] = text;
      } else if (value == JsonToken.START_ARRAY && field == Fields.GROUPS) {
        fields.values[field] = strings(parser, fields, maxToken);
      } else if (value == JsonToken.START_OBJECT && (field == Fields.EXTRA || field == Fields.SUBSCRIPTION)) {
        fields.values[field] = map(parser, body, fields, maxToken);
      } else if (value.isStructStart()) {
        skipStrictly(parser, maxToken);
      }
    }
    int end = Math.toIntExact(parser.currentLocation().getByteOffset());
    // The strict reading's bounds, checked where its skim checks them: at the object's end.
    if (end - start > ContactsApiClient.MAX_OBJECT_BYTES) {
      throw new Malformed("a contact of the page is larger than " + ContactsApiClient.MAX_OBJECT_BYTES
          + " bytes (MAX_OBJECT_BYTES)");
    }
    if (parser.currentTokenCount() > maxToken) {
      throw tooManyTokens();
    }
    return new Contact(Arrays.copyOfRange(body, start, end), fields);
  }

  /** The items of an array, all strings; the first that is not is noted in {@code fields}. */
  private static List<String> strings(JsonParser parser, Fields fields, long maxToken) throws IOException {
    List<String> items = new ArrayList<>();
    for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
      if (parser.currentTokenCount() > maxToken) {
        throw tooManyTokens(); // before the list grows past what one contact may hold
      }
      if (item == JsonToken.VALUE_STRING) {
        String text = parser.getText();
        fields.chars(text.length());
        items.add(text);
      } else {
        fields.badGroup = fields.badGroup == null ? type(item) : fields.badGroup;
        skipStrictly(parser, maxToken);
      }
    }
    return items.isEmpty() ? List.of() : Collections.unmodifiableList(items);
  }

  /** An object's values as strings: a string as it is, null as null, anything else as its JSON text. */
  private static Map<String, @Nullable String> map(JsonParser parser, byte[] body, Fields fields, long maxToken)
      throws IOException {
    @Nullable Map<String, @Nullable String> values = null; // none for an empty object, as subscription often is
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      if (parser.currentTokenCount() > maxToken) {
        throw tooManyTokens(); // before the map grows past what one contact may hold
      }
      String name = parser.currentName();
      fields.chars(name.length());
      JsonToken value = parser.nextToken();
      String text;
      if (value == JsonToken.VALUE_STRING) {
        text = parser.getText();
        fields.chars(text.length());
      } else if (value == JsonToken.VALUE_NULL) {
        text = null;
      } else {
        text = treeText(parser, body, fields, maxToken);
      }
      if (values == null) {
        values = new LinkedHashMap<>();
      }
      int size = values.size();
      values.put(name, text);
      if (values.size() == size) { // one look-up for both: the value may be null
        throw duplicate(parser, name);
      }
    }
    return values == null ? Map.of() : Collections.unmodifiableMap(values);
  }

  /**
   * The JSON text of the value the parser is at, exactly as the tree's {@code toString()} gives it (as
   * the strict reading gives a value of {@code extra} that is not a string): the value is skipped
   * strictly, then its bytes are read as a tree. Rare: the server stores strings there.
   */
  private static String treeText(JsonParser parser, byte[] body, Fields fields, long maxToken) throws IOException {
    int start = Math.toIntExact(parser.currentTokenLocation().getByteOffset());
    skipStrictly(parser, maxToken);
    int end = Math.toIntExact(parser.currentLocation().getByteOffset());
    fields.chars(end - start); // the tree's text is about as long as the value's bytes, before it is made
    return JsonCodec.mapper().readTree(body, start, end - start).toString();
  }

  /**
   * Skips the value the parser is at, refusing a repeated key at any depth inside it, and more tokens
   * than {@code maxToken} (the parser's count): the strict reading skims every value with the
   * parser's own check.
   */
  static void skipStrictly(JsonParser parser, long maxToken) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      DupDetector names = DupDetector.rootDetector(parser);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        if (names.isDup(parser.currentName())) {
          throw duplicate(parser, parser.currentName());
        }
        parser.nextToken();
        if (parser.currentTokenCount() > maxToken) {
          throw tooManyTokens();
        }
        skipStrictly(parser, maxToken);
      }
    } else if (token == JsonToken.START_ARRAY) {
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        if (parser.currentTokenCount() > maxToken) {
          throw tooManyTokens();
        }
        skipStrictly(parser, maxToken);
      }
    }
  }

  /** The parser's own words for a repeated key. */
  private static JsonParseException duplicate(JsonParser parser, String name) {
    return new JsonParseException(parser, "Duplicate field '" + name + "'");
  }

  private static Malformed tooManyTokens() {
    return new Malformed("a contact of the page has more than " + ContactsApiClient.MAX_RESULT_TOKENS
        + " JSON tokens (MAX_RESULT_TOKENS)");
  }

  /** The tree's name for the type of a value that starts with {@code token}. */
  static JsonNodeType type(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> JsonNodeType.OBJECT;
      case START_ARRAY -> JsonNodeType.ARRAY;
      case VALUE_STRING -> JsonNodeType.STRING;
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> JsonNodeType.NUMBER;
      case VALUE_TRUE, VALUE_FALSE -> JsonNodeType.BOOLEAN;
      case VALUE_NULL -> JsonNodeType.NULL;
      default -> JsonNodeType.POJO;
    };
  }

  /**
   * The fields of one contact object as the parser found them, checked by {@link Contact}'s
   * constructor as it checks a tree's: each known field's first token and, when it has the right
   * type, its value.
   */
  static final class Fields {
    // In the order Contact reads them; the text fields first.
    static final int KEY = 0;
    static final int MSISDN = 1;
    static final int NAME = 2;
    static final int SURNAME = 3;
    static final int EMAIL_ADDRESS = 4;
    static final int DOB = 5;
    static final int TWITTER_HANDLE = 6;
    static final int FACEBOOK_ID = 7;
    static final int BBM_PIN = 8;
    static final int GTALK_ID = 9;
    static final int MXIT_ID = 10;
    static final int WECHAT_ID = 11;
    static final int USER_ACCOUNT = 12;
    static final int CREATED_AT = 13;
    static final int GROUPS = 14;
    static final int EXTRA = 15;
    static final int SUBSCRIPTION = 16;
    static final int VERSION = 17;
    private static final String[] NAMES = {"key", "msisdn", "name", "surname", "email_address", "dob",
        "twitter_handle", "facebook_id", "bbm_pin", "gtalk_id", "mxit_id", "wechat_id", "user_account", "created_at",
        "groups", "extra", "subscription", "$VERSION"};

    final @Nullable JsonToken[] tokens = new JsonToken[NAMES.length];
    final @Nullable Object[] values = new Object[NAMES.length];
    /** The type of the first item of {@code groups} that is not a string. */
    @Nullable JsonNodeType badGroup;
    /** The characters of the strings read so far. */
    private long chars;

    void clear() {
      Arrays.fill(tokens, null);
      Arrays.fill(values, null);
      badGroup = null;
      chars = 0;
    }

    /**
     * Counts characters about to be kept, refusing the contact as soon as they are more than its bytes
     * may be (a character takes at least a byte), so that nothing larger than a contact is built.
     */
    void chars(long more) {
      chars += more;
      if (chars > ContactsApiClient.MAX_OBJECT_BYTES) {
        throw new Malformed("a contact of the page is larger than " + ContactsApiClient.MAX_OBJECT_BYTES
            + " bytes (MAX_OBJECT_BYTES)");
      }
    }

    static int index(String name) {
      return switch (name) {
        case "key" -> KEY;
        case "msisdn" -> MSISDN;
        case "name" -> NAME;
        case "surname" -> SURNAME;
        case "email_address" -> EMAIL_ADDRESS;
        case "dob" -> DOB;
        case "twitter_handle" -> TWITTER_HANDLE;
        case "facebook_id" -> FACEBOOK_ID;
        case "bbm_pin" -> BBM_PIN;
        case "gtalk_id" -> GTALK_ID;
        case "mxit_id" -> MXIT_ID;
        case "wechat_id" -> WECHAT_ID;
        case "user_account" -> USER_ACCOUNT;
        case "created_at" -> CREATED_AT;
        case "groups" -> GROUPS;
        case "extra" -> EXTRA;
        case "subscription" -> SUBSCRIPTION;
        case "$VERSION" -> VERSION;
        default -> -1;
      };
    }

    /** As {@link Wire#text}: absent or null is null; anything but a string is refused. */
    @Nullable String text(int field) {
      JsonToken token = tokens[field];
      if (token == null || token == JsonToken.VALUE_NULL) {
        return null;
      }
      if (token != JsonToken.VALUE_STRING) {
        throw Wire.notA(NAMES[field], "a string", type(token));
      }
      return (String) values[field];
    }

    /** As {@link Wire#requiredText}. */
    String requiredText(int field) {
      String value = text(field);
      if (value == null || value.isEmpty()) {
        throw Wire.missing(NAMES[field]);
      }
      return value;
    }

    /** As {@link Wire#texts}. */
    @SuppressWarnings("unchecked")
    List<String> texts(int field) {
      JsonToken token = tokens[field];
      if (token == null || token == JsonToken.VALUE_NULL) {
        return List.of();
      }
      if (token != JsonToken.START_ARRAY) {
        throw Wire.notA(NAMES[field], "an array", type(token));
      }
      if (badGroup != null) {
        throw Wire.notOnlyStrings(NAMES[field], badGroup);
      }
      return (List<String>) values[field];
    }

    /** As {@link Wire#strings}. */
    @SuppressWarnings("unchecked")
    Map<String, @Nullable String> strings(int field) {
      JsonToken token = tokens[field];
      if (token == null || token == JsonToken.VALUE_NULL) {
        return Map.of();
      }
      if (token != JsonToken.START_OBJECT) {
        throw Wire.notA(NAMES[field], "an object", type(token));
      }
      return (Map<String, @Nullable String>) values[field];
    }
  }
}
