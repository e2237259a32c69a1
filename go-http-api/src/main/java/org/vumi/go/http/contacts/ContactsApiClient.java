package org.vumi.go.http.contacts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.Api;
import org.vumi.go.http.ClientBuilder;
import org.vumi.go.http.internal.Answer;
import org.vumi.go.http.internal.ApiRequest;
import org.vumi.go.http.internal.Checks;
import org.vumi.go.http.internal.ClientSettings;
import org.vumi.go.http.internal.Engine;
import org.vumi.go.http.internal.JsonCodec;
import org.vumi.go.http.internal.Text;
import org.vumi.go.http.internal.Urls;

/**
 * Vumi Go's contacts and groups API: the Java port of the Python {@code go_http.contacts.ContactsApiClient}.
 *
 * <pre>{@code
 * ContactsApiClient contacts = new ContactsApiClient("api-token");
 * Group friends = contacts.createGroup(Map.of("name", "Friends"));
 * Contact arthur = contacts.createContact(Map.of("msisdn", "+27831234567", "name", "Arthur",
 *     "groups", List.of(friends.key())));
 * try (Stream<Contact> members = contacts.groupContacts(friends.key())) {
 *   members.forEach(member -> System.out.println(member.msisdn()));
 * }
 * }</pre>
 *
 * <p>Every request goes to {@code <apiUrl>/contacts/...} or {@code <apiUrl>/groups/...} with
 * {@code Authorization: Bearer <token>}; every key and cursor is percent-encoded as one path segment
 * or query parameter (the Python client sends them raw, which breaks on {@code +}, {@code /} and {@code &}).
 *
 * <p><b>Retries.</b> Reads ({@code GET}), deletes and updates ({@code PUT}, a partial update whose
 * replay leaves the same state) are retried after a connection failure or a 502/503/504, as
 * {@link RetryPolicy} says. Creating a contact or group is sent at most once: after a failure
 * where the server may have got it, the caller gets the exception and decides, as a replay could
 * create a duplicate.
 *
 * <p><b>Errors.</b> Every refusal is an {@link org.vumi.go.http.HttpApiException} with the server's
 * {@code status_code} and {@code reason}: 404 for an unknown key, 400 for a lookup that finds no
 * contact (as the server answers), 401/403 for a missing or unknown token. No answer is a
 * {@link org.vumi.go.http.TransportException}. A stream's page that fails is a {@link PagedException}.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ContactsApiClient implements AutoCloseable {
  /** Vumi Go's production endpoint, used when no {@code apiUrl} is given. */
  public static final String DEFAULT_API_URL = "https://go.vumi.org/api/v1/go";
  /**
   * The largest page answer read: the server's page size is its own setting, so the bound is
   * generous (a thousand contacts of 16 KiB each) and still small for a heap.
   */
  public static final long MAX_PAGE_BYTES = 16L * 1024 * 1024;
  /** The largest answer for one contact or group read. */
  public static final long MAX_OBJECT_BYTES = ApiRequest.DEFAULT_ANSWER_LIMIT;

  private final Builder settings;
  private final Engine engine;
  private final HttpUrl contactsUrl;
  private final HttpUrl groupsUrl;

  /**
   * Makes a client for Vumi Go's production endpoint.
   *
   * @param authToken the account's API token (sent as {@code Authorization: Bearer <token>}); printable ASCII
   * @throws NullPointerException if the token is null
   * @throws IllegalArgumentException if the token is blank or not printable ASCII
   */
  public ContactsApiClient(String authToken) {
    this(builder(authToken));
  }

  /**
   * Makes a client, as the Python client's constructor does; {@link #builder} offers more settings.
   *
   * @param authToken the account's API token; printable ASCII
   * @param apiUrl the API's base URL, or null for {@link #DEFAULT_API_URL}
   * @param client the HTTP client to send with, or null for a shared default
   * @throws NullPointerException if the token is null
   * @throws IllegalArgumentException if the token is blank or not printable ASCII, or {@code apiUrl} is malformed
   */
  public ContactsApiClient(String authToken, @Nullable String apiUrl, @Nullable OkHttpClient client) {
    this(builder(authToken).apiUrl(apiUrl).client(client));
  }

  private ContactsApiClient(Builder builder) {
    this.settings = builder.copy();
    this.contactsUrl = Urls.endpoint(ClientSettings.of(builder).apiUrl(), "contacts", "");
    this.groupsUrl = Urls.endpoint(ClientSettings.of(builder).apiUrl(), "groups", "");
    this.engine = ClientSettings.of(builder).engine("Bearer " + builder.authToken, Api.CONTACTS, ContactsApiClient.class);
  }

  /**
   * Returns a builder for a client with settings beyond the constructors'.
   *
   * @param authToken the account's API token; printable ASCII
   * @return a builder with the defaults
   * @throws NullPointerException if the token is null
   * @throws IllegalArgumentException if the token is blank or not printable ASCII
   */
  public static Builder builder(String authToken) {
    return new Builder(authToken);
  }

  // ---------------------------------------------------------------- contacts

  /**
   * Returns all the account's contacts, in the server's order (by key), fetching each page only
   * when the stream reaches it: nothing is sent before the stream is consumed, and only one page is
   * held at a time. A page that fails throws a {@link PagedException} whose
   * {@link PagedException#cursor()} resumes there.
   *
   * @return a sequential stream; close it, or consume it, when done
   */
  public Stream<Contact> contacts() {
    return contacts(null);
  }

  /**
   * Returns the account's contacts from a page on, as {@link #contacts()} does.
   *
   * @param startCursor a cursor from a page ({@link ContactPage#cursor()}) or a {@link PagedException},
   *     or null for the first page
   * @return a sequential stream
   * @throws IllegalArgumentException if the cursor is blank or has control characters
   */
  public Stream<Contact> contacts(@Nullable String startCursor) {
    checkCursor(startCursor, "startCursor");
    return stream(new Pager(this::contactsPage, "the contacts", startCursor));
  }

  /**
   * Fetches one page of the account's contacts: what {@link #contacts()} does page by page.
   *
   * @param cursor the page's cursor, or null for the first page
   * @return the page and the cursor of the next
   * @throws org.vumi.go.http.HttpApiException if the server refuses, such as 400 for a cursor it cannot read
   * @throws IOException if there is no answer, or an answer that is not a page
   * @throws IllegalArgumentException if the cursor is blank or has control characters
   */
  public ContactPage contactsPage(@Nullable String cursor) throws IOException {
    checkCursor(cursor, "cursor");
    return engine.execute(pageRequest(withCursor(contactsUrl, cursor)));
  }

  /**
   * Creates a contact. Sent at most once: if it fails after the server may have got it, it is not
   * sent again (it could create a second contact).
   *
   * @param fields the contact's fields, named as the server names them: {@code msisdn} (required),
   *     {@code name}, {@code surname}, {@code email_address}, {@code dob}, {@code created_at},
   *     {@code twitter_handle}, {@code facebook_id}, {@code bbm_pin}, {@code gtalk_id},
   *     {@code mxit_id}, {@code wechat_id} (Strings or null; the timestamps also as
   *     {@code LocalDate}, {@code LocalDateTime} or {@code Instant}), {@code groups} (a collection
   *     of group keys or {@link Group}s), {@code extra} and {@code subscription} (maps of String to
   *     String), {@code user_account} (ignored by the server)
   * @return the contact as created, with its key
   * @throws org.vumi.go.http.HttpApiException if the server refuses it (400, with the field's problem)
   * @throws IOException if there is no answer, or an answer that is not a contact
   * @throws IllegalArgumentException if {@code fields} has another key (such as {@code key} or
   *     {@code $VERSION}), a value of the wrong type, or no {@code msisdn}; nothing is sent
   * @throws NullPointerException if {@code fields} is null
   */
  public Contact createContact(Map<String, ?> fields) throws IOException {
    byte[] body = Fields.contactBody(fields, "fields", true);
    return engine.execute(objectRequest("POST", contactsUrl, body, false, Contact::read, "a contact"));
  }

  /**
   * Fetches a contact.
   *
   * @param key the contact's key
   * @return the contact
   * @throws org.vumi.go.http.HttpApiException 404 if there is no such contact
   * @throws IOException if there is no answer, or an answer that is not a contact
   * @throws IllegalArgumentException if the key is blank, {@code .} or {@code ..}, or has control characters
   * @throws NullPointerException if the key is null
   */
  public Contact getContact(String key) throws IOException {
    return engine.execute(objectRequest("GET", contactUrl(key), null, true, Contact::read, "a contact"));
  }

  /**
   * Finds the contact with an address, as {@code GET /contacts/?query=<field>=<value>}. The server
   * returns one contact, the newest, when several match; it adds a {@code +} in front of an
   * {@code msisdn} that has none.
   *
   * @param field one of {@code msisdn}, {@code twitter_handle}, {@code facebook_id}, {@code bbm_pin},
   *     {@code gtalk_id}, {@code mxit_id}, {@code wechat_id}
   * @param value the address, such as {@code +27831234567}
   * @return the contact
   * @throws org.vumi.go.http.HttpApiException 400 (not 404: that is the server's answer) if no contact has it
   * @throws IOException if there is no answer, or an answer that is not a page with a contact
   * @throws IllegalArgumentException if the field is not an address field, or the value is blank,
   *     has {@code =}, control characters, or whitespace at either end (which the server would drop)
   * @throws NullPointerException if an argument is null
   */
  public Contact getContactByField(String field, String value) throws IOException {
    HttpUrl url = contactsUrl.newBuilder().addQueryParameter("query", Fields.query(field, value)).build();
    return engine.execute(new ApiRequest<>("GET", url, null, true, MAX_PAGE_BYTES, answer -> {
      ContactPage page = read(answer, ContactPage::read, "a page with the contact found");
      if (page.contacts().isEmpty()) {
        throw answer.unexpected("a page with the contact found");
      }
      return page.contacts().get(0);
    }));
  }

  /**
   * Changes some of a contact's fields: only the fields given change; {@code groups} are added to
   * the contact's groups (none is removed); {@code extra} and {@code subscription} replace the whole
   * map. Retried as a read is: sending the same changes again leaves the same contact.
   *
   * @param key the contact's key
   * @param changes the fields to change, as {@link #createContact} takes them ({@code msisdn} not null)
   * @return the contact as updated
   * @throws org.vumi.go.http.HttpApiException 404 if there is no such contact; 400 for a value the server refuses
   * @throws IOException if there is no answer, or an answer that is not a contact
   * @throws IllegalArgumentException if the key is not a key, or {@code changes} has another key
   *     (such as {@code key} or {@code $VERSION}) or a value of the wrong type; nothing is sent
   * @throws NullPointerException if an argument is null
   */
  public Contact updateContact(String key, Map<String, ?> changes) throws IOException {
    HttpUrl url = contactUrl(key);
    byte[] body = Fields.contactBody(changes, "changes", false);
    return engine.execute(objectRequest("PUT", url, body, true, Contact::read, "a contact"));
  }

  /**
   * Deletes a contact. Retried as a read is; if a retry follows an attempt the server did process,
   * it answers 404 ({@link org.vumi.go.http.HttpApiException#attempts()} is then above 1).
   *
   * @param key the contact's key
   * @return the contact as it was
   * @throws org.vumi.go.http.HttpApiException 404 if there is no such contact
   * @throws IOException if there is no answer, or an answer that is not a contact
   * @throws IllegalArgumentException if the key is blank, {@code .} or {@code ..}, or has control characters
   * @throws NullPointerException if the key is null
   */
  public Contact deleteContact(String key) throws IOException {
    return engine.execute(objectRequest("DELETE", contactUrl(key), null, true, Contact::read, "a contact"));
  }

  // ---------------------------------------------------------------- groups

  /**
   * Creates a group. Sent at most once, as {@link #createContact} is.
   *
   * @param fields {@code name} (required, a String), {@code query} (a search such as
   *     {@code msisdn:+12345} for a smart group, or null for a static one), {@code created_at},
   *     {@code user_account} (ignored by the server)
   * @return the group as created, with its key
   * @throws org.vumi.go.http.HttpApiException if the server refuses it
   * @throws IOException if there is no answer, or an answer that is not a group
   * @throws IllegalArgumentException if {@code fields} has another key (such as {@code key}), a
   *     value of the wrong type, or no {@code name}; nothing is sent
   * @throws NullPointerException if {@code fields} is null
   */
  public Group createGroup(Map<String, ?> fields) throws IOException {
    byte[] body = Fields.groupBody(fields, "fields", true);
    return engine.execute(objectRequest("POST", groupsUrl, body, false, Group::read, "a group"));
  }

  /**
   * Fetches a group.
   *
   * @param key the group's key
   * @return the group
   * @throws org.vumi.go.http.HttpApiException 404 if there is no such group
   * @throws IOException if there is no answer, or an answer that is not a group
   * @throws IllegalArgumentException if the key is blank, {@code .} or {@code ..}, or has control characters
   * @throws NullPointerException if the key is null
   */
  public Group getGroup(String key) throws IOException {
    return engine.execute(objectRequest("GET", groupUrl(key), null, true, Group::read, "a group"));
  }

  /**
   * Changes a group's {@code name}, {@code query} or {@code created_at}. Retried as a read is.
   *
   * @param key the group's key
   * @param changes the fields to change, as {@link #createGroup} takes them
   * @return the group as updated
   * @throws org.vumi.go.http.HttpApiException 404 if there is no such group; 400 for a value the server refuses
   * @throws IOException if there is no answer, or an answer that is not a group
   * @throws IllegalArgumentException if the key is not a key, or {@code changes} has another key or a
   *     value of the wrong type; nothing is sent
   * @throws NullPointerException if an argument is null
   */
  public Group updateGroup(String key, Map<String, ?> changes) throws IOException {
    HttpUrl url = groupUrl(key);
    byte[] body = Fields.groupBody(changes, "changes", false);
    return engine.execute(objectRequest("PUT", url, body, true, Group::read, "a group"));
  }

  /**
   * Deletes a group. Its key stays in its members' {@link Contact#groups()} (the server does not
   * remove it). Retried as {@link #deleteContact} is.
   *
   * @param key the group's key
   * @return the group as it was
   * @throws org.vumi.go.http.HttpApiException 404 if there is no such group
   * @throws IOException if there is no answer, or an answer that is not a group
   * @throws IllegalArgumentException if the key is blank, {@code .} or {@code ..}, or has control characters
   * @throws NullPointerException if the key is null
   */
  public Group deleteGroup(String key) throws IOException {
    return engine.execute(objectRequest("DELETE", groupUrl(key), null, true, Group::read, "a group"));
  }

  /**
   * Returns a group's contacts, as {@link #contacts()} returns all: its static members, then (for a
   * smart group) the contacts its query finds; a contact that is both comes twice. An unknown group
   * has no contacts (the server does not refuse it).
   *
   * @param groupKey the group's key
   * @return a sequential stream
   * @throws IllegalArgumentException if the key is blank, {@code .} or {@code ..}, or has control characters
   * @throws NullPointerException if the key is null
   */
  public Stream<Contact> groupContacts(String groupKey) {
    return groupContacts(groupKey, null);
  }

  /**
   * Returns a group's contacts from a page on, as {@link #groupContacts(String)} does.
   *
   * @param groupKey the group's key
   * @param startCursor a cursor from a page of this group or a {@link PagedException}, or null for the first page
   * @return a sequential stream
   * @throws IllegalArgumentException if the key is not a key, or the cursor is blank or has control characters
   * @throws NullPointerException if the key is null
   */
  public Stream<Contact> groupContacts(String groupKey, @Nullable String startCursor) {
    HttpUrl url = groupContactsUrl(groupKey);
    checkCursor(startCursor, "startCursor");
    return stream(new Pager(cursor -> engine.execute(pageRequest(withCursor(url, cursor))),
        "the contacts of group " + Text.quote(groupKey), startCursor));
  }

  /**
   * Fetches one page of a group's contacts: what {@link #groupContacts(String)} does page by page.
   *
   * @param groupKey the group's key
   * @param cursor the page's cursor, or null for the first page
   * @return the page and the cursor of the next
   * @throws org.vumi.go.http.HttpApiException if the server refuses, such as 400 for a cursor it cannot read
   * @throws IOException if there is no answer, or an answer that is not a page
   * @throws IllegalArgumentException if the key is not a key, or the cursor is blank or has control characters
   * @throws NullPointerException if the key is null
   */
  public ContactPage groupContactsPage(String groupKey, @Nullable String cursor) throws IOException {
    HttpUrl url = groupContactsUrl(groupKey);
    checkCursor(cursor, "cursor");
    return engine.execute(pageRequest(withCursor(url, cursor)));
  }

  // ---------------------------------------------------------------- requests

  private HttpUrl contactUrl(String key) {
    return Urls.endpoint(contactsUrl, Checks.requirePathSegment(key, "key"));
  }

  private HttpUrl groupUrl(String key) {
    return Urls.endpoint(groupsUrl, Checks.requirePathSegment(key, "key"));
  }

  private HttpUrl groupContactsUrl(String groupKey) {
    return Urls.endpoint(groupsUrl, Checks.requirePathSegment(groupKey, "groupKey"), "contacts");
  }

  private static void checkCursor(@Nullable String cursor, String parameter) {
    if (cursor != null) {
      Checks.requireName(cursor, parameter);
    }
  }

  private static HttpUrl withCursor(HttpUrl url, @Nullable String cursor) {
    return cursor == null ? url : url.newBuilder().addQueryParameter("cursor", cursor).build();
  }

  private static Stream<Contact> stream(Pager pager) {
    return StreamSupport.stream(pager, false);
  }

  private static ApiRequest<ContactPage> pageRequest(HttpUrl url) {
    return new ApiRequest<>("GET", url, null, true, MAX_PAGE_BYTES,
        answer -> read(answer, ContactPage::read, "a page of contacts"));
  }

  private static <T> ApiRequest<T> objectRequest(String method, HttpUrl url, byte @Nullable [] body,
      boolean idempotent, Function<JsonNode, T> reader, String expected) {
    return new ApiRequest<>(method, url, body, idempotent, MAX_OBJECT_BYTES,
        answer -> read(answer, reader, expected));
  }

  private static <T> T read(Answer answer, Function<JsonNode, T> reader, String expected) throws IOException {
    if (!answer.isSuccessful()) {
      throw answer.refusal();
    }
    try {
      return reader.apply(JsonCodec.readTree(answer.body()));
    } catch (IOException | Malformed e) {
      throw answer.unexpected(expected + " (" + Text.escape(e.getMessage()) + ")");
    }
  }

  /**
   * Returns a builder with this client's settings, to make a client that differs in some.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return settings.copy();
  }

  /**
   * Closes the client: calls made after it fail at once with an {@link IllegalStateException} and
   * send nothing; calls in flight finish as they would, within their deadline. Releases what the
   * library made for it (the shared default HTTP client and the library's threads, once the last
   * client using them is closed); an {@code OkHttpClient} given to the builder stays the caller's.
   * A client handed out by {@link org.vumi.go.http.VumiGo} is that instance's to close: closing it
   * here does nothing. Idempotent.
   */
  @Override
  public void close() {
    if (!ClientSettings.of(settings).owned()) {
      engine.close();
    }
  }

  /**
   * Shows where the client sends; never its token.
   *
   * @return a description such as {@code ContactsApiClient{apiUrl=https://go.vumi.org/api/v1/go, …}}
   */
  @Override
  public String toString() {
    return "ContactsApiClient{apiUrl=" + ClientSettings.of(settings).apiUrl() + ", retryPolicy=" + ClientSettings.of(settings).retryPolicy()
        + ", maxInFlight=" + ClientSettings.of(settings).maxInFlight() + ", deadline=" + ClientSettings.of(settings).deadline() + "}";
  }

  /**
   * Builds a {@link ContactsApiClient}. Every setting has a default; each setter checks its argument at once.
   *
   * <pre>{@code
   * ContactsApiClient contacts = ContactsApiClient.builder(token)
   *     .apiUrl(vumiGo.goApiUrl())
   *     .retryPolicy(RetryPolicy.none())
   *     .deadline(Duration.ofSeconds(20))
   *     .build();
   * }</pre>
   */
  public static final class Builder extends ClientBuilder<Builder, ContactsApiClient> {
    private final String authToken;

    private Builder(String authToken) {
      super(DEFAULT_API_URL, "authToken");
      this.authToken = Checks.requireCredential(authToken, "authToken");
    }

    private Builder copy() {
      return ClientSettings.copy(this, new Builder(authToken));
    }

    /**
     * Returns the client.
     *
     * @return a new client
     */
    @Override
    public ContactsApiClient build() {
      return new ContactsApiClient(this);
    }
  }
}
