package org.vumi.go.http;

import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

import java.util.Objects;

/**
 * A message to send through a conversation: the typed form behind
 * {@link ConversationSender#sendText(String, String)} and
 * {@link ConversationSender#sendVoice(String, String, String, String, String)}.
 *
 * <pre>{@code
 * OutboundMessage goodbye = OutboundMessage.text("+27831234567", "Thanks, goodbye!")
 *     .withSessionEvent(SessionEvent.CLOSE);
 * sender.send(goodbye);
 * }</pre>
 *
 * <p>Instances are immutable; the factories and withers check their arguments at once, so a message
 * that exists is one that can be sent.
 */
public final class OutboundMessage {
  /** Made with the record's constructor: a text message needs no builder class loaded. */
  private static final VoiceOptions NO_VOICE = new VoiceOptions(null, null);

  private final @Nullable String toAddr;
  private final @Nullable String inReplyTo;
  private final String content;
  private final @Nullable SessionEvent sessionEvent;
  private final VoiceOptions voice;

  private OutboundMessage(@Nullable String toAddr, @Nullable String inReplyTo, String content,
      @Nullable SessionEvent sessionEvent, VoiceOptions voice) {
    this.toAddr = toAddr;
    this.inReplyTo = inReplyTo;
    this.content = content;
    this.sessionEvent = sessionEvent;
    this.voice = voice;
  }

  /**
   * Returns a text message (SMS, USSD or any text channel).
   *
   * @param toAddr the recipient's address, such as an MSISDN {@code +27831234567}; not blank, no
   *     control characters
   * @param content the text; not blank; any Unicode, newlines included
   * @return the message, with no session event
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is blank, {@code toAddr} holds a control
   *     character, or either holds a lone UTF-16 surrogate
   */
  public static OutboundMessage text(String toAddr, String content) {
    return new OutboundMessage(Checks.requireName(toAddr, "toAddr"), null, checkContent(content), null, NO_VOICE);
  }

  private static String checkContent(String content) {
    return Checks.requireWellFormed(Checks.requireText(content, "content"), "content");
  }

  /**
   * Returns a reply to a message a person sent: the only way to continue or close a USSD session.
   * Vumi Go sends it to whoever sent the inbound message, on the channel it came in on, and lets it
   * through even to people who opted out.
   *
   * @param inReplyTo the {@code message_id} of the inbound message; not blank
   * @param content the text; not blank
   * @return the reply, with no session event (Vumi Go then keeps a session open)
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is blank or malformed
   */
  public static OutboundMessage reply(String inReplyTo, String content) {
    return new OutboundMessage(null, Checks.requireName(inReplyTo, "inReplyTo"), checkContent(content), null, NO_VOICE);
  }

  /**
   * Returns a reply to an inbound message.
   *
   * @param inbound the message to answer; not null
   * @param content the text; not blank
   * @return the reply, with no session event
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code content} is blank or malformed
   */
  public static OutboundMessage reply(InboundMessage inbound, String content) {
    return reply(Checks.requireNonNull(inbound, "inbound").messageId(), content);
  }

  /**
   * Returns a message for a voice channel.
   *
   * @param toAddr the recipient's address; not blank
   * @param content the text to speak (or to fall back on when a speech URL is set); not blank
   * @param voice the voice options; not null
   * @return the message, with no session event
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code toAddr} or {@code content} is blank
   */
  public static OutboundMessage voice(String toAddr, String content, VoiceOptions voice) {
    return text(toAddr, content).withVoice(voice);
  }

  /**
   * Returns a copy of this message with the given session event.
   *
   * @param sessionEvent the session event, or null for none
   * @return a new message
   */
  public OutboundMessage withSessionEvent(@Nullable SessionEvent sessionEvent) {
    return new OutboundMessage(toAddr, inReplyTo, content, sessionEvent, voice);
  }

  /**
   * Returns a copy of this message with the given voice options.
   *
   * @param voice the voice options; not null ({@code VoiceOptions.builder().build()} for none)
   * @return a new message
   */
  public OutboundMessage withVoice(VoiceOptions voice) {
    return new OutboundMessage(toAddr, inReplyTo, content, sessionEvent, Checks.requireNonNull(voice, "voice"));
  }

  /**
   * Returns the recipient's address.
   *
   * @return the address, or null for a reply (which goes to whoever sent the inbound message)
   */
  public @Nullable String toAddr() {
    return toAddr;
  }

  /**
   * Returns the id of the inbound message this one answers.
   *
   * @return the id, or null when this is not a reply
   */
  public @Nullable String inReplyTo() {
    return inReplyTo;
  }

  /**
   * Tells whether this is a reply to an inbound message.
   *
   * @return true for a message made by {@code reply}
   */
  public boolean isReply() {
    return inReplyTo != null;
  }

  /**
   * Returns the text of the message.
   *
   * @return the text
   */
  public String content() {
    return content;
  }

  /**
   * Returns the session event.
   *
   * @return the session event, or null when none is sent
   */
  public @Nullable SessionEvent sessionEvent() {
    return sessionEvent;
  }

  /**
   * Returns the voice options; {@link VoiceOptions#isEmpty() empty} for a plain text message.
   *
   * @return the voice options, never null
   */
  public VoiceOptions voice() {
    return voice;
  }

  /**
   * Returns the message as it goes on the wire: the JSON body of the PUT, keys in the Python
   * client's order, present only when set.
   *
   * @return the JSON object
   */
  public String toJson() {
    return new String(Json.messageBody(this, null), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof OutboundMessage)) {
      return false;
    }
    OutboundMessage that = (OutboundMessage) other;
    return Objects.equals(toAddr, that.toAddr) && Objects.equals(inReplyTo, that.inReplyTo)
        && content.equals(that.content) && sessionEvent == that.sessionEvent && voice.equals(that.voice);
  }

  @Override
  public int hashCode() {
    return Objects.hash(toAddr, inReplyTo, content, sessionEvent, voice);
  }

  @Override
  public String toString() {
    return "OutboundMessage{" + (isReply() ? "inReplyTo=" + inReplyTo : "toAddr=" + toAddr)
        + ", content=" + content + ", sessionEvent=" + sessionEvent + (voice.isEmpty() ? "" : ", voice=" + voice) + "}";
  }
}
