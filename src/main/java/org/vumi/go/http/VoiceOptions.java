package org.vumi.go.http;

import org.vumi.go.http.internal.Checks;

import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Options for a message sent over a voice channel: sent as
 * {@code "helper_metadata": {"voice": {...}}}, holding only the options that are set.
 *
 * <pre>{@code
 * VoiceOptions voice = VoiceOptions.builder()
 *     .speechUrl("https://example.org/welcome.ogg")
 *     .waitFor("#")
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable.
 */
public final class VoiceOptions {
  private static final String DTMF_KEYS = "0123456789*#ABCD";

  private final String speechUrl;
  private final String waitFor;

  private VoiceOptions(Builder builder) {
    this.speechUrl = builder.speechUrl;
    this.waitFor = builder.waitFor;
  }

  /**
   * Returns a builder with no option set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the URL of an audio file the voice channel plays instead of speaking the content.
   *
   * @return the URL, or null when the content is to be spoken
   */
  public String speechUrl() {
    return speechUrl;
  }

  /**
   * Returns the key the voice channel waits for before it hands the keys pressed back as one reply
   * ({@code 123#} gives one reply {@code 123} instead of four).
   *
   * @return the key, or null when every key press is its own reply
   */
  public String waitFor() {
    return waitFor;
  }

  /**
   * Tells whether no option is set, in which case no {@code helper_metadata} is sent.
   *
   * @return true when neither option is set
   */
  public boolean isEmpty() {
    return speechUrl == null && waitFor == null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VoiceOptions
        && Objects.equals(speechUrl, ((VoiceOptions) other).speechUrl)
        && Objects.equals(waitFor, ((VoiceOptions) other).waitFor);
  }

  @Override
  public int hashCode() {
    return Objects.hash(speechUrl, waitFor);
  }

  @Override
  public String toString() {
    return "VoiceOptions{speechUrl=" + speechUrl + ", waitFor=" + waitFor + "}";
  }

  /** Builds {@link VoiceOptions}; each setter checks its argument at once. */
  public static final class Builder {
    private String speechUrl;
    private String waitFor;

    private Builder() {}

    /**
     * Sets the audio file to play instead of speaking the content.
     *
     * @param speechUrl an absolute http or https URL, or null to speak the content
     * @return this builder
     * @throws IllegalArgumentException if the URL is blank, malformed or not http(s)
     */
    public Builder speechUrl(String speechUrl) {
      if (speechUrl != null && HttpUrl.parse(speechUrl) == null) {
        throw new IllegalArgumentException(
            "speechUrl must be an absolute http or https URL, but was " + Checks.quote(speechUrl));
      }
      this.speechUrl = speechUrl;
      return this;
    }

    /**
     * Sets the key that ends the person's input.
     *
     * @param waitFor one telephone keypad key: {@code 0}-{@code 9}, {@code *}, {@code #} or
     *     {@code A}-{@code D}; or null for none
     * @return this builder
     * @throws IllegalArgumentException for anything but a single keypad key
     */
    public Builder waitFor(String waitFor) {
      if (waitFor != null && (waitFor.length() != 1 || DTMF_KEYS.indexOf(waitFor.charAt(0)) < 0)) {
        throw new IllegalArgumentException("waitFor must be one keypad key (0-9, *, #, A-D), but was "
            + Checks.quote(waitFor));
      }
      this.waitFor = waitFor;
      return this;
    }

    /**
     * Returns the options set so far.
     *
     * @return new immutable options
     */
    public VoiceOptions build() {
      return new VoiceOptions(this);
    }
  }
}
