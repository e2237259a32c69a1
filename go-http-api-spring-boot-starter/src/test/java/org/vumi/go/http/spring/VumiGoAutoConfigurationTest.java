package org.vumi.go.http.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.LoggingSender;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.VumiGo;
import org.vumi.go.http.account.AccountApiClient;
import org.vumi.go.http.contacts.ContactsApiClient;
import org.vumi.go.http.metrics.MetricsApiClient;
import org.vumi.go.http.optouts.OptOutsApiClient;
import org.vumi.go.http.push.PushReceiver;

/** Which beans each set of properties gives, what each property changes, and what backs off. */
class VumiGoAutoConfigurationTest {
  static final String[] CONVERSATION = {"vumi.go.account-key=acc-key", "vumi.go.conversation-key=conv-key",
      "vumi.go.conversation-token=conv-token"};

  final ApplicationContextRunner runner =
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VumiGoAutoConfiguration.class));

  @Test
  void withoutPropertiesThereIsNoClient() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(VumiGoProperties.class).doesNotHaveBean(VumiGo.class)
          .doesNotHaveBean(OptOutsApiClient.class).doesNotHaveBean(MetricsApiClient.class)
          .doesNotHaveBean(ContactsApiClient.class).doesNotHaveBean(AccountApiClient.class)
          .doesNotHaveBean(ConversationSender.class).doesNotHaveBean(PushReceiver.class);
    });
  }

  @Test
  void anApiTokenGivesVumiGoAndTheFourClientsItHandsOut() {
    runner.withPropertyValues("vumi.go.api-token=token").run(context -> {
      VumiGo vumiGo = context.getBean(VumiGo.class);
      assertSame(vumiGo.optOuts(), context.getBean(OptOutsApiClient.class));
      assertSame(vumiGo.metrics(), context.getBean(MetricsApiClient.class));
      assertSame(vumiGo.contacts(), context.getBean(ContactsApiClient.class));
      assertSame(vumiGo.account(), context.getBean(AccountApiClient.class));
      assertThat(context).doesNotHaveBean(ConversationSender.class);
    });
  }

  @Test
  void withDefaultPropertiesVumiGoHasTheLibrarysDefaults() {
    runner.withPropertyValues("vumi.go.api-token=token").run(context -> {
      try (VumiGo library = VumiGo.builder().apiToken("token").build()) {
        assertEquals(library.toString(), context.getBean(VumiGo.class).toString());
      }
    });
  }

  @Test
  void thePropertiesDefaultsAreTheLibrarys() {
    VumiGoProperties properties = new VumiGoProperties();
    assertEquals(VumiGo.DEFAULT_API_URL, properties.getApiUrl());
    assertEquals(HttpApiSender.DEFAULT_MAX_IN_FLIGHT, properties.getMaxInFlight());
    assertEquals(RetryPolicy.defaults(), RetryPolicy.builder().maxAttempts(properties.getRetry().getMaxAttempts())
        .initialBackoff(properties.getRetry().getInitialBackoff()).maxBackoff(properties.getRetry().getMaxBackoff())
        .build());
    assertEquals(PushReceiver.DEFAULT_MAX_BODY_BYTES, properties.getPush().getMaxBodyBytes());
    assertEquals("/vumi-go/push", properties.getPush().getPath());
    try (HttpApiSender sender = HttpApiSender.builder("a", "k", "t").build()) {
      assertThat(sender.toString()).contains("deadline=" + properties.getDeadline() + "}");
    }
  }

  @Test
  void everySharedSettingReachesVumiGo() {
    runner.withPropertyValues("vumi.go.api-token=token", "vumi.go.api-url=http://localhost:8080/go/",
        "vumi.go.deadline=20s", "vumi.go.max-in-flight=3", "vumi.go.retry.max-attempts=5",
        "vumi.go.retry.initial-backoff=100ms", "vumi.go.retry.max-backoff=2s").run(context -> {
          RetryPolicy policy = RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(100))
              .maxBackoff(Duration.ofSeconds(2)).build();
          try (VumiGo expected = VumiGo.builder().apiToken("token").apiUrl("http://localhost:8080/go/")
              .deadline(Duration.ofSeconds(20)).maxInFlight(3).retryPolicy(policy).build()) {
            assertEquals(expected.toString(), context.getBean(VumiGo.class).toString());
          }
          assertThat(context.getBean(VumiGo.class).toString()).contains("apiUrl=http://localhost:8080/go", "maxInFlight=3",
              "deadline=PT20S", "maxAttempts=5");
        });
  }

  @Test
  void theConversationPropertiesGiveASenderAtTheConversationApi() {
    runner.withPropertyValues(CONVERSATION).withPropertyValues("vumi.go.api-url=http://localhost:8080/api/v1/go/",
        "vumi.go.max-in-flight=2", "vumi.go.deadline=5s", "vumi.go.retry.max-attempts=1").run(context -> {
          assertThat(context).hasSingleBean(ConversationSender.class).doesNotHaveBean(VumiGo.class);
          HttpApiSender sender = context.getBean(HttpApiSender.class);
          try (HttpApiSender expected = HttpApiSender.builder("acc-key", "conv-key", "conv-token")
              .apiUrl("http://localhost:8080/api/v1/go/http_api_nostream").maxInFlight(2)
              .deadline(Duration.ofSeconds(5)).retryPolicy(RetryPolicy.none()).build()) {
            assertEquals(expected.toString(), sender.toString());
          }
          assertThat(sender.toString())
              .contains("messagesUrl=http://localhost:8080/api/v1/go/http_api_nostream/conv-key/messages.json");
        });
  }

  @Test
  void withAnApiTokenTheSenderIsTheVumiGosOwn() {
    runner.withPropertyValues(CONVERSATION).withPropertyValues("vumi.go.api-token=token").run(context -> {
      ConversationSender sender = context.getBean(ConversationSender.class);
      // It is the VumiGo's: closing the VumiGo closes it, and nothing is sent after that.
      context.getBean(VumiGo.class).close();
      assertThrows(IllegalStateException.class, () -> sender.sendText("+27831234567", "hi"));
    });
  }

  @Test
  void withoutAnApiTokenTheSenderIsItsOwn() {
    runner.withPropertyValues(CONVERSATION).run(context -> {
      ConversationSender sender = context.getBean(ConversationSender.class);
      context.close();
      assertThrows(IllegalStateException.class, () -> sender.sendText("+27831234567", "hi"),
          "closed with the context");
    });
  }

  @Test
  void everyClientClosesWithTheContext() {
    runner.withPropertyValues(CONVERSATION).withPropertyValues("vumi.go.api-token=token").run(context -> {
      OptOutsApiClient optOuts = context.getBean(OptOutsApiClient.class);
      ContactsApiClient contacts = context.getBean(ContactsApiClient.class);
      ConversationSender sender = context.getBean(ConversationSender.class);
      context.close();
      assertThrows(IllegalStateException.class, () -> optOuts.getOptOut("msisdn", "+27831234567"));
      assertThrows(IllegalStateException.class, () -> contacts.getContact("key"));
      assertThrows(IllegalStateException.class, () -> sender.sendText("+27831234567", "hi"));
    });
  }

  @Test
  void theApplicationsOwnBeansWin() {
    runner.withUserConfiguration(OwnBeans.class).withPropertyValues(CONVERSATION)
        .withPropertyValues("vumi.go.api-token=token").run(context -> {
          assertSame(OwnBeans.VUMI_GO, context.getBean(VumiGo.class));
          assertSame(OwnBeans.SENDER, context.getBean(ConversationSender.class));
          assertSame(OwnBeans.OPT_OUTS, context.getBean(OptOutsApiClient.class));
          // The clients not defined come from the application's VumiGo.
          assertSame(OwnBeans.VUMI_GO.metrics(), context.getBean(MetricsApiClient.class));
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    static final VumiGo VUMI_GO = VumiGo.builder().apiToken("own").build();
    static final ConversationSender SENDER = new LoggingSender();
    static final OptOutsApiClient OPT_OUTS = OptOutsApiClient.builder("own").build();

    @Bean
    VumiGo ownVumiGo() {
      return VUMI_GO;
    }

    @Bean
    ConversationSender ownSender() {
      return SENDER;
    }

    @Bean
    OptOutsApiClient ownOptOuts() {
      return OPT_OUTS;
    }
  }
}
