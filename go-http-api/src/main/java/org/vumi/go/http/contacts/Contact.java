package org.vumi.go.http.contacts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.JsonCodec;

/**
 * A Vumi Go contact, as the contacts API returns it. Every field of the server's contact object has
 * an accessor; {@link #json()} gives the object itself, with anything a newer server adds.
 *
 * <p>Timestamps ({@link #createdAt()}, {@link #dob()}) are the server's text, such as
 * {@code 2014-07-25 12:44:11.159151} (UTC, no zone), as the Python client gives them.
 *
 * <p>Immutable and safe to share.
 */
public final class Contact {
  /**
   * The object's bytes as the server sent them, for a contact read from a page without a tree
   * ({@link PageReader}); null for one read from a tree.
   */
  private final byte @Nullable [] source;
  /**
   * The object as a tree: the one it was read from, or made from {@link #source} on first use
   * ({@link #json()}, {@link #equals}); making it twice in a race is harmless, as both are equal.
   */
  private volatile @Nullable JsonNode json;
  private final String key;
  private final @Nullable String msisdn;
  private final @Nullable String name;
  private final @Nullable String surname;
  private final @Nullable String emailAddress;
  private final @Nullable String dob;
  private final @Nullable String twitterHandle;
  private final @Nullable String facebookId;
  private final @Nullable String bbmPin;
  private final @Nullable String gtalkId;
  private final @Nullable String mxitId;
  private final @Nullable String wechatId;
  private final List<String> groups;
  private final Map<String, @Nullable String> extra;
  private final Map<String, @Nullable String> subscription;
  private final @Nullable String userAccount;
  private final @Nullable String createdAt;

  /** Reads {@code json}; keeps it as it is, so the caller must not change it afterwards. */
  private Contact(JsonNode json) {
    Wire.object(json, "the contact");
    this.source = null;
    this.json = json;
    this.key = Wire.requiredText(json, "key");
    this.msisdn = Wire.text(json, "msisdn");
    this.name = Wire.text(json, "name");
    this.surname = Wire.text(json, "surname");
    this.emailAddress = Wire.text(json, "email_address");
    this.dob = Wire.text(json, "dob");
    this.twitterHandle = Wire.text(json, "twitter_handle");
    this.facebookId = Wire.text(json, "facebook_id");
    this.bbmPin = Wire.text(json, "bbm_pin");
    this.gtalkId = Wire.text(json, "gtalk_id");
    this.mxitId = Wire.text(json, "mxit_id");
    this.wechatId = Wire.text(json, "wechat_id");
    this.groups = Wire.texts(json, "groups");
    this.extra = Wire.strings(json, "extra");
    this.subscription = Wire.strings(json, "subscription");
    this.userAccount = Wire.text(json, "user_account");
    this.createdAt = Wire.text(json, "created_at");
  }

  /**
   * Takes a contact that {@link PageReader} read field by field, with the tree constructor's checks
   * in its order, so both refuse a malformed contact with the same message.
   *
   * @param source the object's bytes, which nothing else holds: no copy
   */
  Contact(byte[] source, PageReader.Fields fields) {
    this.source = source;
    this.key = fields.requiredText(PageReader.Fields.KEY);
    this.msisdn = fields.text(PageReader.Fields.MSISDN);
    this.name = fields.text(PageReader.Fields.NAME);
    this.surname = fields.text(PageReader.Fields.SURNAME);
    this.emailAddress = fields.text(PageReader.Fields.EMAIL_ADDRESS);
    this.dob = fields.text(PageReader.Fields.DOB);
    this.twitterHandle = fields.text(PageReader.Fields.TWITTER_HANDLE);
    this.facebookId = fields.text(PageReader.Fields.FACEBOOK_ID);
    this.bbmPin = fields.text(PageReader.Fields.BBM_PIN);
    this.gtalkId = fields.text(PageReader.Fields.GTALK_ID);
    this.mxitId = fields.text(PageReader.Fields.MXIT_ID);
    this.wechatId = fields.text(PageReader.Fields.WECHAT_ID);
    this.groups = fields.texts(PageReader.Fields.GROUPS);
    this.extra = fields.strings(PageReader.Fields.EXTRA);
    this.subscription = fields.strings(PageReader.Fields.SUBSCRIPTION);
    this.userAccount = fields.text(PageReader.Fields.USER_ACCOUNT);
    this.createdAt = fields.text(PageReader.Fields.CREATED_AT);
  }

  /** The size of the object in the page it was read from (0 for one read from a tree): what it holds of the page. */
  int sourceBytes() {
    return source == null ? 0 : source.length;
  }

  /** The object as a tree; never handed out (it is shared), only copies of it. */
  private JsonNode tree() {
    JsonNode tree = json;
    if (tree == null) {
      tree = JsonCodec.tree(Objects.requireNonNull(source)); // strict JSON: PageReader checked it as the tree reading does
      json = tree;
    }
    return tree;
  }

