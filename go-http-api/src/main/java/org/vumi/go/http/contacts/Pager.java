package org.vumi.go.http.contacts;

import java.io.IOException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.Spliterator;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.UnexpectedResponseException;
import org.vumi.go.http.TransportException;
import org.vumi.go.http.VumiGoException;
import org.vumi.go.http.internal.Text;

/**
 * The contacts of page after page, fetched only when the previous page's contacts have all been
 * taken. It holds one page at a time (a large one as its bytes, read contact by contact), so a stream
 * of a million contacts runs in the memory of one page.
 *
 * <p>Every stream ends, whatever the server answers: a page that names a cursor this stream has
 * already fetched, or {@link ContactsApiClient#MAX_EMPTY_PAGES} empty pages in a row that each name
 * another, end it with a {@link PagedException} whose cause is an {@link UnexpectedResponseException}.
 * The cursors fetched are remembered as 64-bit hashes, the first {@link #REMEMBERED_CURSORS} of them
 * (about 6 MiB at most): a cursor that comes back to one of those is caught before its page is
 * fetched again. Beyond them, memory stays constant: Brent's cycle detection compares each cursor
 * with one checkpoint, whose distance doubles, and so catches any later cycle within about twice
 * the pages fetched before the cycle closed.
 */
final class Pager implements Spliterator<Contact> {
  /** How many cursors a stream remembers exactly (as hashes): a million contacts in pages of ten. */
  static final int REMEMBERED_CURSORS = 100_000;

  /** Fetches one page. */
  @FunctionalInterface
  interface Source {
    Pages.Page fetch(@Nullable String cursor) throws IOException;
  }

  private final Source source;
  private final String what;
  private final int remembered;
  /** The cursor of the next page to fetch (null: the first). */
  private @Nullable String cursor;
  private boolean lastFetched;
  private Iterator<Contact> current = Collections.emptyIterator();

  /** Hashes of the first {@link #remembered} cursors fetched. */
  private final Set<Long> seen = new HashSet<>();
  /** Brent's checkpoint, once more cursors than remembered have been fetched: its hash, and its distance. */
  private long checkpoint;
  private long power;
  private long sinceCheckpoint;
  private int emptyInARow;

  Pager(Source source, String what, @Nullable String startCursor) {
    this(source, what, startCursor, REMEMBERED_CURSORS);
  }

  Pager(Source source, String what, @Nullable String startCursor, int remembered) {
    this.source = source;
    this.what = what;
    this.cursor = startCursor;
    this.remembered = remembered;
    if (startCursor != null) {
      repeated(startCursor);
    }
  }

  @Override
  public boolean tryAdvance(Consumer<? super Contact> action) {
    while (!current.hasNext()) {
      if (lastFetched) {
        return false;
      }
      fetch();
    }
    action.accept(current.next());
    return true;
  }

  private void fetch() {
    Pages.Page page;
    try {
      page = source.fetch(cursor);
      check(page);
    } catch (IOException e) {
      throw new PagedException("fetching " + (cursor == null ? "the first page" : "the page at cursor "
          + Text.quote(cursor)) + " of " + what + " failed: " + e.getMessage()
          + "; resume with the exception's cursor()", cursor, e instanceof VumiGoException failure ? failure
          : new TransportException("reading a page failed: " + Text.escape(e.toString()), e, 1, true, null));
    }
    current = page.contacts(); // the previous page is garbage from here on
    if (page.cursor() == null) {
      lastFetched = true;
    } else {
      cursor = page.cursor();
    }
  }

  /** Refuses a page whose next cursor would make the stream go round, or run on empty, for ever. */
  private void check(Pages.Page page) throws UnexpectedResponseException {
    String next = page.cursor();
    if (next == null) {
      return;
    }
    String here = "the page " + (cursor == null ? "" : "at cursor " + Text.quote(cursor) + " ") + "of " + what;
    if (next.equals(cursor)) {
      throw new UnexpectedResponseException(here + " names itself as the next page; stopped rather than loop",
          200);
    }
    if (repeated(next)) {
      throw new UnexpectedResponseException(here + " names " + Text.quote(next) + " as the next page, a cursor"
          + " this stream has already fetched; stopped rather than loop", 200);
    }
    emptyInARow = page.isEmpty() ? emptyInARow + 1 : 0;
    if (emptyInARow >= ContactsApiClient.MAX_EMPTY_PAGES) {
      throw new UnexpectedResponseException(here + " ends a run of " + emptyInARow + " empty pages in a row,"
          + " each naming another (the next: " + Text.quote(next) + "); stopped rather than follow empty pages"
          + " for ever", 200);
    }
  }

  /** Remembers a cursor about to be fetched; true if this stream has fetched it before (as far as it can tell). */
  private boolean repeated(String next) {
    long hash = hash(next);
    if (seen.contains(hash)) {
      return true;
    }
    if (seen.size() < remembered) {
      seen.add(hash);
      return false;
    }
    if (power == 0 || hash == checkpoint) {
      if (power != 0) {
        return true;
      }
      power = 1;
      checkpoint = hash;
      return false;
    }
    if (++sinceCheckpoint == power) {
      checkpoint = hash;
      power *= 2;
      sinceCheckpoint = 0;
    }
    return false;
  }

  /** 64-bit FNV-1a of the cursor's characters: two cursors of one stream share one by chance about once in 10^9 streams. */
  static long hash(String text) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      hash = (hash ^ (c & 0xff)) * 0x100000001b3L;
      hash = (hash ^ (c >>> 8)) * 0x100000001b3L;
    }
    return hash;
  }

  @Override
  public @Nullable Spliterator<Contact> trySplit() {
    return null; // each page needs the cursor of the one before
  }

  @Override
  public long estimateSize() {
    return Long.MAX_VALUE;
  }

  @Override
  public int characteristics() {
    return ORDERED | NONNULL;
  }
}
