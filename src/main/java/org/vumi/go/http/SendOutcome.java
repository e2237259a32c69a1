package org.vumi.go.http;

import org.vumi.go.http.internal.Checks;

import java.util.Objects;

/**
 * What became of one message of a bulk send: the message as Vumi Go accepted it, or the
 * exception its send ended with. Instances are immutable.
 */
public final class SendOutcome {
  private final OutboundMessage message;
  private final SentMessage sent;
  private final Exception error;

  private SendOutcome(OutboundMessage message, SentMessage sent, Exception error) {
    this.message = message;
    this.sent = sent;
    this.error = error;
  }

  /**
   * Makes the outcome of a message Vumi Go accepted.
   *
   * @param message the message sent; not null
   * @param sent Vumi Go's answer; not null
   * @return the outcome
   */
  public static SendOutcome sent(OutboundMessage message, SentMessage sent) {
    return new SendOutcome(Checks.requireNonNull(message, "message"), Checks.requireNonNull(sent, "sent"), null);
  }

  /**
   * Makes the outcome of a message whose send failed.
   *
   * @param message the message; not null
   * @param error what the send ended with, such as a {@link UserOptedOutException}; not null
   * @return the outcome
   */
  public static SendOutcome failed(OutboundMessage message, Exception error) {
    return new SendOutcome(Checks.requireNonNull(message, "message"), null, Checks.requireNonNull(error, "error"));
  }

  /**
   * Returns the message this outcome is for.
   *
   * @return the message, as given
   */
  public OutboundMessage message() {
    return message;
  }

  /**
   * Tells whether Vumi Go accepted the message.
   *
   * @return true when {@link #sentMessage()} holds the answer
   */
  public boolean isSent() {
    return sent != null;
  }

  /**
   * Returns the message as Vumi Go accepted it.
   *
   * @return the answer, or null when the send failed
   */
  public SentMessage sentMessage() {
    return sent;
  }

  /**
   * Returns what the send ended with: an {@link java.io.IOException} as a single send would throw
   * (say {@link UserOptedOutException}), or any other exception that ended it.
   *
   * @return the exception, or null when the message was sent
   */
  public Exception error() {
    return error;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SendOutcome
        && message.equals(((SendOutcome) other).message)
        && Objects.equals(sent, ((SendOutcome) other).sent)
        && Objects.equals(error, ((SendOutcome) other).error);
  }

  @Override
  public int hashCode() {
    return Objects.hash(message, sent, error);
  }

  @Override
  public String toString() {
    return "SendOutcome{" + message + (isSent() ? " sent as " + sent.messageId() : " failed: " + error) + "}";
  }
}
