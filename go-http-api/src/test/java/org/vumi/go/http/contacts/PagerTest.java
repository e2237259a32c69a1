package org.vumi.go.http.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.UnexpectedResponseException;

/** What ends a paged stream, against servers that answer in memory: every stream ends. */
class PagerTest {
  static final Contact CONTACT = Contact.parse(ContactValuesTest.tree("{\"key\": \"k\"}"));

  /**
   * A server whose page n names page next(n); the first page is page 0. It ends after 100,000
   * pages, so that a pager without a guard fails rather than runs for ever.
   */
  static Pager pager(java.util.function.LongUnaryOperator next, AtomicLong fetched, int remembered) {
    return new Pager(cursor -> {
      long n = cursor == null ? 0 : Long.parseLong(cursor.substring(1));
      String nextCursor = fetched.incrementAndGet() < 100_000 ? "p" + next.applyAsLong(n) : null;
      return Pages.Page.of(new ContactPage(List.of(CONTACT), nextCursor));
    }, "the contacts", null, remembered);
  }

  @Test
  void aCycleOfOnePageIsCaughtAtOnce() {
    AtomicLong fetched = new AtomicLong();
    PagedException e = assertThrows(PagedException.class,
        () -> StreamSupport.stream(pager(n -> n == 0 ? 1 : 1, fetched, 1000), false).count());
    assertEquals("p1", e.cursor());
    assertEquals(2, fetched.get());
  }

  @Test
  void aCycleWithinTheCursorsRememberedIsCaughtBeforeAnyPageIsFetchedTwice() {
    AtomicLong fetched = new AtomicLong();
    // 0, 1, ..., 499, then back to 250.
    PagedException e = assertThrows(PagedException.class,
        () -> StreamSupport.stream(pager(n -> n < 499 ? n + 1 : 250, fetched, 1000), false).count());
    assertEquals(500, fetched.get());
    assertEquals("p499", e.cursor());
    assertInstanceOf(UnexpectedResponseException.class, e.getCause());
    assertTrue(e.getMessage().contains("\"p250\""), e.getMessage());
  }

  @Test
  void aCycleBeyondTheCursorsRememberedStillEndsTheStreamWithinAFewRounds() {
    AtomicLong fetched = new AtomicLong();
    // Only 100 cursors are remembered; the cycle 5000..5999 starts far beyond them.
    PagedException e = assertThrows(PagedException.class,
        () -> StreamSupport.stream(pager(n -> n < 5999 ? n + 1 : 5000, fetched, 100), false).count());
    assertInstanceOf(UnexpectedResponseException.class, e.getCause());
    // Brent's method: caught within about twice the pages fetched before the cycle closed.
    assertTrue(fetched.get() <= 3 * 6000, "fetched " + fetched.get() + " pages");
  }

  @Test
  void aCycleBackToARememberedCursorIsCaughtAtOnceEvenBeyondThem() {
    AtomicLong fetched = new AtomicLong();
    PagedException e = assertThrows(PagedException.class,
        () -> StreamSupport.stream(pager(n -> n < 5999 ? n + 1 : 50, fetched, 100), false).count());
    assertEquals(6000, fetched.get());
    assertTrue(e.getMessage().contains("\"p50\""), e.getMessage());
  }

  @Test
  void aLongStreamWithoutACycleIsNotStopped() {
    AtomicLong fetched = new AtomicLong();
    long count = StreamSupport.stream(new Pager(cursor -> {
      fetched.incrementAndGet();
      long n = cursor == null ? 0 : Long.parseLong(cursor.substring(1));
      return Pages.Page.of(new ContactPage(List.of(CONTACT), n < 20_000 ? "p" + (n + 1) : null));
    }, "the contacts", null, 100), false).count();
    assertEquals(20_001, count);
  }

  @Test
  void aLongRunOfEmptyPagesEndsTheStream() {
    AtomicLong fetched = new AtomicLong();
    // Every page is empty and names a fresh one; a pager without a guard stops after ten times the bound.
    Pager pager = new Pager(cursor -> {
      long n = fetched.incrementAndGet();
      String nextCursor = n < 10 * ContactsApiClient.MAX_EMPTY_PAGES ? "fresh-" + n : null;
      return Pages.Page.of(new ContactPage(List.of(), nextCursor));
    }, "the contacts of group \"g1\"", null);
    PagedException e = assertThrows(PagedException.class,
        () -> StreamSupport.stream(pager, false).findFirst());
    assertEquals(ContactsApiClient.MAX_EMPTY_PAGES, fetched.get());
    assertEquals("fresh-" + (ContactsApiClient.MAX_EMPTY_PAGES - 1), e.cursor());
    assertInstanceOf(UnexpectedResponseException.class, e.getCause());
    assertTrue(e.getMessage().contains(ContactsApiClient.MAX_EMPTY_PAGES + " empty pages in a row"), e.getMessage());
    assertTrue(e.getMessage().contains("\"fresh-" + ContactsApiClient.MAX_EMPTY_PAGES + "\""), e.getMessage());
  }

  @Test
  void emptyPagesBelowTheBoundAreFollowed() {
    AtomicLong fetched = new AtomicLong();
    int bound = ContactsApiClient.MAX_EMPTY_PAGES;
    // bound - 1 empty pages, one contact, bound - 1 empty pages, one contact: a page with contacts counts again.
    Pager pager = new Pager(cursor -> {
      long n = fetched.incrementAndGet();
      boolean full = n % bound == 0;
      return Pages.Page.of(new ContactPage(full ? List.of(CONTACT) : List.of(), n < 2 * bound ? "c" + n : null));
    }, "the contacts", null);
    assertEquals(2, StreamSupport.stream(pager, false).count());
    assertEquals(2 * bound, fetched.get());
  }
}
