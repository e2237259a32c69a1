package org.vumi.go.http.contacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;
import org.vumi.go.http.internal.JsonCodec;
import org.vumi.go.http.internal.Text;

/**
 * The fields a contact or a group may be sent with, checked before anything is sent: the server
 * refuses any other key (also {@code key} and {@code $VERSION}, which a fetched contact has), and
 * these checks say so naming the key, where the server would only answer 400.
 */
final class Fields {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The Contact model's fields: exactly what the server accepts in a contact's body. */
  static final Set<String> CONTACT_FIELDS = Set.of("user_account", "name", "surname", "email_address", "dob",
      "created_at", "groups", "extra", "subscription", "msisdn", "twitter_handle", "facebook_id", "bbm_pin",
      "gtalk_id", "mxit_id", "wechat_id");
  /** The fields a group's body may have. */
  static final Set<String> GROUP_FIELDS = Set.of("name", "query", "user_account", "created_at");
  /** The fields a contact can be looked up by (the server's address fields). */
  static final Set<String> ADDRESS_FIELDS = Set.of("bbm_pin", "facebook_id", "gtalk_id", "msisdn", "mxit_id",
      "twitter_handle", "wechat_id");

  /** The server's string fields hold at most this many characters ({@code Value u'…' too long (maximum length is 255).}). */
  static final int MAX_FIELD_LENGTH = 255;

  private static final Set<String> TIMESTAMPS = Set.of("dob", "created_at");
  private static final Set<String> STRING_MAPS = Set.of("extra", "subscription");
  /** The server's timestamp format (microseconds, no zone), which its ISO-8601 parser also reads. */
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

  private Fields() {}

  /** A contact's body; on create, {@code msisdn} must be there and not null (the server requires it). */
  static byte[] contactBody(Map<String, ?> fields, String parameter, boolean create) {
    ObjectNode body = body(fields, parameter, CONTACT_FIELDS, "a contact");
    if (create && (!fields.containsKey("msisdn") || fields.get("msisdn") == null)) {
      throw new IllegalArgumentException(parameter + " must have an \"msisdn\" that is not null: the server"
          + " requires one for every contact");
    }
    if (!create && fields.containsKey("msisdn") && fields.get("msisdn") == null) {
      throw new IllegalArgumentException(parameter + ".msisdn must not be null: every contact has an MSISDN");
    }
    return bytes(body);
  }

  /** A group's body; on create, {@code name} must be there; never null. */
  static byte[] groupBody(Map<String, ?> fields, String parameter, boolean create) {
    ObjectNode body = body(fields, parameter, GROUP_FIELDS, "a group");
    if (create && !fields.containsKey("name")) {
      throw new IllegalArgumentException(parameter + " must have a \"name\": the server requires one for every group");
    }
    if (fields.containsKey("name") && fields.get("name") == null) {
      throw new IllegalArgumentException(parameter + ".name must not be null: every group has a name");
    }
    return bytes(body);
  }

  private static ObjectNode body(Map<String, ?> fields, String parameter, Set<String> allowed, String what) {
    Checks.requireNonNull(fields, parameter);
    Set<String> unknown = new TreeSet<>();
    for (Object key : fields.keySet()) {
      if (key == null) {
        throw new NullPointerException(parameter + " must not have a null key");
      }
      if (!allowed.contains(key)) {
        unknown.add(Text.quote(String.valueOf(key)));
      }
    }
    if (!unknown.isEmpty()) {
      String hint = fields.containsKey("key") || fields.containsKey("$VERSION")
          ? " (to send back what was fetched, leave out \"key\" and \"$VERSION\": the server refuses them)" : "";
      throw new IllegalArgumentException(parameter + " has keys " + what + " cannot have: "
          + String.join(", ", unknown) + hint + "; allowed: " + String.join(", ", new TreeSet<>(allowed)));
    }
    ObjectNode body = NODES.objectNode();
    for (Map.Entry<String, ?> entry : fields.entrySet()) {
      String name = entry.getKey();
      String where = parameter + "." + name;
      Object value = entry.getValue();
      if (name.equals("groups")) {
        body.set(name, groupKeys(value, where));
      } else if (STRING_MAPS.contains(name)) {
        body.set(name, stringMap(value, where));
      } else if (TIMESTAMPS.contains(name) && !(value instanceof String)) {
        body.put(name, timestamp(value, where));
      } else {
        body.put(name, string(value, where));
      }
    }
    return body;
  }

