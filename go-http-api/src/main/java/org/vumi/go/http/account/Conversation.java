package org.vumi.go.http.account;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

/**
 * An active conversation of a campaign.
 *
 * @param uuid the conversation's key
 * @param type its type, such as {@code jsbox}, {@code dialogue} or {@code http_api}, or null when
 *     the server gives none
 * @param name its name, or null
 * @param description its description, or null
 * @param status {@code starting}, {@code running}, {@code stopping} or {@code stopped}, or null
 * @param endpoints its endpoints, {@code default} first
 */
public record Conversation(String uuid, @Nullable String type, @Nullable String name,
    @Nullable String description, @Nullable String status,
    List<Endpoint> endpoints) {
  /**
   * Makes a conversation.
   *
   * @param uuid the conversation's key
   * @param type its type, such as {@code jsbox}, {@code dialogue} or {@code http_api}, or null when
   *     the server gives none
   * @param name its name, or null
   * @param description its description, or null
   * @param status {@code starting}, {@code running}, {@code stopping} or {@code stopped}, or null
   * @param endpoints its endpoints, {@code default} first
   * @throws NullPointerException if the uuid or the endpoints are null
   */
  public Conversation {
    Checks.requireNonNull(uuid, "uuid");
    endpoints = List.copyOf(Checks.requireNonNull(endpoints, "endpoints"));
  }
}
