package org.vumi.go.http.internal;

import java.util.OptionalLong;
import org.vumi.go.http.RetryPolicy;

/** The wait between attempts: the sleep-time piece of the retry loop. */
public final class Backoff {
  private Backoff() {}

  /**
   * The wait before attempt {@code attempt + 1}, in milliseconds: what the server asked for, capped
   * at the policy's maximum; else exponential from the initial backoff, capped, with "equal jitter"
   * (half fixed, half random) so that many clients do not retry in step. Never negative, never
   * overflows.
   *
   * @param policy the policy
   * @param attempt the attempt that just failed, from 1
   * @param serverAskedMillis what the server asked for ({@code Retry-After}), if it asked
   * @param random a number in [0, 1) for the jitter
   * @return the wait, from 0 to the policy's maximum
   */
  public static long millis(RetryPolicy policy, int attempt, OptionalLong serverAskedMillis, double random) {
    long cap = policy.maxBackoff().toMillis();
    if (serverAskedMillis.isPresent()) {
      return Math.min(serverAskedMillis.getAsLong(), cap);
    }
    long initial = policy.initialBackoff().toMillis();
    int doublings = Math.min(Math.max(attempt - 1, 0), 62);
    // initial << doublings, saturated: a large initial backoff must never shift into a negative wait
    long exponential = initial > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : initial << doublings;
    long ceiling = Math.min(exponential, cap);
    return ceiling / 2 + (long) (random * (ceiling / 2 + 1));
  }
}
