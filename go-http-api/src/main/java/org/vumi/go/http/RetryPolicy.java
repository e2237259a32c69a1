package org.vumi.go.http;

import java.time.Duration;
import org.vumi.go.http.internal.Checks;

/**
 * When a request is sent again: only where that cannot duplicate its effect.
 *
 * <p>A request that is not idempotent (a message, a metric, a new contact) is sent again only where
 * the server certainly did not process it: a 403 {@code Too many concurrent connections} answer
 * (Vumi Go refuses before it reads the request), a 429 answer with a {@code Retry-After} header, and
 * a connection that failed before any byte of the request was written. Never after a timeout or a
 * dropped connection once the request was written, and never on any other answer.
 *
 * <p>A 503 is not proof that nothing happened: Vumi Go itself never answers 503, but a proxy or
 * gateway in front of it may, also after it passed the request on (some answer 503 after an upstream
 * reset). So a 503 with {@code Retry-After} is retried only if you turn
 * {@link Builder#retryServiceUnavailable(boolean)} on, accepting that risk. Idempotent requests (reads,
 * deletes, setting an opt-out) are also retried after failures once sent, and after 502, 503 and 504.
 *
 * <p>Waits between attempts grow exponentially from {@link #initialBackoff()}, with random jitter so
 * that many clients do not retry in step, up to {@link #maxBackoff()}. A {@code Retry-After} from the
 * server is honoured, capped at {@link #maxBackoff()}. No wait runs past the operation's deadline.
 *
 * <pre>{@code
 * RetryPolicy patient = RetryPolicy.builder().maxAttempts(5).maxBackoff(Duration.ofSeconds(30)).build();
 * }</pre>
 *
 * @param maxAttempts how many times a request may be sent at most, the first time included: 1 to 100
 * @param initialBackoff the wait before the first retry: 0 to 1 hour
 * @param maxBackoff the longest wait between attempts, {@code Retry-After} included: 0 to 1 hour
 * @param retryServiceUnavailable whether a 503 with {@code Retry-After} is retried for requests that
 *     are not idempotent
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
    boolean retryServiceUnavailable) {
  /** The longest wait either backoff may be set to. */
  private static final Duration MAX_WAIT = Duration.ofHours(1);
  /** The defaults, which a new builder starts from. Made directly: a client's first use needs no builder class. */
  private static final RetryPolicy DEFAULTS = new RetryPolicy(3, Duration.ofMillis(250), Duration.ofSeconds(10), false);
  private static final RetryPolicy NONE = new RetryPolicy(1, DEFAULTS.initialBackoff, DEFAULTS.maxBackoff, false);

  /**
   * Makes a policy; prefer {@link #builder()}.
   *
   * @param maxAttempts how many times a request may be sent at most, the first time included: 1 to 100
   * @param initialBackoff the wait before the first retry: 0 to 1 hour
   * @param maxBackoff the longest wait between attempts, {@code Retry-After} included: 0 to 1 hour
   * @param retryServiceUnavailable whether a 503 with {@code Retry-After} is retried for requests that
   *     are not idempotent
   * @throws IllegalArgumentException if a value is out of its range
   * @throws NullPointerException if a duration is null
   */
  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException("maxAttempts must be from 1 to 100, but was " + maxAttempts);
    }
    checkWait(initialBackoff, "initialBackoff");
    checkWait(maxBackoff, "maxBackoff");
  }

  private static void checkWait(Duration duration, String parameter) {
    Checks.requireNonNull(duration, parameter);
    if (duration.isNegative() || duration.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException(parameter + " must be from 0 to 1 hour (PT1H), but was " + duration);
    }
  }

  /**
   * Returns the default policy: 3 attempts, backoff from 250 ms up to 10 s, 503 not retried.
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a policy that never sends a request again.
   *
   * @return a policy of one attempt
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * Returns a builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder starting from this policy.
   *
   * @return a new builder
   */
  public Builder newBuilder() {
    return new Builder().maxAttempts(maxAttempts).initialBackoff(initialBackoff).maxBackoff(maxBackoff)
        .retryServiceUnavailable(retryServiceUnavailable);
  }

  /** Builds a {@link RetryPolicy}; each setter checks its argument at once. */
  public static final class Builder {
    private int maxAttempts = DEFAULTS.maxAttempts;
    private Duration initialBackoff = DEFAULTS.initialBackoff;
    private Duration maxBackoff = DEFAULTS.maxBackoff;
    private boolean retryServiceUnavailable = DEFAULTS.retryServiceUnavailable;

    private Builder() {}

    /**
     * Sets how many times a request may be sent at most.
     *
     * @param maxAttempts 1 (never again) to 100
     * @return this builder
     * @throws IllegalArgumentException outside 1 to 100
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be from 1 to 100, but was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the wait before the first retry; each later wait doubles it.
     *
     * @param initialBackoff 0 to 1 hour
     * @return this builder
     * @throws IllegalArgumentException outside 0 to 1 hour
     */
    public Builder initialBackoff(Duration initialBackoff) {
      checkWait(initialBackoff, "initialBackoff");
      this.initialBackoff = initialBackoff;
      return this;
    }

    /**
     * Sets the longest wait between attempts, which also caps the server's {@code Retry-After}.
     *
     * @param maxBackoff 0 to 1 hour
     * @return this builder
     * @throws IllegalArgumentException outside 0 to 1 hour
     */
    public Builder maxBackoff(Duration maxBackoff) {
      checkWait(maxBackoff, "maxBackoff");
      this.maxBackoff = maxBackoff;
      return this;
    }

    /**
     * Sets whether a 503 answer with {@code Retry-After} is retried for requests that are not
     * idempotent, such as messages. Off by default: a gateway may answer 503 after it passed the
     * request on, and then a retry sends the message twice. Turn it on only where nothing between
     * you and Vumi Go does that.
     *
     * @param retry true to retry such answers
     * @return this builder
     */
    public Builder retryServiceUnavailable(boolean retry) {
      this.retryServiceUnavailable = retry;
      return this;
    }

    /**
     * Returns the policy.
     *
     * @return a new immutable policy
     */
    public RetryPolicy build() {
      return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, retryServiceUnavailable);
    }
  }
}
