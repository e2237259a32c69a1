package org.vumi.go.http;

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
  private static final VoiceOptions NO_VOICE = VoiceOptions.builder().build();

  private final String toAddr;
  private final String content;
  private final SessionEvent sessionEvent;
  private final VoiceOptions voice;

  private OutboundMessage(String toAddr, String content, SessionEvent sessionEvent, VoiceOptions voice) {
    this.toAddr = toAddr;
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
    return new OutboundMessage(Checks.requireName(toAddr, "toAddr"),
        Checks.requireWellFormed(Checks.requireText(content, "content"), "content"), null, NO_VOICE);
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
  public OutboundMessage withSessionEvent(SessionEvent sessionEvent) {
    return new OutboundMessage(toAddr, content, sessionEvent, voice);
  }

  /**
   * Returns a copy of this message with the given voice options.
   *
   * @param voice the voice options; not null ({@code VoiceOptions.builder().build()} for none)
   * @return a new message
   */
  public OutboundMessage withVoice(VoiceOptions voice) {
    return new OutboundMessage(toAddr, content, sessionEvent, Checks.requireNonNull(voice, "voice"));
  }

  /**
   * Returns the recipient's address.
   *
   * @return the address
   */
  public String toAddr() {
    return toAddr;
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
  public SessionEvent sessionEvent() {
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

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof OutboundMessage)) {
      return false;
    }
    OutboundMessage that = (OutboundMessage) other;
    return toAddr.equals(that.toAddr) && content.equals(that.content)
        && sessionEvent == that.sessionEvent && voice.equals(that.voice);
  }

  @Override
  public int hashCode() {
    return Objects.hash(toAddr, content, sessionEvent, voice);
  }

  @Override
  public String toString() {
    return "OutboundMessage{toAddr=" + toAddr + ", content=" + content + ", sessionEvent=" + sessionEvent
        + (voice.isEmpty() ? "" : ", voice=" + voice) + "}";
  }
}
