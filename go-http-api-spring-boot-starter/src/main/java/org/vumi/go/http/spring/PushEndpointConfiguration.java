package org.vumi.go.http.spring;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.vumi.go.http.Event;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.push.PushReceiver;
import org.vumi.go.http.push.PushServlet;

/**
 * The push endpoint, on the servlet stack: a {@link PushReceiver} of the application's callbacks,
 * served by a {@link PushServlet} at {@code vumi.go.push.path} and everything under it. Only in a
 * servlet web application (the servlet API named by string, as it may be absent), and only when
 * the application has a callback or a receiver of its own to serve.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "jakarta.servlet.http.HttpServlet")
@Conditional(PushEndpointConfiguration.OnPushHandler.class)
class PushEndpointConfiguration {
  /** The servlet's name in the container. */
  static final String SERVLET_NAME = "vumiGoPush";

  /**
   * The application's callbacks, with the push credentials and body limit. Several callbacks of a
   * kind run one after the other, in their order; when one throws, the rest do not run and the push
   * is answered 500, so Vumi Go pushes it again.
   */
  @Bean
  @ConditionalOnMissingBean
  PushReceiver vumiGoPushReceiver(Settings settings, ObjectProvider<PushReceiver.Callback<InboundMessage>> onMessage,
      ObjectProvider<PushReceiver.Callback<Event>> onEvent) {
    PushReceiver.Builder builder = settings.pushReceiver();
    PushReceiver.Callback<InboundMessage> messages = inOrder(onMessage);
    if (messages != null) {
      builder.onMessage(messages);
    }
    PushReceiver.Callback<Event> events = inOrder(onEvent);
    if (events != null) {
      builder.onEvent(events);
    }
    return builder.build();
  }

  /** Registered by name, not type: the application's DispatcherServlet is a ServletRegistrationBean too. */
  @Bean
  @ConditionalOnMissingBean(name = "vumiGoPushServletRegistration")
  ServletRegistrationBean<PushServlet> vumiGoPushServletRegistration(Settings settings, PushReceiver receiver) {
    ServletRegistrationBean<PushServlet> registration =
        new ServletRegistrationBean<>(new PushServlet(receiver), settings.pushPath(), settings.pushPath() + "/*");
    registration.setName(SERVLET_NAME);
    return registration;
  }

  private static <T> PushReceiver.@Nullable Callback<T> inOrder(ObjectProvider<PushReceiver.Callback<T>> beans) {
    List<PushReceiver.Callback<T>> callbacks = beans.orderedStream().toList();
    if (callbacks.size() <= 1) {
      return callbacks.isEmpty() ? null : callbacks.get(0);
    }
    return value -> {
      for (PushReceiver.Callback<T> callback : callbacks) {
        callback.handle(value);
      }
    };
  }

  /** The application has something to serve: a callback (of either kind) or a receiver. */
  static final class OnPushHandler extends AnyNestedCondition {
    OnPushHandler() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnBean(PushReceiver.Callback.class)
    static final class Callback {}

    @ConditionalOnBean(PushReceiver.class)
    static final class Receiver {}
  }
}