  private static @Nullable String string(@Nullable Object value, String where) {
    if (value != null && !(value instanceof String)) {
      throw new IllegalArgumentException(where + " must be a String or null, but was " + kind(value));
    }
    return value == null ? null : Checks.requireWellFormed((String) value, where);
  }

  private static @Nullable String timestamp(@Nullable Object value, String where) {
    if (value == null) {
      return null;
    }
    if (value instanceof LocalDateTime time) {
      return TIMESTAMP.format(time);
    }
    if (value instanceof LocalDate date) {
      return TIMESTAMP.format(date.atStartOfDay());
    }
    if (value instanceof Instant instant) {
      return TIMESTAMP.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
    throw new IllegalArgumentException(where + " must be a String (ISO 8601), LocalDate, LocalDateTime, Instant"
        + " or null, but was " + kind(value));
  }

  private static ArrayNode groupKeys(@Nullable Object value, String where) {
    if (!(value instanceof Collection<?> keys)) {
      throw new IllegalArgumentException(where + " must be a collection of group keys (String or Group), but was "
          + kind(value));
    }
    ArrayNode array = NODES.arrayNode(keys.size());
    int i = 0;
    for (Object item : keys) {
      String key = item instanceof Group group ? group.key() : item instanceof String text ? text : null;
      if (key == null) {
        throw new IllegalArgumentException(where + "[" + i + "] must be a group key (String) or a Group, but was "
            + kind(item));
      }
      array.add(Checks.requireName(key, where + "[" + i + "]"));
      i++;
    }
    return array;
  }

  private static ObjectNode stringMap(@Nullable Object value, String where) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(where + " must be a Map of String to String (the server replaces the"
          + " whole map; an empty map clears it), but was " + kind(value));
    }
    ObjectNode object = NODES.objectNode();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String name)) {
        throw new IllegalArgumentException(where + " must have String keys, but has "
            + kind(entry.getKey()));
      }
      if (!(entry.getValue() instanceof String text)) {
        // The server stores only strings here (it refuses others on update).
        throw new IllegalArgumentException(where + "." + name + " must be a String, but was "
            + kind(entry.getValue()));
      }
      object.put(Checks.requireWellFormed(name, where + " key"), Checks.requireWellFormed(text, where + "." + name));
    }
    return object;
  }

  /** Names a value's type for a message: "null", "a List", "an Integer". */
  static String kind(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    String name = value instanceof List ? "List" : value instanceof Set ? "Set" : value instanceof Map ? "Map"
        : value.getClass().getSimpleName();
    return ("AEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
  }

  private static byte[] bytes(ObjectNode body) {
    try {
      return JsonCodec.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always writes", e);
    }
  }

  /** Checks a lookup: the field is an address field, and the value survives the server's parsing. */
  static String query(String field, String value) {
    Checks.requireNonNull(field, "field");
    if (!ADDRESS_FIELDS.contains(field)) {
      throw new IllegalArgumentException("field must be one of " + List.copyOf(new TreeSet<>(ADDRESS_FIELDS))
          + ", but was " + Text.quote(field));
    }
    Checks.requireName(value, "value");
    Checks.requireMaxLength(value, "value", MAX_FIELD_LENGTH, "the longest the server stores");
    if (value.indexOf('=') >= 0) {
      // The server splits "field=value" at every '=' and refuses more than two parts.
      throw new IllegalArgumentException("value must not contain '=': the server cannot look it up, but was "
          + Text.quote(value));
    }
    if (!value.equals(value.strip())) {
      throw new IllegalArgumentException("value must not start or end with whitespace (the server strips it),"
          + " but was " + Text.quote(value));
    }
    return field + "=" + value;
  }

  /**
   * The server's reason when a lookup finds no contact, exactly: {@code Object u'Contact with
   * <field> <value>' not found.}, the value as the server normalises it (an {@code msisdn} gets one
   * leading {@code +}) in a Python 2 {@code repr} of unicode; as a wide build and a narrow one
   * write it, which differ only past U+FFFF.
   */
  static List<String> notFoundReasons(String field, String value) {
    String normalised = field.equals("msisdn") ? "+" + value.replaceFirst("^\\++", "") : value;
    String text = "Contact with " + field + " " + normalised;
    return List.of("Object " + Text.pythonRepr(text, true) + " not found.", "Object " + Text.pythonRepr(text, false)
        + " not found.");
  }
}
