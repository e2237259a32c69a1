package org.vumi.go.http.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Test support: an emulator started with the conversation the tests send through. */
public final class Emulators {
  private Emulators() {}

  /**
   * Starts an emulator with conversation {@code conv-key} of account {@code acc-key}, token {@code conv-token}.
   *
   * @return the running emulator
   */
  public static VumiGoEmulator started() {
    try {
      return VumiGoEmulator.start().addConversation("acc-key", "conv-key", "conv-token");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
