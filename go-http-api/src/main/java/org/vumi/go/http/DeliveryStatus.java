package org.vumi.go.http;

import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

/** What a delivery report says of a message. */
public enum DeliveryStatus {
  /** The network has the message but has not delivered it yet. */
  PENDING("pending"),
  /** The network gave up: the message was not delivered. */
  FAILED("failed"),
  /** The message reached the person's phone. */
  DELIVERED("delivered");

  private final String wireName;

  DeliveryStatus(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the name Vumi Go uses on the wire.
   *
   * @return {@code "pending"}, {@code "failed"} or {@code "delivered"}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the constant Vumi Go names so on the wire.
   *
   * @param wireName the wire name, such as {@code "delivered"}
   * @return the constant
   * @throws IllegalArgumentException naming the allowed values, for any other name
   * @throws NullPointerException if {@code wireName} is null
   */
  public static DeliveryStatus fromWireName(String wireName) {
    DeliveryStatus found = lookup(Checks.requireNonNull(wireName, "wireName"));
    if (found == null) {
      StringBuilder allowed = new StringBuilder();
      for (DeliveryStatus value : values()) {
        allowed.append(allowed.length() == 0 ? "" : ", ").append('"').append(value.wireName()).append('"');
      }
      throw new IllegalArgumentException("wireName must be one of " + allowed + ", but was " + Checks.quote(wireName));
    }
    return found;
  }

  static @Nullable DeliveryStatus lookup(@Nullable String wireName) {
    return Checks.byWireName(values(), DeliveryStatus::wireName, wireName);
  }
}
