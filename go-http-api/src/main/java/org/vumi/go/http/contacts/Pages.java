package org.vumi.go.http.contacts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.JsonCodec;

/**
 * Reads the API's answers so that memory follows what is kept, not what is sent: a page contact by
 * contact with Jackson's streaming parser (never one tree of the page), and every tree that is
 * kept (a contact, a group, a page held whole) within {@link ContactsApiClient#MAX_RESULT_TOKENS}.
 *
 * <p>A page is read in one pass by {@link PageReader}, with no tree, keeping its contacts as far as
 * {@link #KEEP_HEAP} allows; a stream reads the rest of a page larger than that again, contact by
 * contact, as it takes them. Whatever that pass refuses is read again by the strict reading, which
 * decides: a skim of the page, which checks its shape and each contact's size without building
 * anything, then each contact as a tree. The parsing is {@link JsonCodec#mapper()}'s: a repeated key
 * or anything after the document is an error. {@code PageReaderTest} reads every case both ways.
 */
final class Pages {
  /**
   * A page of at most this many bytes is read once and its contacts kept (at most a few MiB of
   * trees); a larger one is checked whole first, and then read again contact by contact as the
   * stream takes them, holding only its bytes and one contact. For the strict reading only.
   */
  static final int KEEP_BYTES = 256 * 1024;

  /**
   * The most heap a stream's page may hold in contacts read ahead, as {@link #keptHeap} estimates
   * it (from above): a page of a thousand contacts as the server writes them (about 620 bytes each)
   * is kept whole, read once; the contacts beyond the budget are read again as the stream takes
   * them.
   */
  static final long KEEP_HEAP = 8L * 1024 * 1024;

  /** Trees of an answer that is one contact or group: the library's strict reading, within the token bound. */
  private static final ObjectMapper HELD = bounded(ContactsApiClient.MAX_RESULT_TOKENS);
  /** Skims a page held whole: tokens counted, and bounded over the whole page. */
  private static final JsonFactory HELD_PAGE = HELD.getFactory();
  /** Skims a page for a stream: tokens counted (each contact is bounded), not bounded over the page. */
  private static final JsonFactory COUNTED = bounded(Long.MAX_VALUE).getFactory();
  /** Reads a page a skim has passed: nothing left to count. */
  private static final JsonFactory STREAMED = JsonCodec.mapper().getFactory();
  /** A contact's tree, read where it stands in its page. */
  private static final ObjectReader CONTACT = JsonCodec.mapper().reader()
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  /** The fast path's reading of a page: tokens counted (each contact is bounded), not bounded over the page. */
  private static final JsonFactory FAST = PageReader.factory(Long.MAX_VALUE);
  /** The fast path's reading of a page held whole: bounded over the whole page. */
  private static final JsonFactory FAST_HELD = PageReader.factory(ContactsApiClient.MAX_RESULT_TOKENS);

  private Pages() {}

  private static ObjectMapper bounded(long maxTokens) {
    JsonFactory strict = JsonCodec.mapper().getFactory();
    return JsonCodec.mapper().copyWith(strict.rebuild()
        .streamReadConstraints(strict.streamReadConstraints().rebuild().maxTokenCount(maxTokens).build()).build());
  }

  /** One page, as a {@link Pager} takes it. */
  interface Page {
    @Nullable String cursor();

    boolean isEmpty();

    /** The page's contacts; taken once (a page read ahead lets go of each contact as it hands it out). */
    Iterator<Contact> contacts();

    static Page of(ContactPage page) {
      return new Page() {
        @Override
        public @Nullable String cursor() {
          return page.cursor();
        }

        @Override
        public boolean isEmpty() {
          return page.contacts().isEmpty();
        }

        @Override
        public Iterator<Contact> contacts() {
          return page.contacts().iterator();
        }
      };
    }
  }

