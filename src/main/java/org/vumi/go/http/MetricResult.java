package org.vumi.go.http;

/**
 * Vumi Go's answer to fired metrics, such as {@code {"success": true, "reason": "Metrics published"}}.
 *
 * <p>Instances are immutable.
 */
public final class MetricResult {
  private final boolean success;
  private final String reason;

  /**
   * Makes a result, for instance to stub a {@link ConversationSender} in a test.
   *
   * @param success whether the metrics were published
   * @param reason the server's words, or null
   */
  public MetricResult(boolean success, String reason) {
    this.success = success;
    this.reason = reason;
  }

  /**
   * Tells whether the metrics were published.
   *
   * @return the server's {@code success} field; false when absent
   */
  public boolean success() {
    return success;
  }

  /**
   * Returns the server's words, such as {@code "Metrics published"}.
   *
   * @return the reason, or null when absent
   */
  public String reason() {
    return reason;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MetricResult
        && success == ((MetricResult) other).success
        && java.util.Objects.equals(reason, ((MetricResult) other).reason);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(success, reason);
  }

  @Override
  public String toString() {
    return "MetricResult{success=" + success + ", reason=" + reason + "}";
  }
}
