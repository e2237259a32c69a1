/**
 * Test support: {@link org.vumi.go.http.testing.VumiGoEmulator}, an in-process server that answers
 * like Vumi Go, so applications can test their messaging end to end without a live Vumi Go.
 */
@NullMarked
package org.vumi.go.http.testing;

import org.jspecify.annotations.NullMarked;
