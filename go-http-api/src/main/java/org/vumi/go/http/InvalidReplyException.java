package org.vumi.go.http;

import org.jspecify.annotations.Nullable;

/**
 * Vumi Go refused a reply because it knows no inbound message with that id in this conversation
 * (HTTP 400, reason {@code Invalid in_reply_to value}). Nothing was sent. Sending again will be
 * refused again; check the id, and that the reply goes through the conversation the message came in on.
 */
public class InvalidReplyException extends HttpApiException {
  private static final long serialVersionUID = 1L;

  /** The server's reason for this refusal, word for word. */
  static final String REASON = "Invalid in_reply_to value";

  /** The id the reply named. */
  private final String inReplyTo;

  /**
   * Makes an exception, for instance to stub a {@link ConversationSender} in a test.
   *
   * @param inReplyTo the id the reply named
   * @param responseBody the body as received, or null
   */
  public InvalidReplyException(String inReplyTo, @Nullable String responseBody) {
    super("No inbound message " + inReplyTo + " in this conversation to reply to (HTTP 400: " + REASON + ")",
        400, REASON, responseBody);
    this.inReplyTo = inReplyTo;
  }

  /**
   * Returns the id the reply named.
   *
   * @return the {@code in_reply_to} that Vumi Go did not know
   */
  public String inReplyTo() {
    return inReplyTo;
  }
}
