package org.vumi.go.http;

import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

/**
 * Where a message stands in a session-based conversation such as USSD.
 *
 * <p>On the wire this is the {@code session_event} field, written in lower case ({@link #wireName()}).
 */
public enum SessionEvent {
  /** The message starts a new session. */
  NEW("new"),
  /** The message continues a session; the person is expected to answer. */
  RESUME("resume"),
  /** The message ends the session. */
  CLOSE("close");

  private final String wireName;

  SessionEvent(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the name Vumi Go uses on the wire.
   *
   * @return {@code "new"}, {@code "resume"} or {@code "close"}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the session event with the given wire name.
   *
   * @param wireName {@code "new"}, {@code "resume"} or {@code "close"}, exactly
   * @return the matching session event
   * @throws IllegalArgumentException naming the allowed values, for any other string or null
   */
  public static SessionEvent fromWireName(String wireName) {
    return parse(wireName, "sessionEvent");
  }

  static SessionEvent parse(String wireName, String parameter) {
    SessionEvent event = lookup(wireName);
    if (event == null) {
      throw new IllegalArgumentException(
          parameter + " must be one of \"new\", \"resume\", \"close\", but was " + Checks.quote(wireName));
    }
    return event;
  }

  /** Returns the event with this wire name, or null: for reading what a server sent, never failing. */
  static @Nullable SessionEvent lookup(@Nullable String wireName) {
    return Checks.byWireName(values(), SessionEvent::wireName, wireName);
  }
}
