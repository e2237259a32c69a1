package org.vumi.go.http.spring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.vumi.go.http.Event;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.push.PushReceiver;
import org.vumi.go.http.push.PushServlet;

/** When the push endpoint is served, where, and with which credentials and limit. */
class PushEndpointTest {
  static final String MESSAGE = "{\"message_type\": \"user_message\", \"message_id\": \"in-1\","
      + " \"from_addr\": \"+27831234567\", \"to_addr\": \"*120*123#\", \"content\": \"hi\"}";

  final WebApplicationContextRunner web =
      new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(VumiGoAutoConfiguration.class));

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
  }

  @Test
  void aMessageCallbackIsServedAtThePushPathWithTheCredentials() {
    web.withUserConfiguration(Messages.class)
        .withPropertyValues("vumi.go.push.username=vumi", "vumi.go.push.password=secret").run(context -> {
          ServletRegistrationBean<?> registration =
              context.getBean("vumiGoPushServletRegistration", ServletRegistrationBean.class);
          assertThat(registration.getServlet()).isInstanceOf(PushServlet.class);
          assertThat(registration.getUrlMappings()).containsExactly("/vumi-go/push", "/vumi-go/push/*");
          assertEquals("vumiGoPush", registration.getServletName());

          PushReceiver receiver = context.getBean(PushReceiver.class);
          assertEquals(401, receiver.handle(null, MESSAGE.getBytes(UTF_8)).statusCode());
          assertEquals(401, receiver.handle(basic("vumi", "wrong"), MESSAGE.getBytes(UTF_8)).statusCode());
          assertThat(context.getBean(Messages.class).received).isEmpty();
          assertEquals(200, receiver.handle(basic("vumi", "secret"), MESSAGE.getBytes(UTF_8)).statusCode());
          assertEquals("in-1", context.getBean(Messages.class).received.get(0).messageId());
        });
  }

  @Test
  void thePathAndTheBodyLimitAreTheProperties() {
    web.withUserConfiguration(Events.class).withPropertyValues("vumi.go.push.path=/hooks/vumi",
        "vumi.go.push.max-body-bytes=1024", "vumi.go.push.allow-unauthenticated=true").run(context -> {
          assertThat(context.getBean("vumiGoPushServletRegistration", ServletRegistrationBean.class).getUrlMappings())
              .containsExactly("/hooks/vumi", "/hooks/vumi/*");
          PushReceiver receiver = context.getBean(PushReceiver.class);
          assertEquals(413, receiver.handle(null, new byte[1025]).statusCode());
          // No credentials required: allowed by the property.
          assertEquals(200, receiver.handle(null, MESSAGE.getBytes(UTF_8)).statusCode());
        });
  }

  @Test
  void withoutCredentialsTheApplicationDoesNotStart() {
    web.withUserConfiguration(Messages.class).run(context -> {
      assertThat(context).hasFailed();
      IllegalStateException refused = InvalidPropertiesTest.cause(context.getStartupFailure(), IllegalStateException.class);
      assertThat(refused.getMessage()).startsWith("vumi.go.push.username and vumi.go.push.password are not set")
          .contains("vumi.go.push.allow-unauthenticated=true");
    });
  }

  @Test
  void callbacksOfOneKindRunInTheirOrder() {
    web.withUserConfiguration(TwoMessageCallbacks.class).withPropertyValues("vumi.go.push.allow-unauthenticated=true")
        .run(context -> {
          assertEquals(200, context.getBean(PushReceiver.class).handle(null, MESSAGE.getBytes(UTF_8)).statusCode());
          assertEquals(List.of("first in-1", "second in-1"), context.getBean(TwoMessageCallbacks.class).calls);
        });
  }

  @Test
  void theApplicationsOwnReceiverIsServed() {
    web.withUserConfiguration(OwnReceiver.class).run(context -> {
      assertThat(context).hasSingleBean(PushReceiver.class);
      assertThat(context.getBean(PushReceiver.class)).isSameAs(context.getBean(OwnReceiver.class).receiver);
      assertThat(context.getBean("vumiGoPushServletRegistration", ServletRegistrationBean.class).getServlet().toString())
          .isEqualTo(new PushServlet(context.getBean(OwnReceiver.class).receiver).toString());
    });
  }

  @Test
  void withoutCallbacksThereIsNoEndpoint() {
    web.run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(PushReceiver.class)
          .doesNotHaveBean("vumiGoPushServletRegistration");
    });
  }

  @Test
  void outsideAServletApplicationThereIsNoEndpoint() {
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VumiGoAutoConfiguration.class))
        .withUserConfiguration(Messages.class).run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(PushReceiver.class)
              .doesNotHaveBean("vumiGoPushServletRegistration");
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class Messages {
    final List<InboundMessage> received = new CopyOnWriteArrayList<>();

    @Bean
    PushReceiver.Callback<InboundMessage> onMessage() {
      return received::add;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Events {
    @Bean
    PushReceiver.Callback<Event> onEvent() {
      return event -> {};
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoMessageCallbacks {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Bean
    @Order(2)
    PushReceiver.Callback<InboundMessage> second() {
      return message -> calls.add("second " + message.messageId());
    }

    @Bean
    @Order(1)
    PushReceiver.Callback<InboundMessage> first() {
      return message -> calls.add("first " + message.messageId());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnReceiver {
    final PushReceiver receiver = PushReceiver.builder().withoutAuthentication().onMessage(message -> {}).build();

    @Bean
    PushReceiver ownReceiver() {
      return receiver;
    }
  }
}
