package org.vumi.go.http.account;

import org.vumi.go.http.internal.Checks;

/**
 * One route: messages leaving the source endpoint go to the target endpoint. On Vumi Go a route
 * goes from a channel (or a router's conversation side) to a conversation (or a router's channel
 * side), or back.
 *
 * @param source the source endpoint's uuid, such as {@code TRANSPORT_TAG:pool:tag1::default}
 * @param target the target endpoint's uuid, such as {@code CONVERSATION:jsbox:conv-1::default}
 */
public record RoutingEntry(String source, String target) {
  /**
   * Makes a routing entry.
   *
   * @param source the source endpoint's uuid, such as {@code TRANSPORT_TAG:pool:tag1::default}
   * @param target the target endpoint's uuid, such as {@code CONVERSATION:jsbox:conv-1::default}
   * @throws NullPointerException if an endpoint is null
   * @throws IllegalArgumentException if an endpoint is blank
   */
  public RoutingEntry {
    Checks.requireText(source, "source");
    Checks.requireText(target, "target");
  }

  /**
   * Makes a routing entry.
   *
   * @param source the source endpoint's uuid
   * @param target the target endpoint's uuid
   * @return the entry
   * @throws NullPointerException if an endpoint is null
   * @throws IllegalArgumentException if an endpoint is blank
   */
  public static RoutingEntry of(String source, String target) {
    return new RoutingEntry(source, target);
  }
}
