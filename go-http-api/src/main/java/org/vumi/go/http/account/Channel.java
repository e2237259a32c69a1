package org.vumi.go.http.account;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

/**
 * A channel of a campaign: a tag the account has acquired, such as a short code.
 *
 * @param uuid {@code <pool>:<tag>}, such as {@code pool:tag1}
 * @param tag the pool and the tag, such as {@code ["pool", "tag1"]}
 * @param name the tag's name, or null
 * @param description such as {@code Pool: tag1}, or null
 * @param endpoints its endpoints (only {@code default} on Vumi Go)
 */
public record Channel(String uuid, List<String> tag, @Nullable String name, @Nullable String description,
    List<Endpoint> endpoints) {
  /**
   * Makes a channel.
   *
   * @param uuid {@code <pool>:<tag>}, such as {@code pool:tag1}
   * @param tag the pool and the tag, such as {@code ["pool", "tag1"]}
   * @param name the tag's name, or null
   * @param description such as {@code Pool: tag1}, or null
   * @param endpoints its endpoints (only {@code default} on Vumi Go)
   * @throws NullPointerException if the uuid, the tag or the endpoints are null
   */
  public Channel {
    Checks.requireNonNull(uuid, "uuid");
    tag = List.copyOf(Checks.requireNonNull(tag, "tag"));
    endpoints = List.copyOf(Checks.requireNonNull(endpoints, "endpoints"));
  }
}
