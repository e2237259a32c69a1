package org.vumi.go.http.contacts;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
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
 * time here, and a tree of a thousand contacts costs about four times the parsing itself. Each
 * contact keeps the bytes of its own object, from which {@link Contact#json()} makes the tree when
 * asked.
 *
 * <p>It accepts and refuses exactly what reading the page as a strict tree ({@link JsonCodec#readTree})
 * and then each contact with {@link Contact#parse} would: a body that is not one JSON document, or
 * that repeats a key in any object, is an {@link IOException}; a page or contact of the wrong shape is
 * a {@link Malformed} naming the first problem in the order the tree reading finds them, and only
 * once the whole body is known to be JSON. Repeated keys are found without a hash set per object
 * (the parser's own check makes one for every object): a bit per known field, and the parser's check
 * only inside values nobody reads field by field.
 */
final class PageReader {
  private PageReader() {}

  /** Made on first use: only a non-string value in {@code extra} or {@code subscription} needs a tree. */
  private static final class Trees {
    /** Reads one value in the middle of a document, so the trailing-token check is off. */
    static final ObjectReader VALUE = JsonCodec.mapper().readerFor(JsonNode.class)
        .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * Reads a page.
   *
   * @param body the answer's bytes
   * @return the page
   * @throws IOException if the body is not exactly one JSON document without repeated keys
   * @throws Malformed if it is, but not a page of contacts
   */
  static ContactPage read(byte[] body) throws IOException {
    try (JsonParser parser = JsonCodec.FACTORY.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IOException("no JSON document");
      }
      if (first != JsonToken.START_OBJECT) {
        skipStrictly(parser);
        JsonCodec.requireEnd(parser);
        throw new Malformed("the page is not a JSON object");
      }
      Set<String> names = new HashSet<>(4);
      boolean hasCursor = false;
      @Nullable String cursor = null;
      @Nullable JsonToken cursorToken = null;
      @Nullable List<Contact> contacts = null;
      @Nullable Malformed badContact = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        if (!names.add(name)) {
          throw duplicate(parser, name);
        }
        JsonToken value = parser.nextToken();
        if (name.equals("cursor")) {
          hasCursor = true;
          cursorToken = value;
          cursor = value == JsonToken.VALUE_STRING ? parser.getText() : null;
          skipStrictly(parser);
        } else if (name.equals("data") && value == JsonToken.START_ARRAY) {
          contacts = new ArrayList<>();
          for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
            try {
              if (item != JsonToken.START_OBJECT) {
                skipStrictly(parser);
                throw new Malformed("the contact is not a JSON object");
              }
              contacts.add(contact(parser, body));
            } catch (Malformed e) {
              badContact = badContact == null ? e : badContact; // reported once the whole body is known to be JSON
            }
          }
        } else {
          skipStrictly(parser);
        }
      }
      JsonCodec.requireEnd(parser);
      // The tree reading's order: the data array, the cursor, then each contact in turn.
      if (contacts == null) {
        throw new Malformed("the page has no \"data\" array");
      }
      if (!hasCursor) {
        throw new Malformed("the page has no \"cursor\"");
      }
      if (cursorToken != JsonToken.VALUE_STRING && cursorToken != JsonToken.VALUE_NULL) {
        throw Wire.notA("cursor", "a string", type(cursorToken));
      }
      if (badContact != null) {
        throw badContact;
      }
      return new ContactPage(contacts, cursor);
    }
  }

  /** Reads the contact object the parser is at, and leaves it on the object's end. */
  private static Contact contact(JsonParser parser, byte[] body) throws IOException {
    int start = Math.toIntExact(parser.currentTokenLocation().getByteOffset());
    Fields fields = new Fields();
    int seen = 0;
    Set<String> others = null;
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
      if (field >= 0) {
        fields.tokens[field] = value;
        if (value == JsonToken.VALUE_STRING && field < Fields.GROUPS) {
          fields.values[field] = parser.getText();
        } else if (value == JsonToken.START_ARRAY && field == Fields.GROUPS) {
          fields.values[field] = strings(parser, fields);
        } else if (value == JsonToken.START_OBJECT && (field == Fields.EXTRA || field == Fields.SUBSCRIPTION)) {
          fields.values[field] = map(parser, name);
        } else {
          skipStrictly(parser);
        }
      } else {
        skipStrictly(parser);
      }
    }
    int end = Math.toIntExact(parser.currentTokenLocation().getByteOffset()) + 1;
    return new Contact(Arrays.copyOfRange(body, start, end), fields);
  }

  /** The items of an array, all strings; the first that is not is noted in {@code fields}. */
  private static List<String> strings(JsonParser parser, Fields fields) throws IOException {
    List<String> items = new ArrayList<>();
    for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
      if (item == JsonToken.VALUE_STRING) {
        items.add(parser.getText());
      } else {
        fields.badGroup = fields.badGroup == null ? type(item) : fields.badGroup;
        skipStrictly(parser);
      }
    }
    return Collections.unmodifiableList(items);
  }

  /** An object's values as strings: a string as it is, null as null, anything else as its JSON text. */
  private static Map<String, @Nullable String> map(JsonParser parser, String field) throws IOException {
    Map<String, @Nullable String> values = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      if (values.containsKey(name)) {
        throw duplicate(parser, name);
      }
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING) {
        values.put(name, parser.getText());
      } else if (value == JsonToken.VALUE_NULL) {
        values.put(name, null);
      } else {
        values.put(name, treeText(parser));
      }
    }
    return Collections.unmodifiableMap(values);
  }

  /** The JSON text of the value the parser is at, exactly as the tree's {@code toString()} gives it. */
  private static String treeText(JsonParser parser) throws IOException {
    parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    try {
      return Trees.VALUE.<JsonNode>readValue(parser).toString();
    } finally {
      parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
  }

  /**
   * Skips the value the parser is at, with the parser's own check for repeated keys inside it (turned
   * on for this value only: it costs a hash set per object).
   */
  private static void skipStrictly(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      try {
        parser.skipChildren();
      } finally {
        parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      }
    }
  }

  /** The parser's own exception for a repeated key. */
  private static JsonParseException duplicate(JsonParser parser, String name) {
    return new JsonParseException(parser, "Duplicate field '" + name + "'");
  }

  /** The tree's name for the type of a value that starts with {@code token}. */
  static JsonNodeType type(@Nullable JsonToken token) {
    if (token == null) {
      return JsonNodeType.MISSING;
    }
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
