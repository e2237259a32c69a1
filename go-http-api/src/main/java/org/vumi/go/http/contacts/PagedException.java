package org.vumi.go.http.contacts;

import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.VumiGoException;

/**
 * Fetching a page of a contacts stream failed: the contacts before it were delivered, and
 * {@link #cursor()} is where to carry on, as the Python client's {@code PagedException}.
 *
 * <pre>{@code
 * try {
 *   client.contacts().forEach(this::sync);
 * } catch (PagedException e) {
 *   client.contacts(e.cursor()).forEach(this::sync);   // resumes at the page that failed
 * }
 * }</pre>
 *
 * <p>The {@linkplain #getCause() cause} is the failure: an {@link org.vumi.go.http.HttpApiException}
 * (the server refused the page), an {@link org.vumi.go.http.TransportException} (no answer), or an
 * {@link org.vumi.go.http.UnexpectedResponseException} (an answer that is not a page, or pages that
 * make no sense: a cursor that comes back, or {@link ContactsApiClient#MAX_EMPTY_PAGES} empty pages in
 * a row).
 */
public final class PagedException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  /** The cursor of the page that failed, or null for the first page. */
  private final @Nullable String cursor;

  /**
   * Makes an exception.
   *
   * @param message what happened; must not hold credentials
   * @param cursor the cursor of the page that failed, or null for the first page
   * @param cause the failure; not null
   */
  public PagedException(String message, @Nullable String cursor, VumiGoException cause) {
    super(message, cause);
    this.cursor = cursor;
  }

  /**
   * Returns the failure, as every client of this library reports one: with its attempts and whether
   * the request may have been sent (reading a page changes nothing, so it may be read again).
   *
   * @return the failure
   */
  @Override
  public synchronized VumiGoException getCause() {
    return (VumiGoException) super.getCause();
  }

  /**
   * Returns the cursor to resume from: the one whose page failed. Give it to
   * {@link ContactsApiClient#contacts(String)} (or {@link ContactsApiClient#groupContacts(String, String)}
   * for the same group) to fetch that page again and go on.
   *
   * @return the cursor, or null when the first page failed (null starts from the beginning)
   */
  public @Nullable String cursor() {
    return cursor;
  }
}
