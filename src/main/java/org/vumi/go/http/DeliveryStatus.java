package org.vumi.go.http;

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

  static DeliveryStatus lookup(String wireName) {
    return Checks.byWireName(values(), DeliveryStatus::wireName, wireName);
  }
}
