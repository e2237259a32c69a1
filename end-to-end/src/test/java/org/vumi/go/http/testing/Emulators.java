package org.vumi.go.http.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

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

  /**
   * Holds every PUT the emulator accepts in flight until {@code release} opens (the emulator's
   * package-private gate; once open, it holds nothing): a test keeps requests in flight exactly as
   * long as it needs, where a response delay would have to guess how long that is on a loaded machine.
   *
   * @param vumiGo the emulator
   * @param release the latch the held requests wait for
   */
  public static void holdAcceptedPuts(VumiGoEmulator vumiGo, CountDownLatch release) {
    vumiGo.gate = release;
  }

  /**
   * Waits until at least {@code count} PUTs in all have been held by {@link #holdAcceptedPuts}.
   *
   * @param vumiGo the emulator
   * @param count how many
   */
  public static void awaitHeldPuts(VumiGoEmulator vumiGo, int count) {
    vumiGo.atGate.await(count, Duration.ofSeconds(30));
  }
}
