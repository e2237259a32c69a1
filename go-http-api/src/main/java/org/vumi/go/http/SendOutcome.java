package org.vumi.go.http;

import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

/**
 * What became of one message of a bulk send: the message as Vumi Go accepted it, or the
 * exception its send ended with. Instances are immutable.
 *
 * @param message the message this outcome is for, as given
 * @param sentMessage the message as Vumi Go accepted it, or null when the send failed
 * @param error what the send ended with (an {@link java.io.IOException} as a single send would
 *     throw, say {@link UserOptedOutException}), or null when the message was sent
 */
public record SendOutcome(OutboundMessage message, @Nullable SentMessage sentMessage,
    @Nullable Exception error) {
  /**
   * Makes an outcome; {@link #sent} and {@link #failed} read better.
   *
   * @param message the message; not null
   * @param sentMessage the answer, or null
   * @param error the failure, or null
   * @throws NullPointerException if {@code message} is null
   * @throws IllegalArgumentException unless exactly one of {@code sentMessage} and {@code error} is given
   */
  public SendOutcome {
    Checks.requireNonNull(message, "message");
    if ((sentMessage == null) == (error == null)) {
      throw new IllegalArgumentException("exactly one of sentMessage and error must be given");
    }
  }

  /**
   * Makes the outcome of a message Vumi Go accepted.
   *
   * @param message the message sent; not null
   * @param sent Vumi Go's answer; not null
   * @return the outcome
   */
  public static SendOutcome sent(OutboundMessage message, SentMessage sent) {
    return new SendOutcome(message, Checks.requireNonNull(sent, "sent"), null);
  }

  /**
   * Makes the outcome of a message whose send failed.
   *
   * @param message the message; not null
   * @param error what the send ended with, such as a {@link UserOptedOutException}; not null
   * @return the outcome
   */
  public static SendOutcome failed(OutboundMessage message, Exception error) {
    return new SendOutcome(message, null, Checks.requireNonNull(error, "error"));
  }

  /**
   * Tells whether Vumi Go accepted the message.
   *
   * @return true when {@link #sentMessage()} holds the answer
   */
  public boolean isSent() {
    return sentMessage != null;
  }

  /**
   * Tells whether the message may have reached Vumi Go and been processed: true when it was sent,
   * and when the failure leaves it open (a {@link TransportException} that says so, a 5xx, an
   * unexpected 2xx); false when it certainly was not (a refusal such as
   * {@link UserOptedOutException}, or a failure before anything was sent).
   *
   * @return whether sending it again could duplicate it
   */
  public boolean mayHaveBeenSent() {
    if (isSent() || error instanceof UnexpectedResponseException) {
      return true;
    }
    if (error instanceof TransportException transport) {
      return transport.mayHaveBeenSent();
    }
    if (error instanceof HttpApiException refusal) {
      return refusal.statusCode() >= 500;
    }
    return false; // bad input and the like: refused before anything was sent
  }

  /**
   * Returns how many times the message was sent to the server.
   *
   * @return the failure's own count when it carries one; 1 for a message sent (attempts before
   *     the one that succeeded are not counted) or answered unexpectedly; 0 when nothing was sent
   */
  public int attempts() {
    if (error instanceof TransportException transport) {
      return transport.attempts();
    }
    if (error instanceof HttpApiException refusal) {
      return refusal.attempts();
    }
    return isSent() || error instanceof UnexpectedResponseException ? 1 : 0;
  }

  @Override
  public String toString() {
    return "SendOutcome{" + message + (isSent() ? " sent as " + sentMessage.messageId() : " failed: " + error) + "}";
  }
}
