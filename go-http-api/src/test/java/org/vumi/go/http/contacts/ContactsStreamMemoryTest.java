package org.vumi.go.http.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.MockServers;

/**
 * A stream of many pages holds one page at a time: pages are made on demand by the server, and the
 * contacts of an early page are garbage once the stream has moved on.
 */
class ContactsStreamMemoryTest {
  static final int PAGES = 40;
  static final int PAGE_SIZE = 50;

  @StartStop
  final MockWebServer server = MockServers.noDelay();

  final AtomicInteger pagesServed = new AtomicInteger();

  /** Page n (cursor "p/n", which must come back percent-encoded) holds contacts n*PAGE_SIZE onwards. */
  void servePages() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String cursor = request.getUrl().queryParameter("cursor");
        int page = cursor == null ? 0 : Integer.parseInt(cursor.substring(2));
        pagesServed.incrementAndGet();
        String next = page + 1 < PAGES ? "p/" + (page + 1) : null;
        return ContactsApiClientTest.json(200, ContactsApiClientTest.page(next,
            ContactsApiClientTest.contacts(page * PAGE_SIZE, PAGE_SIZE)));
      }
    });
  }

  @Test
  void aStreamOfManyPagesRunsInTheMemoryOfOnePage() throws Exception {
    servePages();
    ContactsApiClient client = new ContactsApiClient("token", server.url("/api/v1/go").toString(), null);
    List<WeakReference<Contact>> firstPage = new ArrayList<>();
    long count = 0;
    try (Stream<Contact> stream = client.contacts()) {
      Iterator<Contact> it = stream.iterator();
      while (it.hasNext()) {
        Contact contact = it.next();
        if (count < PAGE_SIZE) {
          firstPage.add(new WeakReference<>(contact));
        }
        count++;
        if (count == 5L * PAGE_SIZE) {
          // Five pages on: the first page's contacts must be collectable.
          assertTrue(collected(firstPage), "the stream still holds the first page's contacts");
          assertEquals(5, pagesServed.get(), "pages are fetched only as the stream reaches them");
        }
      }
    }
    assertEquals((long) PAGES * PAGE_SIZE, count);
    assertEquals(PAGES, pagesServed.get());
  }

  @Test
  void theContactsOfOneLargePageAreGarbageOnceTheStreamHasPassedThem() throws Exception {
    int size = 4000; // about 1.8 MB: a page read contact by contact, not held
    server.enqueue(ContactsApiClientTest.json(200, ContactsApiClientTest.page(null, ContactsApiClientTest.contacts(0, size))));
    ContactsApiClient client = new ContactsApiClient("token", server.url("/api/v1/go").toString(), null);
    List<WeakReference<Contact>> first = new ArrayList<>();
    long count = 0;
    try (Stream<Contact> stream = client.contacts()) {
      Iterator<Contact> it = stream.iterator();
      while (it.hasNext()) {
        Contact contact = it.next();
        if (count < 100) {
          first.add(new WeakReference<>(contact));
        }
        contact = null;
        count++;
        if (count == size / 2) {
          assertTrue(collected(first), "the stream holds the contacts of the page it is reading");
        }
      }
    }
    assertEquals(size, count);
  }

  @Test
  void aPageOfMoreTokensThanAResultHeldWholeMayHaveStillStreams() throws Exception {
    // Tiny contacts, {"key": "k"}: 4 tokens each.
    int size = (int) (ContactsApiClient.MAX_RESULT_TOKENS / 4) + 10;
    String page = ContactsApiClientTest.page(null, java.util.Collections.nCopies(size, "{\"key\": \"k\"}"));
    server.enqueue(ContactsApiClientTest.json(200, page));
    server.enqueue(ContactsApiClientTest.json(200, page));
    ContactsApiClient client = new ContactsApiClient("token", server.url("/api/v1/go").toString(), null);
    org.vumi.go.http.UnexpectedResponseException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.vumi.go.http.UnexpectedResponseException.class, () -> client.contactsPage(null));
    assertTrue(e.getMessage().contains("more than " + ContactsApiClient.MAX_RESULT_TOKENS + " JSON tokens"),
        e.getMessage());
    assertTrue(e.getMessage().contains("contacts()"), "names the way that works: " + e.getMessage());
    try (Stream<Contact> stream = client.contacts()) {
      assertEquals(size, stream.count());
    }
  }

  private static boolean collected(List<WeakReference<Contact>> refs) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      System.gc();
      if (refs.stream().allMatch(ref -> ref.get() == null)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  @Test
  void aStreamLeftEarlyFetchesNoMorePages() {
    servePages();
    ContactsApiClient client = new ContactsApiClient("token", server.url("/api/v1/go").toString(), null);
    Contact first = client.contacts().skip(PAGE_SIZE).findFirst().orElse(null);
    assertEquals(String.format("key-%03d", PAGE_SIZE), first.key());
    assertEquals(2, pagesServed.get());
    assertNull(client.contacts().filter(c -> false).findAny().orElse(null));
    assertEquals(2 + PAGES, pagesServed.get());
  }
}
