package org.vumi.go.http;

import org.jspecify.annotations.Nullable;

/**
 * The recipient has opted out of messages from this account, so Vumi Go refused the send
 * (HTTP 400, reason {@code Recipient with msisdn ... has opted out}). Nothing was sent; sending
 * again will be refused again.
 */
public class UserOptedOutException extends HttpApiException {
  private static final long serialVersionUID = 1L;

  /** The recipient who opted out. */
  private final String toAddr;
  /** The text that was not sent. */
  private final String content;

  /**
   * Makes an exception, for instance to stub a {@link ConversationSender} in a test.
   *
   * @param toAddr the recipient who opted out
   * @param content the text that was not sent
   * @param reason the server's reason
   * @param responseBody the body as received, or null
   */
  public UserOptedOutException(String toAddr, String content, String reason,
      @Nullable String responseBody) {
    super("Recipient " + toAddr + " has opted out (HTTP 400: " + reason + ")", 400, reason, responseBody);
    this.toAddr = toAddr;
    this.content = content;
  }

  /**
   * Returns the recipient who opted out.
   *
   * @return the address the message was for
   */
  public String toAddr() {
    return toAddr;
  }

  /**
   * Returns the text that was not sent.
   *
   * @return the message content
   */
  public String content() {
    return content;
  }
}
