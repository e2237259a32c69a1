package org.vumi.go.http.testing.junit;

import java.io.IOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.vumi.go.http.testing.VumiGoEmulator;

/**
 * Hands a started {@link VumiGoEmulator} to every test method or constructor parameter of that type,
 * and closes it when the test (or, for a constructor under JUnit's per-class lifecycle, the class) is
 * done.
 *
 * <pre>{@code
 * @ExtendWith(VumiGoEmulatorExtension.class)
 * class WelcomeTest {
 *   @Test
 *   void welcomesANewUser(VumiGoEmulator vumiGo) throws Exception {
 *     vumiGo.addConversation("account-key", "conversation-key", "token");
 *     ConversationSender sender = HttpApiSender.builder("account-key", "conversation-key", "token")
 *         .apiUrl(vumiGo.apiUrl()).build();
 *     sender.sendText("+27831234567", "Welcome!");
 *     assertEquals("Welcome!", vumiGo.awaitMessages(1, Duration.ofSeconds(10)).get(0).content());
 *   }
 * }
 * }</pre>
 *
 * <p>One emulator per test: a method parameter gets an emulator of its own, new for that test, and
 * two parameters of one test method get the same one. A constructor parameter gets the emulator of
 * the context JUnit constructs the instance in: under the default per-method lifecycle that is the
 * test's own (JUnit 5.12 and later), under {@code @TestInstance(Lifecycle.PER_CLASS)} one emulator for
 * the whole class.
 */
public final class VumiGoEmulatorExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(VumiGoEmulatorExtension.class);

  /** Makes the extension; JUnit calls this for {@code @ExtendWith}. */
  public VumiGoEmulatorExtension() {}

  /**
   * Asks JUnit (5.12 and later) to construct each per-method test instance in its test's own
   * context, so a constructor parameter and the test's method parameters share that test's emulator.
   * Older JUnit constructs in the class's context: there the constructor's emulator is one for the class.
   *
   * @param rootContext the root context
   * @return {@code TEST_METHOD}
   */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == VumiGoEmulator.class;
  }

  @Override
  public VumiGoEmulator resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    // Keyed by the context's own id: a store lookup also searches the enclosing contexts, so a plain
    // key would hand a per-class emulator to every test method too.
    return extensionContext.getStore(NAMESPACE)
        .getOrComputeIfAbsent(extensionContext.getUniqueId(), id -> Started.start(), Started.class)
        .emulator;
  }

  /**
   * The emulator as the store keeps it: JUnit closes a {@code CloseableResource} when its context
   * ends; JUnit 5.13 and later close {@code AutoCloseable}s instead (and warn about a resource that is
   * only the older kind). Both, so that every version closes it once; closing is idempotent anyway.
   */
  @SuppressWarnings("deprecation")
  private static final class Started implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final VumiGoEmulator emulator;

    private Started(VumiGoEmulator emulator) {
      this.emulator = emulator;
    }

    static Started start() {
      try {
        return new Started(VumiGoEmulator.start());
      } catch (IOException e) {
        throw new ParameterResolutionException("the Vumi Go emulator could not start: " + e, e);
      }
    }

    @Override
    public void close() {
      emulator.close();
    }
  }
}
