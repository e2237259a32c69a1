package org.vumi.go.http.internal;

import java.util.UUID;

/** Ids as Vumi makes them: {@code uuid4().hex}, 32 lowercase hex characters. */
public final class Ids {
  private Ids() {}

  /**
   * Returns a new message id, as Vumi's {@code TransportUserMessage} gives one.
   *
   * @return 32 lowercase hex characters
   */
  public static String messageId() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
