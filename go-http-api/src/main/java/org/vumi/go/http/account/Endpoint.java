package org.vumi.go.http.account;

import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

/**
 * An endpoint of a conversation, channel or router: what a {@link RoutingEntry} connects.
 *
 * @param uuid the endpoint's id, such as {@code CONVERSATION:jsbox:conv-1::default} or
 *     {@code TRANSPORT_TAG:pool:tag1::default}
 * @param name the endpoint's name, such as {@code default}, or null when the server gives none
 */
public record Endpoint(String uuid, @Nullable String name) {
  /**
   * Makes an endpoint.
   *
   * @param uuid the endpoint's id, such as {@code CONVERSATION:jsbox:conv-1::default} or {@code TRANSPORT_TAG:pool:tag1::default}
   * @param name the endpoint's name, such as {@code default}, or null when the server gives none
   * @throws NullPointerException if the uuid is null
   */
  public Endpoint {
    Checks.requireNonNull(uuid, "uuid");
  }
}
