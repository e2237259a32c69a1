package org.vumi.go.http;

import java.io.IOException;

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
public interface ConversationSender {

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
  default SentMessage sendText(String toAddr, String content, String sessionEvent) throws IOException {
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
  default SentMessage sendVoice(String toAddr, String content, String speechUrl, String waitFor,
      String sessionEvent) throws IOException {
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
    return fireMetric(Metric.of(metric, value, Aggregate.parse(agg, "agg")));
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
  default SentMessage replyTo(String inReplyTo, String content, String sessionEvent) throws IOException {
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
  default SentMessage replyTo(InboundMessage inbound, String content, SessionEvent sessionEvent) throws IOException {
    return send(OutboundMessage.reply(inbound, content).withSessionEvent(sessionEvent));
  }

  private static SessionEvent optionalSessionEvent(String sessionEvent) {
    return sessionEvent == null ? null : SessionEvent.parse(sessionEvent, "sessionEvent");
  }
}
