package org.vumi.go.http;

import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Checks;

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
 *
 * @param speechUrl the audio file to play instead of speaking the content (an absolute http or
 *     https URL), or null to speak the content
 * @param waitFor the keypad key that ends the person's input ({@code 0}-{@code 9}, {@code *},
 *     {@code #} or {@code A}-{@code D}), or null for none
 */
public record VoiceOptions(@Nullable String speechUrl, @Nullable String waitFor) {
  private static final String DTMF_KEYS = "0123456789*#ABCD";

  /**
   * Makes options; {@link #builder()} reads better.
   *
   * @param speechUrl an absolute http or https URL, or null
   * @param waitFor one keypad key, or null
   * @throws IllegalArgumentException if {@code speechUrl} is not an absolute http(s) URL or
   *     {@code waitFor} is not one keypad key
   */
  public VoiceOptions {
    if (speechUrl != null && HttpUrl.parse(speechUrl) == null) {
      throw new IllegalArgumentException(
          "speechUrl must be an absolute http or https URL, but was " + Checks.quote(speechUrl));
    }
    if (waitFor != null && (waitFor.length() != 1 || DTMF_KEYS.indexOf(waitFor.charAt(0)) < 0)) {
      throw new IllegalArgumentException("waitFor must be one keypad key (0-9, *, #, A-D), but was "
          + Checks.quote(waitFor));
    }
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
   * Tells whether no option is set, so that nothing is sent.
   *
   * @return true when both options are null
   */
  public boolean isEmpty() {
    return speechUrl == null && waitFor == null;
  }

  /** Builds {@link VoiceOptions}; each setter checks its argument at once. */
  public static final class Builder {
    private @Nullable String speechUrl;
    private @Nullable String waitFor;

    private Builder() {}

    /**
     * Sets the audio file to play instead of speaking the content.
     *
     * @param speechUrl an absolute http or https URL, or null to speak the content
     * @return this builder
     * @throws IllegalArgumentException if the URL is blank, malformed or not http(s)
     */
    public Builder speechUrl(@Nullable String speechUrl) {
      new VoiceOptions(speechUrl, null);
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
    public Builder waitFor(@Nullable String waitFor) {
      new VoiceOptions(null, waitFor);
      this.waitFor = waitFor;
      return this;
    }

    /**
     * Returns the options set so far.
     *
     * @return new immutable options
     */
    public VoiceOptions build() {
      return new VoiceOptions(speechUrl, waitFor);
    }
  }
}
