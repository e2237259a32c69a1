/**
 * Spring Boot auto-configuration for go-http-api: {@link org.vumi.go.http.spring.VumiGoAutoConfiguration}
 * makes the clients from the {@code vumi.go.*} properties ({@link org.vumi.go.http.spring.VumiGoProperties}),
 * serves the push endpoint, and times every request with Micrometer. Works on Spring Boot 3.5 and 4.0.
 */
@NullMarked
package org.vumi.go.http.spring;

import org.jspecify.annotations.NullMarked;
