package org.vumi.go.http.testing.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.vumi.go.http.testing.VumiGoEmulator;

class VumiGoEmulatorExtensionTest {
  /** What the sample test classes below were handed, and whether it answered while they ran. */
  static final List<VumiGoEmulator> SEEN = new ArrayList<>();

  @BeforeEach
  void forget() {
    SEEN.clear();
  }

  @ExtendWith(VumiGoEmulatorExtension.class)
  static class MethodParameters {
    @Test
    void first(VumiGoEmulator vumiGo, VumiGoEmulator sameOne) throws IOException {
      assertSame(vumiGo, sameOne, "two parameters of one test share one emulator");
      assertAnswers(vumiGo);
      SEEN.add(vumiGo);
    }

    @Test
    void second(VumiGoEmulator vumiGo) throws IOException {
      assertAnswers(vumiGo);
      SEEN.add(vumiGo);
    }
  }

  @ExtendWith(VumiGoEmulatorExtension.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClassConstructor {
    private final VumiGoEmulator vumiGo;

    PerClassConstructor(VumiGoEmulator vumiGo) {
      this.vumiGo = vumiGo;
    }

    @Test
    void first() throws IOException {
      assertAnswers(vumiGo);
      SEEN.add(vumiGo);
    }

    @Test
    void second() throws IOException {
      assertAnswers(vumiGo);
      SEEN.add(vumiGo);
    }
  }

  @ExtendWith(VumiGoEmulatorExtension.class)
  static class PerMethodConstructor {
    private final VumiGoEmulator vumiGo;

    PerMethodConstructor(VumiGoEmulator vumiGo) {
      this.vumiGo = vumiGo;
    }

    @Test
    void first(VumiGoEmulator fromParameter) {
      assertSame(vumiGo, fromParameter, "the constructor and the method of one test share one emulator");
      SEEN.add(vumiGo);
    }

    @Test
    void second() {
      SEEN.add(vumiGo);
    }
  }

  @Test
  void eachTestMethodGetsItsOwnStartedEmulatorClosedAfterIt() throws IOException {
    Events tests = run(MethodParameters.class);
    tests.assertStatistics(stats -> stats.started(2).succeeded(2));
    assertEquals(2, SEEN.size());
    assertNotSame(SEEN.get(0), SEEN.get(1));
    for (VumiGoEmulator closed : SEEN) {
      assertClosed(closed);
    }
  }

  @Test
  void aConstructorParameterUnderPerClassLifecycleIsOneEmulatorForTheClass() throws IOException {
    run(PerClassConstructor.class).assertStatistics(stats -> stats.started(2).succeeded(2));
    assertEquals(2, SEEN.size());
    assertSame(SEEN.get(0), SEEN.get(1));
    assertClosed(SEEN.get(0));
  }

  @Test
  void aConstructorParameterUnderPerMethodLifecycleIsNewForEachTest() throws IOException {
    run(PerMethodConstructor.class).assertStatistics(stats -> stats.started(2).succeeded(2));
    assertEquals(2, SEEN.size());
    assertNotSame(SEEN.get(0), SEEN.get(1));
    for (VumiGoEmulator closed : SEEN) {
      assertClosed(closed);
    }
  }

  private static Events run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
  }

  private static InetSocketAddress address(VumiGoEmulator vumiGo) {
    URI uri = URI.create(vumiGo.apiUrl());
    return new InetSocketAddress(uri.getHost(), uri.getPort());
  }

  static void assertAnswers(VumiGoEmulator vumiGo) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address(vumiGo), 10_000);
    }
  }

  private static void assertClosed(VumiGoEmulator vumiGo) {
    assertThrows(ConnectException.class, () -> {
      try (Socket socket = new Socket()) {
        socket.connect(address(vumiGo), 10_000);
      }
    }, "the emulator still accepts connections after its test");
  }
}
