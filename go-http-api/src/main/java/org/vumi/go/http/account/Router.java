package org.vumi.go.http.account;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

/**
 * An active router of a campaign, such as a keyword router between a channel and conversations.
 *
 * @param uuid the router's key
 * @param type its type, such as {@code keyword}, or null when
 *     the server gives none
 * @param name its name, or null
 * @param description its description, or null
 * @param status {@code starting}, {@code running}, {@code stopping} or {@code stopped}, or null
 * @param channelEndpoints the endpoints on its channel side ({@code ROUTER:<type>:<key>:INBOUND::<name>})
 * @param conversationEndpoints the endpoints on its conversation side ({@code ROUTER:<type>:<key>:OUTBOUND::<name>})
 */
public record Router(String uuid, @Nullable String type, @Nullable String name,
    @Nullable String description, @Nullable String status,
    List<Endpoint> channelEndpoints, List<Endpoint> conversationEndpoints) {
  /**
   * Makes a router.
   *
   * @param uuid the router's key
   * @param type its type, such as {@code keyword}, or null when
   *     the server gives none
   * @param name its name, or null
   * @param description its description, or null
   * @param status {@code starting}, {@code running}, {@code stopping} or {@code stopped}, or null
   * @param channelEndpoints the endpoints on its channel side ({@code ROUTER:<type>:<key>:INBOUND::<name>})
   * @param conversationEndpoints the endpoints on its conversation side ({@code ROUTER:<type>:<key>:OUTBOUND::<name>})
   * @throws NullPointerException if the uuid or an endpoint list is null
   */
  public Router {
    Checks.requireNonNull(uuid, "uuid");
    channelEndpoints = List.copyOf(Checks.requireNonNull(channelEndpoints, "channelEndpoints"));
    conversationEndpoints = List.copyOf(Checks.requireNonNull(conversationEndpoints, "conversationEndpoints"));
  }
}
