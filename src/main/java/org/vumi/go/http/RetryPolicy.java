package org.vumi.go.http;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link HttpApiSender} sends a request again: only where the server certainly did not process
 * it. That is a 403 {@code Too many concurrent connections} answer, a 429 or 503 answer with a
 * {@code Retry-After} header, and a connection that failed before any byte of the request was
 * written. Never after a timeout or a dropped connection once the request was written, and never on
 * any other answer: a message is sent at most once.
 *
 * <p>Waits between attempts grow exponentially from {@link #initialBackoff()}, with random jitter so
 * that many senders do not retry in step, up to {@link #maxBackoff()}. A {@code Retry-After} from the
 * server is honoured, capped at {@link #maxBackoff()}.
 *
 * <pre>{@code
 * RetryPolicy patient = RetryPolicy.builder().maxAttempts(5).maxBackoff(Duration.ofSeconds(30)).build();
 * }</pre>
 *
 * <p>Instances are immutable.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
  }

  /**
   * Returns the default policy: 3 attempts, backoff from 250 ms up to 10 s.
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
   * Returns how many times a request may be sent at most, the first time included.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the wait before the first retry.
   *
   * @return the initial backoff
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * Returns the longest wait between attempts, {@code Retry-After} included.
   *
   * @return the cap
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * The wait before attempt {@code attempt + 1}, in milliseconds.
   *
   * @param attempt the attempt that just failed, from 1
   * @param retryAfterMillis what the server asked for, or -1
   * @param random a number in [0, 1) for the jitter
   */
  long backoffMillis(int attempt, long retryAfterMillis, double random) {
    long cap = maxBackoff.toMillis();
    if (retryAfterMillis >= 0) {
      return Math.min(retryAfterMillis, cap);
    }
    long exponential = initialBackoff.toMillis() << Math.min(attempt - 1, 30);
    long ceiling = Math.min(exponential, cap);
    return ceiling / 2 + (long) (random * (ceiling / 2 + 1)); // "equal jitter": half fixed, half random
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RetryPolicy
        && maxAttempts == ((RetryPolicy) other).maxAttempts
        && initialBackoff.equals(((RetryPolicy) other).initialBackoff)
        && maxBackoff.equals(((RetryPolicy) other).maxBackoff);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, initialBackoff, maxBackoff);
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + "}";
  }

  /** Builds a {@link RetryPolicy}; each setter checks its argument at once. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(10);

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
     * @param initialBackoff zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = nonNegative(initialBackoff, "initialBackoff");
      return this;
    }

    /**
     * Sets the longest wait between attempts, which also caps the server's {@code Retry-After}.
     *
     * @param maxBackoff zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = nonNegative(maxBackoff, "maxBackoff");
      return this;
    }

    private static Duration nonNegative(Duration duration, String parameter) {
      Checks.requireNonNull(duration, parameter);
      if (duration.isNegative()) {
        throw new IllegalArgumentException(parameter + " must be zero or more, but was " + duration);
      }
      return duration;
    }

    /**
     * Returns the policy.
     *
     * @return a new immutable policy
     */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