  /**
   * Reads one object (a contact or a group) as a tree, within the token bound.
   *
   * @throws IOException if it is not exactly one JSON document, or has too many tokens
   */
  static JsonNode tree(byte[] body, String what) throws IOException {
    try (JsonParser parser = HELD.getFactory().createParser(body)) {
      JsonNode tree;
      try {
        tree = HELD.readTree(parser);
      } catch (StreamConstraintsException e) {
        throw clearer(e, parser, what, "");
      }
      if (tree == null || tree.isMissingNode()) {
        throw new IOException("no JSON document");
      }
      if (parser.nextToken() != null) {
        throw new IOException("trailing content after the JSON document");
      }
      return tree;
    }
  }

  /** A page held whole ({@code contactsPage}): every contact kept, the whole within the token bound. */
  static ContactPage whole(byte[] body) throws IOException {
    PageReader.Scan scan = fast(body, FAST_HELD, (index, bytes, tokens) -> true);
    return scan == null ? strictWhole(body) : new ContactPage(scan.kept(), scan.cursor());
  }

  /** The first contact of a page, all of it checked; null when the page has none. */
  static @Nullable Contact first(byte[] body) throws IOException {
    PageReader.Scan scan = fast(body, FAST, (index, bytes, tokens) -> index == 0);
    if (scan == null) {
      return strictFirst(body);
    }
    return scan.kept().isEmpty() ? null : scan.kept().get(0);
  }

  /** A page for a stream: checked whole now, its contacts kept as far as {@link #KEEP_HEAP} allows. */
  static Page streamed(byte[] body) throws IOException {
    long[] heap = {0};
    PageReader.Scan scan = fast(body, FAST, (index, bytes, tokens) -> {
      heap[0] += keptHeap(bytes, tokens);
      return heap[0] <= KEEP_HEAP;
    });
    if (scan == null) {
      return strictStreamed(body);
    }
    boolean all = scan.kept().size() == scan.contacts();
    return new Page() {
      @Override
      public @Nullable String cursor() {
        return scan.cursor();
      }

      @Override
      public boolean isEmpty() {
        return scan.contacts() == 0;
      }

      @Override
      public Iterator<Contact> contacts() {
        return new ReadAhead(scan.kept(), all ? null : body);
      }
    };
  }

  /**
   * An upper estimate of the heap a contact read by {@link PageReader} holds, from its size in the page
   * and its tokens: its copy of its bytes, and at most two bytes a character of the strings made
   * from them; per token, at most a string's or a map entry's header; and the contact's own fields.
   */
  static long keptHeap(long bytes, long tokens) {
    return 256 + 3 * bytes + 64 * tokens;
  }

  /** The fast path: null when it refuses the page, which the strict reading then reads (and words the refusal). */
  private static PageReader.@Nullable Scan fast(byte[] body, JsonFactory factory, PageReader.Keep keep) {
    try {
      return PageReader.scan(body, factory, keep);
    } catch (IOException | Malformed refused) {
      return null;
    }
  }

  /**
   * A stream page's contacts: those read ahead, each let go of as it is handed out, then (if the page
   * had more than were kept) the others, read again from the page's bytes one at a time.
   */
  private static final class ReadAhead implements Iterator<Contact> {
    private final List<Contact> kept;
    private int index;
    private byte @Nullable [] rest;
    private @Nullable Iterator<Contact> reader;

    ReadAhead(List<Contact> kept, byte @Nullable [] rest) {
      this.kept = kept;
      this.rest = rest;
    }

    @Override
    public boolean hasNext() {
      if (index < kept.size()) {
        return true;
      }
      byte[] body = rest;
      if (body != null) {
        rest = null;
        reader = new Reader(body, kept.size());
      }
      return reader != null && reader.hasNext();
    }

