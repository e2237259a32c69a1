package org.vumi.go.http.contacts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p><b>Not there.</b> What is not there is no error: {@link #getContact}, {@link #getGroup} and
 * {@link #getContactByField} return an empty {@link Optional}, and so do {@link #deleteContact} and
 * {@link #deleteGroup} (the library's one rule: a get or a delete of one thing answers "not there"
 * with an empty {@code Optional}). Only the API's own "not found" counts: a 404 from whatever
 * answers at a wrong {@code apiUrl} stays an error.
 *
 * <p><b>Errors.</b> Every refusal is an {@link org.vumi.go.http.HttpApiException} with the server's
 * {@code status_code} and {@code reason}: 404 for an update of an unknown key, 400 for a value the
 * server refuses, 401/403 for a missing or unknown token. No answer is a
 * {@link org.vumi.go.http.TransportException}. A stream's page that fails is a {@link PagedException}.
 *
 * <p><b>What ends a paged stream.</b> A stream ({@link #contacts()}, {@link #groupContacts(String)})
 * always ends: normally at the page whose cursor is null; early when the caller closes it or stops
 * taking contacts (nothing more is fetched); with a {@link PagedException} when a page fails (its
 * {@link PagedException#cursor()} resumes there) or when the server's answers make no sense: a page
 * that names as the next page a cursor this stream has already fetched (so it would go round for
 * ever), or {@link #MAX_EMPTY_PAGES} empty pages in a row that each name another. Those two end it
 * with an {@link org.vumi.go.http.UnexpectedResponseException} as the cause, naming the cursors;
 * nothing was written. A stream remembers the cursors it fetched as hashes, the first 100,000 of
 * them exactly (a few MiB at most); after those it needs constant memory and still catches a cycle,
 * within about twice the pages fetched before it closed.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ContactsApiClient implements AutoCloseable {
  /** Vumi Go's production endpoint, used when no {@code apiUrl} is given. */
  public static final String DEFAULT_API_URL = "https://go.vumi.org/api/v1/go";
  /**
   * The largest page answer read: the server's page size is its own setting, so the bound is
   * generous (a thousand contacts of 16 KiB each). A stream holds a page as these bytes and reads
   * it contact by contact; only {@link #contactsPage} holds a page's contacts whole.
   */
  public static final long MAX_PAGE_BYTES = 16L * 1024 * 1024;
  /**
   * The most empty pages in a row that a stream follows: the real server may answer one empty page
   * (after an exactly full last page), never a long run, so the {@value}th empty page in a row that
   * names another ends the stream with a {@link PagedException} rather than follow a server that
   * would page on for ever.
   */
  public static final int MAX_EMPTY_PAGES = 100;
  /**
   * The longest key sent: Vumi Go's contact and group keys are 32 hex digits, so a longer one is a
   * mistake, refused before it becomes a URL of that length.
   */
  public static final int MAX_KEY_LENGTH = 256;
  /**
   * The most JSON tokens (each value, field name and bracket) of what is held whole: a contact, a
   * group, or a page that {@link #contactsPage} returns. A tree costs up to about 70 bytes of heap
   * a token, so this bounds one such result near 17 MiB, where the byte bounds alone would allow
   * hundreds; a stream holds one contact at a time, each within this bound.
   */
  public static final long MAX_RESULT_TOKENS = 250_000;
  /** The largest answer for one contact or group read, and the largest contact of a page. */
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
   * {@link PagedException#cursor()} resumes there; see the class's "what ends a paged stream".
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
    // The server's own cursors are followed as they are: the check is for the caller's.
    return stream(new Pager(
        cursor -> engine.execute(streamedPageRequest(withCursor(contactsUrl, cursor)).named("contacts")),
        "the contacts", startCursor));
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
    return engine.execute(pageRequest(withCursor(contactsUrl, cursor)).named("contactsPage"));
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
    return engine.execute(objectRequest("POST", contactsUrl, body, false, Contact::read, "a contact")
        .named("createContact"));
  }

  /**
   * Fetches a contact.
   *
   * @param key the contact's key
   * @return the contact, or empty when there is none (the server's 404 {@code Contact '<key>' not found.})
   * @throws org.vumi.go.http.HttpApiException for any other refusal, such as a 404 that is not the
   *     API's own (a wrong {@code apiUrl})
   * @throws IOException if there is no answer, or an answer that is not a contact
   * @throws IllegalArgumentException if the key is blank, {@code .} or {@code ..}, has control
   *     characters, or is longer than {@link #MAX_KEY_LENGTH}
   * @throws NullPointerException if the key is null
   */
  public Optional<Contact> getContact(String key) throws IOException {
    return engine.execute(optionalRequest("GET", contactUrl(key), Contact::read, "a contact", "Contact ")
        .named("getContact"));
  }

  /**
   * Finds the contact with an address, as {@code GET /contacts/?query=<field>=<value>}. The server
   * returns one contact, the newest, when several match; it adds a {@code +} in front of an
   * {@code msisdn} that has none.
   *
   * @param field one of {@code msisdn}, {@code twitter_handle}, {@code facebook_id}, {@code bbm_pin},
   *     {@code gtalk_id}, {@code mxit_id}, {@code wechat_id}
   * @param value the address, such as {@code +27831234567}
   * @return the contact, or empty when no contact has it: the server's 400 (not 404) whose reason is
   *     exactly {@code Object u'Contact with <field> <value>' not found.}, the value as the server
   *     normalises it
   * @throws org.vumi.go.http.HttpApiException for any other refusal, such as another 400
   * @throws IOException if there is no answer, or an answer that is not a page with a contact
   * @throws IllegalArgumentException if the field is not an address field, or the value is blank,
   *     longer than 255 characters, has {@code =}, control characters, or whitespace at either end
   *     (which the server would drop)
   * @throws NullPointerException if an argument is null
   */
  public Optional<Contact> getContactByField(String field, String value) throws IOException {
    HttpUrl url = contactsUrl.newBuilder().addQueryParameter("query", Fields.query(field, value)).build();
    List<String> notFound = Fields.notFoundReasons(field, value);
    return engine.execute(new ApiRequest<Optional<Contact>>("GET", url, null, true, MAX_PAGE_BYTES, answer -> {
      if (answer.code() == 400) {
        String reason = answer.reason();
        if (reason != null && notFound.contains(reason)) {
          return Optional.empty();
        }
      }
      Contact found = read(answer, Pages::first, "a page with the contact found");
      if (found == null) {
        throw answer.unexpected("a page with the contact found");
      }
      return Optional.of(found);
    }).named("getContactByField"));
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
    return engine.execute(objectRequest("PUT", url, body, true, Contact::read, "a contact").named("updateContact"));
  }

  /**
   * Deletes a contact. Retried as a read is: a retry after an attempt whose answer was lost, but
   * which the server did process, finds no contact; that is the success asked for, so it is
   * empty too.
   *
   * @param key the contact's key
   * @return the contact as it was; empty when there was none, or when an earlier attempt, whose
   *     answer was lost, deleted it (the server's 404 {@code Contact '<key>' not found.})
   * @throws org.vumi.go.http.HttpApiException for any other refusal, such as a 404 that is not the API's own
   * @throws IOException if there is no answer, or an answer that is not a contact
   * @throws IllegalArgumentException if the key is blank, {@code .} or {@code ..}, has control
   *     characters, or is longer than {@link #MAX_KEY_LENGTH}
   * @throws NullPointerException if the key is null
   */
  public Optional<Contact> deleteContact(String key) throws IOException {
    return engine.execute(optionalRequest("DELETE", contactUrl(key), Contact::read, "a contact", "Contact ")
        .named("deleteContact"));
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
    return engine.execute(objectRequest("POST", groupsUrl, body, false, Group::read, "a group").named("createGroup"));
  }

  /**
   * Fetches a group.
   *
   * @param key the group's key
   * @return the group, or empty when there is none (the server's 404 {@code Group '<key>' not found.})
   * @throws org.vumi.go.http.HttpApiException for any other refusal, such as a 404 that is not the API's own
   * @throws IOException if there is no answer, or an answer that is not a group
   * @throws IllegalArgumentException if the key is blank, {@code .} or {@code ..}, has control
   *     characters, or is longer than {@link #MAX_KEY_LENGTH}
   * @throws NullPointerException if the key is null
   */
  public Optional<Group> getGroup(String key) throws IOException {
    return engine.execute(optionalRequest("GET", groupUrl(key), Group::read, "a group", "Group ").named("getGroup"));
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
    return engine.execute(objectRequest("PUT", url, body, true, Group::read, "a group").named("updateGroup"));
  }

  /**
   * Deletes a group. Its key stays in its members' {@link Contact#groups()} (the server does not
   * remove it). Retried as {@link #deleteContact} is.
   *
   * @param key the group's key
   * @return the group as it was; empty when there was none, or when an earlier attempt, whose
   *     answer was lost, deleted it (the server's 404 {@code Group '<key>' not found.})
   * @throws org.vumi.go.http.HttpApiException for any other refusal, such as a 404 that is not the API's own
   * @throws IOException if there is no answer, or an answer that is not a group
   * @throws IllegalArgumentException if the key is blank, {@code .} or {@code ..}, has control
   *     characters, or is longer than {@link #MAX_KEY_LENGTH}
   * @throws NullPointerException if the key is null
   */
  public Optional<Group> deleteGroup(String key) throws IOException {
    return engine.execute(optionalRequest("DELETE", groupUrl(key), Group::read, "a group", "Group ")
        .named("deleteGroup"));
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
    return stream(new Pager(
        cursor -> engine.execute(streamedPageRequest(withCursor(url, cursor)).named("groupContacts")),
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
    return engine.execute(pageRequest(withCursor(url, cursor)).named("groupContactsPage"));
  }

  // ---------------------------------------------------------------- requests

  private HttpUrl contactUrl(String key) {
    return Urls.endpoint(contactsUrl, checkKey(key, "key"));
  }

  private HttpUrl groupUrl(String key) {
    return Urls.endpoint(groupsUrl, checkKey(key, "key"));
  }

  private HttpUrl groupContactsUrl(String groupKey) {
    return Urls.endpoint(groupsUrl, checkKey(groupKey, "groupKey"), "contacts");
  }

  private static String checkKey(String key, String parameter) {
    Checks.requirePathSegment(key, parameter);
    return Checks.requireMaxLength(key, parameter, MAX_KEY_LENGTH, "Vumi Go's keys are 32 hex digits");
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

  /** A page held whole, as {@link #contactsPage} returns it. */
  private static ApiRequest<ContactPage> pageRequest(HttpUrl url) {
    return new ApiRequest<>("GET", url, null, true, MAX_PAGE_BYTES,
        answer -> read(answer, Pages::whole, "a page of contacts"));
  }

  /** A page for a stream: checked whole, then read contact by contact. */
  private static ApiRequest<Pages.Page> streamedPageRequest(HttpUrl url) {
    return new ApiRequest<>("GET", url, null, true, MAX_PAGE_BYTES,
        answer -> read(answer, Pages::streamed, "a page of contacts"));
  }

  /**
   * A read or delete of one thing, empty when the API itself says it is not there: a 404 whose
   * reason is the collection's {@code Contact '<key>' not found.} or {@code Group '<key>' not found.}.
   * Any other 404 (an HTML page from a wrong {@code apiUrl}, another API's) is a refusal.
   */
  private static <T> ApiRequest<Optional<T>> optionalRequest(String method, HttpUrl url, Function<JsonNode, T> reader,
      String expected, String notFoundPrefix) {
    return new ApiRequest<>(method, url, null, true, MAX_OBJECT_BYTES, answer -> {
      if (answer.code() == 404) {
        String reason = answer.reason();
        if (reason != null && reason.startsWith(notFoundPrefix) && reason.endsWith(" not found.")) {
          return Optional.empty();
        }
      }
      return Optional.of(read(answer, bytes -> reader.apply(Pages.tree(bytes, expected)), expected));
    });
  }

  private static <T> ApiRequest<T> objectRequest(String method, HttpUrl url, byte @Nullable [] body,
      boolean idempotent, Function<JsonNode, T> reader, String expected) {
    return new ApiRequest<>(method, url, body, idempotent, MAX_OBJECT_BYTES,
        answer -> read(answer, bytes -> reader.apply(Pages.tree(bytes, expected)), expected));
  }

  /** Reads an answer's body. */
  @FunctionalInterface
  private interface BodyReader<T> {
    T read(byte[] body) throws IOException;
  }

  private static <T> T read(Answer answer, BodyReader<T> reader, String expected) throws IOException {
    if (!answer.isSuccessful()) {
      throw answer.refusal();
    }
    try {
      return reader.read(answer.body());
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
    ClientSettings.of(settings).close(engine);
  }

  /**
   * Shows where the client sends; never its token.
   *
   * @return a description such as {@code ContactsApiClient{apiUrl=https://go.vumi.org/api/v1/go, …}}
   */
  @Override
  public String toString() {
    return ClientSettings.of(settings).describe("ContactsApiClient", "apiUrl", ClientSettings.of(settings).apiUrl());
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
