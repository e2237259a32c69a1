package org.vumi.go.http;

import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

/** The kinds of event Vumi Go pushes about a message the application sent. */
public enum EventType {
  /** The transport accepted the message ({@code ack}); it names its own id in {@code sent_message_id}. */
  ACK("ack"),
  /** The transport refused the message ({@code nack}); {@code nack_reason} says why. It will not be delivered. */
  NACK("nack"),
  /** The network reported on delivery ({@code delivery_report}); see {@link DeliveryStatus}. */
  DELIVERY_REPORT("delivery_report");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the name Vumi Go uses on the wire.
   *
   * @return {@code "ack"}, {@code "nack"} or {@code "delivery_report"}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the constant Vumi Go names so on the wire.
   *
   * @param wireName the wire name, such as {@code "ack"}
   * @return the constant
   * @throws IllegalArgumentException naming the allowed values, for any other name
   * @throws NullPointerException if {@code wireName} is null
   */
  public static EventType fromWireName(String wireName) {
    EventType found = lookup(Checks.requireNonNull(wireName, "wireName"));
    if (found == null) {
      StringBuilder allowed = new StringBuilder();
      for (EventType value : values()) {
        allowed.append(allowed.length() == 0 ? "" : ", ").append('"').append(value.wireName()).append('"');
      }
      throw new IllegalArgumentException("wireName must be one of " + allowed + ", but was " + Checks.quote(wireName));
    }
    return found;
  }

  static @Nullable EventType lookup(@Nullable String wireName) {
    return Checks.byWireName(values(), EventType::wireName, wireName);
  }
}
