package org.vumi.go.http;

import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Sends messages and fires metrics through one Vumi Go conversation.
 *
 * <p>Application code depends on this type, so that configuration decides between the real
 * {@link HttpApiSender} and the {@link LoggingSender} stand-in:
 *
 * <pre>{@code
 * ConversationSender sender = config.liveSending()
 *     ? new HttpApiSender(accountKey, conversationKey, conversationToken)
 *     : new LoggingSender();
 * sender.sendText("+27831234567", "Your code is 1234");
 * }</pre>
 *
 * <p>The string forms mirror the Python client's methods; each checks its arguments before anything
 * is sent and delegates to {@link #send(OutboundMessage)} or {@link #fireMetric(Metric)}.
 * Implementations are safe to share between threads.
 */
public interface ConversationSender extends AutoCloseable {

  /**
   * Sends a message.
   *
   * @param message the message; not null
   * @return the message as Vumi Go accepted it
   * @throws UserOptedOutException if the recipient has opted out
   * @throws HttpApiException if Vumi Go refused the request
   * @throws UnexpectedResponseException if Vumi Go answered 2xx with something other than a message
   * @throws IOException if the exchange failed; the message was not sent again
   */
  SentMessage send(OutboundMessage message) throws IOException;

  /**
   * Fires one metric value.
   *
   * @param metric the metric; not null
   * @return Vumi Go's answer, normally {@code success} with reason {@code "Metrics published"}
   * @throws HttpApiException if Vumi Go refused the request
   * @throws UnexpectedResponseException if Vumi Go answered 2xx with something other than a JSON object
   * @throws IOException if the exchange failed
   */
  MetricResult fireMetric(Metric metric) throws IOException;

  /**
   * Sends a text message (SMS, USSD or any text channel).
   *
   * @param toAddr the recipient's address, such as {@code +27831234567}; not blank
   * @param content the text; not blank
   * @return the message as Vumi Go accepted it
   * @throws IllegalArgumentException if an argument is blank; nothing is sent
   * @throws NullPointerException if an argument is null; nothing is sent
   * @throws IOException as for {@link #send(OutboundMessage)}
   */
  default SentMessage sendText(String toAddr, String content) throws IOException {
    return send(OutboundMessage.text(toAddr, content));
  }

  /**
   * Sends a text message with a session event.
   *
   * @param toAddr the recipient's address; not blank
   * @param content the text; not blank
   * @param sessionEvent {@code "new"}, {@code "resume"}, {@code "close"}, or null for none
   * @return the message as Vumi Go accepted it
   * @throws IllegalArgumentException if an argument is blank or the session event unknown; nothing is sent
   * @throws NullPointerException if {@code toAddr} or {@code content} is null; nothing is sent
   * @throws IOException as for {@link #send(OutboundMessage)}
   */
  default SentMessage sendText(String toAddr, String content, @Nullable String sessionEvent) throws IOException {
    return send(OutboundMessage.text(toAddr, content).withSessionEvent(optionalSessionEvent(sessionEvent)));
  }

  /**
   * Sends a message over a voice channel, spoken by text-to-speech.
   *
   * @param toAddr the recipient's address; not blank
   * @param content the text to speak; not blank
   * @return the message as Vumi Go accepted it
   * @throws IllegalArgumentException if an argument is blank; nothing is sent
   * @throws NullPointerException if an argument is null; nothing is sent
   * @throws IOException as for {@link #send(OutboundMessage)}
   */
  default SentMessage sendVoice(String toAddr, String content) throws IOException {
    return sendVoice(toAddr, content, null, null, null);
  }

  /**
   * Sends a message over a voice channel.
   *
   * @param toAddr the recipient's address; not blank
   * @param content the text to speak; not blank
   * @param speechUrl an http(s) URL of audio to play instead of speaking {@code content}, or null
   * @param waitFor the keypad key that ends the person's input, such as {@code "#"}, or null
   * @param sessionEvent {@code "new"}, {@code "resume"}, {@code "close"}, or null for none
   * @return the message as Vumi Go accepted it
   * @throws IllegalArgumentException if an argument is blank, malformed or unknown; nothing is sent
   * @throws NullPointerException if {@code toAddr} or {@code content} is null; nothing is sent
   * @throws IOException as for {@link #send(OutboundMessage)}
   */
  default SentMessage sendVoice(String toAddr, String content, @Nullable String speechUrl,
      @Nullable String waitFor, @Nullable String sessionEvent) throws IOException {
    VoiceOptions voice = VoiceOptions.builder().speechUrl(speechUrl).waitFor(waitFor).build();
    return send(OutboundMessage.voice(toAddr, content, voice)
        .withSessionEvent(optionalSessionEvent(sessionEvent)));
  }

  /**
   * Fires a metric value aggregated as {@code last}.
   *
   * @param metric the metric's name; not blank
   * @param value a finite number
   * @return Vumi Go's answer
   * @throws IllegalArgumentException if the name is blank or the value NaN or infinite; nothing is sent
   * @throws NullPointerException if {@code metric} is null; nothing is sent
   * @throws IOException as for {@link #fireMetric(Metric)}
   */
  default MetricResult fireMetric(String metric, double value) throws IOException {
    Metric.checked(metric, value, Aggregate.LAST, "metric", "agg");
    return fireMetric(Metric.of(metric, value));
  }

  /**
   * Fires a metric value.
   *
   * @param metric the metric's name; not blank
   * @param value a finite number
   * @param agg {@code "last"}, {@code "sum"}, {@code "avg"}, {@code "max"} or {@code "min"}
   * @return Vumi Go's answer
   * @throws IllegalArgumentException if the name is blank, the value NaN or infinite, or the
   *     aggregate unknown or null; nothing is sent
   * @throws NullPointerException if {@code metric} is null; nothing is sent
   * @throws IOException as for {@link #fireMetric(Metric)}
   */
  default MetricResult fireMetric(String metric, double value, String agg) throws IOException {
    Aggregate aggregate = Aggregate.parse(Checks.requireNonNull(agg, "agg"), "agg");
    Metric.checked(metric, value, aggregate, "metric", "agg");
    return fireMetric(Metric.of(metric, value, aggregate));
  }

  /**
   * Replies to a message a person sent, keeping a session open.
   *
   * @param inReplyTo the {@code message_id} of the inbound message; not blank
   * @param content the text; not blank
   * @return the reply as Vumi Go accepted it
   * @throws InvalidReplyException if Vumi Go knows no such inbound message in this conversation
   * @throws IllegalArgumentException if an argument is blank; nothing is sent
   * @throws NullPointerException if an argument is null; nothing is sent
   * @throws IOException as for {@link #send(OutboundMessage)}
   */
  default SentMessage replyTo(String inReplyTo, String content) throws IOException {
    return send(OutboundMessage.reply(inReplyTo, content));
  }

  /**
   * Replies to a message a person sent, with a session event: {@code "close"} ends a USSD session.
   *
   * @param inReplyTo the {@code message_id} of the inbound message; not blank
   * @param content the text; not blank
   * @param sessionEvent {@code "new"}, {@code "resume"}, {@code "close"}, or null for none
   * @return the reply as Vumi Go accepted it
   * @throws InvalidReplyException if Vumi Go knows no such inbound message in this conversation
   * @throws IllegalArgumentException if an argument is blank or the session event unknown; nothing is sent
   * @throws NullPointerException if {@code inReplyTo} or {@code content} is null; nothing is sent
   * @throws IOException as for {@link #send(OutboundMessage)}
   */
  default SentMessage replyTo(String inReplyTo, String content, @Nullable String sessionEvent)
      throws IOException {
    return send(OutboundMessage.reply(inReplyTo, content).withSessionEvent(optionalSessionEvent(sessionEvent)));
  }

  /**
   * Replies to an inbound message, with a session event.
   *
   * <pre>{@code
   * sender.replyTo(message, "Thanks, goodbye!", SessionEvent.CLOSE);
   * }</pre>
   *
   * @param inbound the message to answer; not null
   * @param content the text; not blank
   * @param sessionEvent {@link SessionEvent#RESUME} to keep a session open, {@link SessionEvent#CLOSE}
   *     to end it, or null for none
   * @return the reply as Vumi Go accepted it
   * @throws InvalidReplyException if Vumi Go knows no such inbound message in this conversation
   * @throws IllegalArgumentException if {@code content} is blank; nothing is sent
   * @throws NullPointerException if {@code inbound} or {@code content} is null; nothing is sent
   * @throws IOException as for {@link #send(OutboundMessage)}
   */
  default SentMessage replyTo(InboundMessage inbound, String content, @Nullable SessionEvent sessionEvent)
      throws IOException {
    return send(OutboundMessage.reply(inbound, content).withSessionEvent(sessionEvent));
  }

  /**
   * Sends a message without blocking the caller. Bad input still fails at once, with the
   * exception {@link #send(OutboundMessage)} throws; everything after that completes the future.
   * This default sends in the calling thread and returns a completed future; {@link HttpApiSender}
   * sends on OkHttp's asynchronous calls, and cancelling its future cancels the call.
   *
   * @param message the message; not null
   * @return the message as Vumi Go accepted it, or the exception {@link #send} would throw
   */
  default CompletableFuture<SentMessage> sendAsync(OutboundMessage message) {
    Checks.requireNonNull(message, "message");
    try {
      return CompletableFuture.completedFuture(send(message));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Fires a metric without blocking the caller; see {@link #sendAsync(OutboundMessage)}.
   *
   * @param metric the metric; not null
   * @return Vumi Go's answer, or the exception {@link #fireMetric(Metric)} would throw
   */
  default CompletableFuture<MetricResult> fireMetricAsync(Metric metric) {
    Checks.requireNonNull(metric, "metric");
    try {
      return CompletableFuture.completedFuture(fireMetric(metric));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Sends many messages, blocking until every one has an outcome, in input order. Nothing is
   * lost and nothing sent twice; a failed message does not stop the others. {@link HttpApiSender}
   * sends them concurrently, at most {@link HttpApiSender.Builder#maxInFlight} at a time, taking
   * the next message only when a turn is free (so a long {@code Stream}, passed as
   * {@code stream::iterator}, is never held in memory whole); this default sends one at a time.
   *
   * @param messages the messages; not null, nor any of them
   * @return one outcome per message, in input order
   * @throws NullPointerException if {@code messages} or one of them is null (named by its index);
   *     nothing is sent
   */
  default List<SendOutcome> sendAll(Iterable<OutboundMessage> messages) {
    Checks.requireNonNull(messages, "messages");
    List<SendOutcome> outcomes = new ArrayList<>();
    for (OutboundMessage message : Bulk.checked(messages)) {
      try {
        outcomes.add(SendOutcome.sent(message, send(message)));
      } catch (IOException e) {
        outcomes.add(SendOutcome.failed(message, e));
      }
    }
    return outcomes;
  }

  /**
   * Sends many messages without blocking the caller; see {@link #sendAll(Iterable)}.
   *
   * @param messages the messages; not null, nor any of them (checked before anything is sent)
   * @return one outcome per message, in input order, once all are done
   * @throws NullPointerException if {@code messages} or one of them is null; nothing is sent
   */
  default CompletableFuture<List<SendOutcome>> sendAllAsync(List<OutboundMessage> messages) {
    return Bulk.sendAllAsync(this, messages);
  }

  private static @Nullable SessionEvent optionalSessionEvent(@Nullable String sessionEvent) {
    return sessionEvent == null ? null : SessionEvent.parse(sessionEvent, "sessionEvent");
  }

  /**
   * Closes the sender: calls made after it fail at once with an {@link IllegalStateException} and
   * send nothing; calls in flight finish as they would. Throws no checked exception, and is
   * idempotent. A sender that holds nothing (such as {@link LoggingSender}, or a test's stub) does
   * nothing: that is this default.
   */
  @Override
  default void close() {}
}
