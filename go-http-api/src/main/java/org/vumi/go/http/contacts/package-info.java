/**
 * Vumi Go's contacts and groups API: {@link org.vumi.go.http.contacts.ContactsApiClient} creates,
 * reads, updates and deletes {@link org.vumi.go.http.contacts.Contact}s and
 * {@link org.vumi.go.http.contacts.Group}s, and pages through all contacts or a group's contacts as
 * a lazy {@link java.util.stream.Stream}, one page in memory at a time.
 */
@NullMarked
package org.vumi.go.http.contacts;

import org.jspecify.annotations.NullMarked;
