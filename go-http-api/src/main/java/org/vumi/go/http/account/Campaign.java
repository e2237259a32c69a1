package org.vumi.go.http.account;

import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

/**
 * A campaign: on Vumi Go, an account has exactly one, whose key is the account's key.
 *
 * @param key the campaign key, which every other call of {@link AccountApiClient} takes
 * @param name its name ({@code Your Campaign} on Vumi Go), or null when the server gives none
 */
public record Campaign(String key, @Nullable String name) {
  /**
   * Makes a campaign.
   *
   * @param key the campaign key, which every other call of {@link AccountApiClient} takes
   * @param name its name ({@code Your Campaign} on Vumi Go), or null when the server gives none
   * @throws NullPointerException if the key is null
   */
  public Campaign {
    Checks.requireNonNull(key, "key");
  }
}