  /**
   * Reads a contact object of the API.
   *
   * @param json the object as the server sent it
   * @return the contact
   * @throws IllegalArgumentException if it is not an object with a {@code key}, or a field has the wrong type
   */
  public static Contact parse(JsonNode json) {
    try {
      return new Contact(json == null ? null : json.deepCopy()); // the caller may change theirs
    } catch (Malformed e) {
      throw new IllegalArgumentException("not a contact: " + e.getMessage());
    }
  }

  /** Reads a contact from an answer's tree, which nothing else holds: no copy. */
  static Contact read(JsonNode json) {
    return new Contact(json);
  }

  /**
   * Returns the contact's key, generated by the server (32 hex digits).
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * Returns the contact's MSISDN, such as {@code +27831234567}.
   *
   * @return the MSISDN; null only from a server that does not require one
   */
  public @Nullable String msisdn() {
    return msisdn;
  }

  /**
   * Returns the contact's name.
   *
   * @return the name, or null
   */
  public @Nullable String name() {
    return name;
  }

  /**
   * Returns the contact's surname.
   *
   * @return the surname, or null
   */
  public @Nullable String surname() {
    return surname;
  }

  /**
   * Returns the contact's email address.
   *
   * @return the address, or null
   */
  public @Nullable String emailAddress() {
    return emailAddress;
  }

  /**
   * Returns the contact's date of birth, as the server's text ({@code YYYY-MM-DD HH:MM:SS.ffffff}).
   *
   * @return the date of birth, or null
   */
  public @Nullable String dob() {
    return dob;
  }

  /**
   * Returns the contact's Twitter handle.
   *
   * @return the handle, or null
   */
  public @Nullable String twitterHandle() {
    return twitterHandle;
  }

  /**
   * Returns the contact's Facebook id.
   *
   * @return the id, or null
   */
  public @Nullable String facebookId() {
    return facebookId;
  }

  /**
   * Returns the contact's BBM PIN.
   *
   * @return the PIN, or null
   */
  public @Nullable String bbmPin() {
    return bbmPin;
  }

  /**
   * Returns the contact's Google Talk id.
   *
   * @return the id, or null
   */
  public @Nullable String gtalkId() {
    return gtalkId;
  }

  /**
   * Returns the contact's Mxit id.
   *
   * @return the id, or null
   */
  public @Nullable String mxitId() {
    return mxitId;
  }

  /**
   * Returns the contact's WeChat id.
   *
   * @return the id, or null
   */
  public @Nullable String wechatId() {
    return wechatId;
  }

  /**
   * Returns the keys of the (static) groups the contact is in.
   *
   * @return an unmodifiable list, possibly empty
   */
  public List<String> groups() {
    return groups;
  }

  /**
   * Returns the contact's extra fields. A value the server holds as another JSON type than a string
   * (possible for a contact created with one) is given as its JSON text; {@link #json()} has it as sent.
   *
   * @return an unmodifiable map, possibly empty; a value the server holds as JSON null is null
   */
  public Map<String, @Nullable String> extra() {
    return extra;
  }

  /**
   * Returns the contact's subscriptions, as the extra fields are given.
   *
   * @return an unmodifiable map, possibly empty; a value the server holds as JSON null is null
   */
  public Map<String, @Nullable String> subscription() {
    return subscription;
  }

  /**
   * Returns the account that owns the contact.
   *
   * @return the account's key, or null
   */
  public @Nullable String userAccount() {
    return userAccount;
  }

  /**
   * Returns when the contact was created, as the server's text ({@code YYYY-MM-DD HH:MM:SS.ffffff}, UTC).
   *
   * @return the time, or null
   */
  public @Nullable String createdAt() {
    return createdAt;
  }

  /**
   * Returns the contact object as the server sent it, with every field, also those this class has
   * no accessor for (such as {@code $VERSION}). To send a fetched contact back as changes, leave
   * out {@code key} and {@code $VERSION}: the server refuses them.
   *
   * @return a copy of the object
   */
  public JsonNode json() {
    return tree().deepCopy();
  }

  /**
   * Compares the server's objects.
   *
   * @param other another object
   * @return true if {@code other} is a contact with an equal JSON object
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof Contact that && tree().equals(that.tree());
  }

  @Override
  public int hashCode() {
    return Objects.hash(tree());
  }

  /**
   * Names the contact: its key, MSISDN and name.
   *
   * @return a description such as {@code Contact{key=b149…, msisdn=+12345, name=Arthur}}
   */
  @Override
  public String toString() {
    return "Contact{key=" + key + ", msisdn=" + msisdn + ", name=" + name + "}";
  }
}
