package org.vumi.go.http.contacts;

import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.UnexpectedResponseException;
import org.vumi.go.http.internal.Text;

/**
 * The contacts of page after page, fetched only when the previous page's contacts have all been
 * taken. It holds one page at a time, so a stream of a million contacts runs in the memory of one page.
 */
final class Pager implements Spliterator<Contact> {
  /** Fetches one page. */
  @FunctionalInterface
  interface Source {
    ContactPage fetch(@Nullable String cursor) throws IOException;
  }

  private final Source source;
  private final String what;
  /** The cursor of the next page to fetch (null: the first). */
  private @Nullable String cursor;
  private boolean lastFetched;
  private Iterator<Contact> current = Collections.emptyIterator();

  Pager(Source source, String what, @Nullable String startCursor) {
    this.source = source;
    this.what = what;
    this.cursor = startCursor;
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
    ContactPage page;
    try {
      page = source.fetch(cursor);
      if (page.cursor() != null && page.cursor().equals(cursor)) {
        // Following it would ask for the same page for ever.
        throw new UnexpectedResponseException("the page at cursor " + Text.quote(cursor) + " of " + what
            + " names itself as the next page; stopped rather than loop", 200);
      }
    } catch (IOException e) {
      throw new PagedException("fetching " + (cursor == null ? "the first page" : "the page at cursor "
          + Text.quote(cursor)) + " of " + what + " failed: " + e.getMessage()
          + "; resume with the exception's cursor()", cursor, e);
    }
    current = page.contacts().iterator(); // the previous page is garbage from here on
    if (page.cursor() == null) {
      lastFetched = true;
    } else {
      cursor = page.cursor();
    }
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
