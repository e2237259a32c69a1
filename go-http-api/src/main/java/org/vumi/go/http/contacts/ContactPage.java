package org.vumi.go.http.contacts;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of contacts, as the API answers a list request: the contacts, and the cursor of the next
 * page. A page may be empty and still have a cursor (the real server answers an exactly full last
 * page with a cursor, and the next page is empty).
 *
 * @param contacts the page's contacts, unmodifiable
 * @param cursor the cursor of the next page, or null if this is the last
 */
public record ContactPage(List<Contact> contacts, @Nullable String cursor) {
  /**
   * Makes a page.
   *
   * @param contacts the page's contacts; not null
   * @param cursor the cursor of the next page, or null
   */
  public ContactPage {
    contacts = List.copyOf(contacts);
  }

  /**
   * Tells whether another page follows.
   *
   * @return true if {@link #cursor()} is not null
   */
  public boolean hasNext() {
    return cursor != null;
  }
}
