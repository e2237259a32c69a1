package org.vumi.go.http.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An invalid property stops the application at start-up, whatever else is set, with the library's
 * own message wrapped with the property's name; a secret's value never appears in it.
 */
class InvalidPropertiesTest {
  final ApplicationContextRunner runner =
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VumiGoAutoConfiguration.class));

  /** Values that may be shown: Boot's failure analysis shows the value and where it was set. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "vumi.go.max-in-flight=0            | vumi.go.max-in-flight     | maxInFlight must be from 1 to 1000, but was 0",
      "vumi.go.max-in-flight=1001         | vumi.go.max-in-flight     | maxInFlight must be from 1 to 1000",
      "vumi.go.deadline=0s                | vumi.go.deadline          | deadline must be from 1 ms to 1 hour",
      "vumi.go.deadline=2h                | vumi.go.deadline          | deadline must be from 1 ms to 1 hour",
      "vumi.go.retry.max-attempts=0       | vumi.go.retry.max-attempts    | maxAttempts must be from 1 to 100, but was 0",
      "vumi.go.retry.initial-backoff=-1s  | vumi.go.retry.initial-backoff | initialBackoff must be from 0 to 1 hour",
      "vumi.go.retry.max-backoff=2h       | vumi.go.retry.max-backoff     | maxBackoff must be from 0 to 1 hour",
      "vumi.go.push.max-body-bytes=10     | vumi.go.push.max-body-bytes | maxBodyBytes must be from 1024 to 67108864",
      "vumi.go.push.path=vumi             | vumi.go.push.path         | the path must start with /",
      "vumi.go.push.path=/vumi/           | vumi.go.push.path         | not end with /",
      "vumi.go.push.path=/vumi/*          | vumi.go.push.path         | hold no *",
      "vumi.go.push.path=/                | vumi.go.push.path         | the path must start with /",
      "vumi.go.push.path=/vumi?x          | vumi.go.push.path         | hold no *, ?, #",
      "vumi.go.push.path=/vumi#x          | vumi.go.push.path         | hold no *, ?, #",
      "vumi.go.push.path=/vumi;x          | vumi.go.push.path         | hold no *, ?, #",
      "vumi.go.push.path=/vumi%2Fx        | vumi.go.push.path         | hold no *, ?, #",
      "vumi.go.push.path=/vumi\u007fx     | vumi.go.push.path         | control characters",
      "vumi.go.push.path=/vumi\u0001x     | vumi.go.push.path         | control characters",
  })
  void anInvalidValueStopsTheApplicationNamingTheProperty(String setting, String property, String reason) {
    runner.withPropertyValues(setting).run(context -> {
      assertThat(context).hasFailed();
      InvalidConfigurationPropertyValueException invalid =
          cause(context.getStartupFailure(), InvalidConfigurationPropertyValueException.class);
      assertEquals(property, invalid.getName());
      assertThat(invalid.getMessage()).contains(property).contains(reason);
      // The library's own exception goes along.
      assertEquals(1, invalid.getSuppressed().length);
      assertInstanceOf(IllegalArgumentException.class, invalid.getSuppressed()[0]);
      assertThat(invalid.getSuppressed()[0].getMessage()).contains(reason);
    });
  }

  @Test
  void theConversationKeyIsShown() {
    runner.withPropertyValues(VumiGoAutoConfigurationTest.CONVERSATION).withPropertyValues("vumi.go.conversation-key=..")
        .run(context -> {
          InvalidConfigurationPropertyValueException invalid =
              cause(context.getStartupFailure(), InvalidConfigurationPropertyValueException.class);
          assertEquals("vumi.go.conversation-key", invalid.getName());
          assertThat(invalid.getMessage()).contains("conversationKey must not be \".\" or \"..\"");
        });
  }

  /** Secrets: the library's message, which never shows the value, after the property's name. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "vumi.go.api-url=https://user:secret@example.org/go | vumi.go.api-url: apiUrl must not hold credentials",
      "vumi.go.api-url=ftp://example.org/go | vumi.go.api-url: apiUrl must be an absolute http or https URL",
      "vumi.go.api-url=                    | vumi.go.api-url: apiUrl",
      "vumi.go.api-token=sec ret           | vumi.go.api-token: apiToken must be printable ASCII without spaces",
      "vumi.go.api-token=                  | vumi.go.api-token: apiToken must not be blank",
      "vumi.go.account-key=sec:ret         | vumi.go.account-key: accountKey must not contain ':'",
      "vumi.go.conversation-token=sec ret  | vumi.go.conversation-token: conversationToken must be printable ASCII",
      "vumi.go.push.username=sec:ret       | vumi.go.push.username: username must not contain ':'",
      "vumi.go.push.password=              | vumi.go.push.password: password must not be blank",
  })
  void anInvalidSecretStopsTheApplicationNamingThePropertyButNotTheValue(String setting, String message) {
    List<String> settings = new ArrayList<>(List.of(VumiGoAutoConfigurationTest.CONVERSATION));
    settings.add("vumi.go.push.username=vumi");
    settings.add("vumi.go.push.password=pass");
    settings.add(setting);
    runner.withPropertyValues(settings.toArray(String[]::new)).run(context -> {
      assertThat(context).hasFailed();
      IllegalArgumentException invalid = cause(context.getStartupFailure(), IllegalArgumentException.class);
      assertThat(invalid.getMessage()).startsWith(message);
      assertThat(invalid.getMessage()).doesNotContain("sec");
      assertInstanceOf(IllegalArgumentException.class, invalid.getCause());
    });
  }

  @Test
  void theConversationPropertiesGoTogether() {
    runner.withPropertyValues("vumi.go.account-key=acc-key", "vumi.go.conversation-token=conv-token").run(context -> {
      IllegalArgumentException invalid = cause(context.getStartupFailure(), IllegalArgumentException.class);
      assertEquals("vumi.go.conversation-key is not set, but the other conversation properties are: set"
          + " vumi.go.account-key, vumi.go.conversation-key and vumi.go.conversation-token for a ConversationSender,"
          + " or none of them", invalid.getMessage());
    });
    runner.withPropertyValues("vumi.go.conversation-key=conv-key").run(context -> {
      assertThat(cause(context.getStartupFailure(), IllegalArgumentException.class).getMessage())
          .startsWith("vumi.go.account-key and vumi.go.conversation-token are not set");
    });
  }

  @Test
  void thePushCredentialsGoTogether() {
    runner.withPropertyValues("vumi.go.push.username=vumi").run(context -> {
      assertThat(cause(context.getStartupFailure(), IllegalArgumentException.class).getMessage())
          .startsWith("vumi.go.push.password is not set, but vumi.go.push.username is");
    });
    runner.withPropertyValues("vumi.go.push.password=secret").run(context -> {
      assertThat(cause(context.getStartupFailure(), IllegalArgumentException.class).getMessage())
          .startsWith("vumi.go.push.username is not set, but vumi.go.push.password is").doesNotContain("secret");
    });
  }

  @Test
  void nullsSetInCodeAreRefusedToo() {
    VumiGoProperties noUrl = new VumiGoProperties();
    noUrl.setApiUrl(null);
    assertEquals("vumi.go.api-url: apiUrl must not be null",
        assertThrows(IllegalArgumentException.class, () -> Settings.of(noUrl)).getMessage());
    VumiGoProperties noPath = new VumiGoProperties();
    noPath.getPush().setPath(null);
    assertEquals("vumi.go.push.path",
        assertThrows(InvalidConfigurationPropertyValueException.class, () -> Settings.of(noPath)).getName());
    VumiGoProperties noDeadline = new VumiGoProperties();
    noDeadline.setDeadline(null);
    assertThat(assertThrows(InvalidConfigurationPropertyValueException.class, () -> Settings.of(noDeadline)).getMessage())
        .contains("vumi.go.deadline").contains("deadline must not be null");
  }

  /** The first exception of this type in the chain of causes. */
  static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
  }
}
