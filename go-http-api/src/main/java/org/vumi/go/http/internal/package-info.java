/**
 * The machinery every client of this library shares: the request engine, the JSON codec, argument
 * checks. Public classes so that every package of the library can use them; not exported by the
 * module, and not an API: anything here may change in any release.
 */
@NullMarked
package org.vumi.go.http.internal;

import org.jspecify.annotations.NullMarked;
