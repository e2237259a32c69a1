/**
 * JUnit 5 support: {@link org.vumi.go.http.testing.junit.VumiGoEmulatorExtension} hands each test a
 * started emulator and closes it afterwards.
 */
@NullMarked
package org.vumi.go.http.testing.junit;

import org.jspecify.annotations.NullMarked;