    @Override
    public Contact next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      if (index < kept.size()) {
        return kept.set(index++, null); // the stream's caller holds it now, or nobody does
      }
      return Objects.requireNonNull(reader).next();
    }
  }

  // ---------------------------------------------------------------- the strict reading

  /** {@link #whole}, strictly. */
  static ContactPage strictWhole(byte[] body) throws IOException {
    String cursor = skim(body, HELD_PAGE).cursor();
    List<Contact> contacts = new ArrayList<>();
    read(body, contacts::add);
    return new ContactPage(contacts, cursor);
  }

  /** {@link #first}, strictly. */
  static @Nullable Contact strictFirst(byte[] body) throws IOException {
    skim(body, COUNTED);
    Contact[] first = new Contact[1];
    read(body, contact -> {
      if (first[0] == null) {
        first[0] = contact;
      }
    });
    return first[0];
  }

  /** {@link #streamed}, strictly: checked whole now, its contacts kept only if it is small. */
  static Page strictStreamed(byte[] body) throws IOException {
    Skim skim = skim(body, COUNTED);
    List<Contact> kept = new ArrayList<>();
    boolean keep = body.length <= KEEP_BYTES;
    read(body, contact -> {
      if (keep) {
        kept.add(contact);
      }
    });
    if (keep) {
      return Page.of(new ContactPage(kept, skim.cursor()));
    }
    return new Page() {
      @Override
      public @Nullable String cursor() {
        return skim.cursor();
      }

      @Override
      public boolean isEmpty() {
        return skim.contacts() == 0;
      }

      @Override
      public Iterator<Contact> contacts() {
        return new StrictReader(body);
      }
    };
  }

  /** What a skim of a page found. */
  private record Skim(@Nullable String cursor, int contacts) {}

  /**
   * Checks a page's shape without building anything: {@code {"cursor": <string or null>, "data":
   * [<object>, …]}}, in any order, other fields skipped; each contact within
   * {@link ContactsApiClient#MAX_OBJECT_BYTES} and {@link ContactsApiClient#MAX_RESULT_TOKENS}.
   *
   * @param factory a factory that counts tokens, and bounds them if the page is to be held whole
   * @throws IOException if the page is not JSON, or breaks a bound
   * @throws Malformed if it is JSON of another shape
   */
  private static Skim skim(byte[] body, JsonFactory factory) throws IOException {
    try (JsonParser parser = factory.createParser(body)) {
      try {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          throw new Malformed("the page is not a JSON object");
        }
        int contacts = -1;
        boolean hasCursor = false;
        String cursor = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken value = parser.nextToken();
          if (name.equals("data")) {
            if (value != JsonToken.START_ARRAY) {
              throw new Malformed("the page has no \"data\" array");
            }
            contacts = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
              skimContact(parser, token);
              contacts++;
            }
          } else if (name.equals("cursor")) {
            if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
              throw new Malformed("\"cursor\" is not a string but " + value);
            }
            hasCursor = true;
            cursor = value == JsonToken.VALUE_NULL ? null : parser.getText();
          } else {
            parser.skipChildren();
          }
        }
        if (parser.nextToken() != null) {
          throw new IOException("trailing content after the JSON document");
        }
        if (contacts < 0) {
          throw new Malformed("the page has no \"data\" array");
        }
        if (!hasCursor) {
          throw new Malformed("the page has no \"cursor\"");
        }
        return new Skim(cursor, contacts);
      } catch (StreamConstraintsException e) {
        throw clearer(e, parser, "the page", "; contacts() and groupContacts() read pages contact by contact,"
            + " within " + ContactsApiClient.MAX_PAGE_BYTES + " bytes");
      }
    }
  }

  /** Skips one contact of the page, the parser on its first token, checking its size. */
  private static void skimContact(JsonParser parser, JsonToken first) throws IOException {
    if (first != JsonToken.START_OBJECT) {
      throw new Malformed("the contact is not a JSON object");
    }
    long startByte = parser.currentTokenLocation().getByteOffset();
    long startToken = parser.currentTokenCount();
    parser.skipChildren();
    if (parser.currentLocation().getByteOffset() - startByte > ContactsApiClient.MAX_OBJECT_BYTES) {
      throw new Malformed("a contact of the page is larger than " + ContactsApiClient.MAX_OBJECT_BYTES
          + " bytes (MAX_OBJECT_BYTES)");
    }
    if (parser.currentTokenCount() - startToken + 1 > ContactsApiClient.MAX_RESULT_TOKENS) {
      throw new Malformed("a contact of the page has more than " + ContactsApiClient.MAX_RESULT_TOKENS
          + " JSON tokens (MAX_RESULT_TOKENS)");
    }
  }

  /** Reads every contact of a page that a skim has passed, in order, each straight from the page's parser. */
  private static void read(byte[] body, Consumer<Contact> sink) throws IOException {
    StrictReader reader = new StrictReader(body);
    while (reader.hasNext()) {
      sink.accept(reader.next());
    }
  }

  /** Reads the next contact of the page's {@code data} array; null at the array's end. */
  private static @Nullable Contact next(JsonParser parser) throws IOException {
    return parser.nextToken() == JsonToken.END_ARRAY ? null : Contact.read(CONTACT.readTree(parser));
  }

  /** Jackson's message names its setting; this one names the client's. */
  private static IOException clearer(StreamConstraintsException e, JsonParser parser, String what, String hint) {
    if (parser.currentTokenCount() < ContactsApiClient.MAX_RESULT_TOKENS) {
      return e; // another of Jackson's bounds, such as nesting depth; its message says which
    }
    return new IOException(what + " has more than " + ContactsApiClient.MAX_RESULT_TOKENS + " JSON tokens, the most"
        + " a result held whole may have (MAX_RESULT_TOKENS)" + hint, e);
  }

  /**
   * A page's contacts read one at a time, each straight from the page's parser, after a reading has
   * passed the whole page (so the page is JSON and has a {@code data} array). The first contact is
   * read when first asked for.
   */
  private abstract static class PageContacts implements Iterator<Contact> {
    final JsonParser parser;
    private final String passedBy;
    private boolean started;
    private @Nullable Contact next;

    /**
     * Opens the page and stands before its {@code skip}th contact.
     *
     * @param passedBy the reading that passed the page, for the message of what cannot happen
     */
    PageContacts(JsonFactory factory, byte[] body, int skip, String passedBy) {
      this.passedBy = passedBy;
      try {
        parser = factory.createParser(body);
        parser.nextToken();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          if (name.equals("data")) {
            for (int i = 0; i < skip; i++) {
              parser.nextToken();
              parser.skipChildren();
            }
            return;
          }
          parser.skipChildren();
        }
      } catch (IOException e) {
        throw notJson(e);
      }
      throw new IllegalStateException("a page that " + passedBy + " has passed has a \"data\" array");
    }

    /** Reads the next contact of the {@code data} array, or closes the parser and returns null at its end. */
    abstract @Nullable Contact read() throws IOException;

    private void advance() {
      try {
        next = read();
      } catch (IOException e) {
        throw notJson(e);
      }
    }

    private UncheckedIOException notJson(IOException e) {
      return new UncheckedIOException("a page that " + passedBy + " has passed is JSON", e);
    }

    @Override
    public boolean hasNext() {
      if (!started) {
        started = true;
        advance();
      }
      return next != null;
    }

    @Override
    public Contact next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Contact contact = Objects.requireNonNull(next);
      advance();
      return contact;
    }
  }

  /**
   * The contacts of a page that a skim has passed. A contact of the wrong shape (such as one without
   * a key) is a {@link Malformed} as it is reached.
   */
  private static final class StrictReader extends PageContacts {
    StrictReader(byte[] body) {
      super(STREAMED, body, 0, "a skim");
    }

    @Override
    @Nullable Contact read() throws IOException {
      Contact contact = Pages.next(parser);
      if (contact == null) {
        parser.close();
      }
      return contact;
    }
  }


  /** The contacts of a page that {@link PageReader} has passed, from the {@code skip}th on. */
  private static final class Reader extends PageContacts {
    private final byte[] body;
    private final PageReader.Fields fields = new PageReader.Fields();

    Reader(byte[] body, int skip) {
      super(FAST, body, skip, "PageReader");
      this.body = body;
    }

    @Override
    @Nullable Contact read() throws IOException {
      if (parser.nextToken() == JsonToken.END_ARRAY) {
        parser.close();
        return null;
      }
      return PageReader.contact(parser, body, Math.toIntExact(parser.currentTokenLocation().getByteOffset()),
          parser.currentTokenCount(), fields);
    }
  }
}
