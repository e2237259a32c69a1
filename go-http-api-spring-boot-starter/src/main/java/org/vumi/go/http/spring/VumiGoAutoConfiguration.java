package org.vumi.go.http.spring;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.vumi.go.http.ClientBuilder;
import org.vumi.go.http.ClientListener;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.VumiGo;
import org.vumi.go.http.account.AccountApiClient;
import org.vumi.go.http.contacts.ContactsApiClient;
import org.vumi.go.http.metrics.MetricsApiClient;
import org.vumi.go.http.optouts.OptOutsApiClient;

/**
 * Makes go-http-api's clients from the {@code vumi.go.*} properties ({@link VumiGoProperties}); each
 * bean backs off when the application defines its own of that type:
 * <ul>
 *   <li>with {@code vumi.go.api-token}: a {@link VumiGo}, and the {@link OptOutsApiClient},
 *       {@link MetricsApiClient}, {@link ContactsApiClient} and {@link AccountApiClient} it hands out,
 *       sharing one HTTP client;
 *   <li>with {@code vumi.go.account-key}, {@code vumi.go.conversation-key} and
 *       {@code vumi.go.conversation-token}: a {@link ConversationSender} (an {@link HttpApiSender}),
 *       from the {@code VumiGo} when there is one, so it shares that HTTP client too;
 *   <li>when the application has a bean of type {@code PushReceiver.Callback<InboundMessage>} or
 *       {@code PushReceiver.Callback<Event>} (or a {@code PushReceiver}), in a servlet web application:
 *       the push endpoint at {@code vumi.go.push.path}, which requires {@code vumi.go.push.username}
 *       and {@code vumi.go.push.password} unless {@code vumi.go.push.allow-unauthenticated=true};
 *   <li>when a Micrometer {@code MeterRegistry} bean exists: a timer {@code vumi.go.client.requests} of
 *       every attempt, tagged {@code api}, {@code operation}, {@code method}, {@code status} and
 *       {@code outcome}.
 * </ul>
 * Every client gets the shared settings, and the application's {@link ClientListener} beans composed,
 * in order, with the Micrometer one. The clients close with the application context. An invalid
 * property stops the application at start-up, with a message that names it.
 *
 * <p>Exclude it as any auto-configuration, for example
 * {@code @SpringBootApplication(exclude = VumiGoAutoConfiguration.class)}.
 */
// Ordered after Micrometer's registries (Boot 3.5's and 4.0's names: both may be absent), so that the
// MeterRegistry condition sees them.
@AutoConfiguration(afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration"})
@EnableConfigurationProperties(VumiGoProperties.class)
@Import({PushEndpointConfiguration.class, MicrometerConfiguration.class})
public final class VumiGoAutoConfiguration {
  VumiGoAutoConfiguration() {}

  /** The properties, checked: made at start-up whatever else is configured, so a bad value stops it there. */
  @Bean
  Settings vumiGoSettings(VumiGoProperties properties) {
    return Settings.of(properties);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = VumiGoProperties.PREFIX, name = "api-token")
  VumiGo vumiGo(Settings settings, ObjectProvider<ClientListener> listeners) {
    // The condition holds: the token is set (checked in Settings).
    String token = Objects.requireNonNull(settings.apiToken(), Settings.API_TOKEN);
    return configure(VumiGo.builder().apiToken(token), settings, listeners).build();
  }

  // The four clients are the VumiGo's own: its close() closes them, and theirs does nothing. No
  // destroy method, so that Spring does not infer close() and call it as well.

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = VumiGoProperties.PREFIX, name = "api-token")
  OptOutsApiClient optOutsApiClient(VumiGo vumiGo) {
    return vumiGo.optOuts();
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = VumiGoProperties.PREFIX, name = "api-token")
  MetricsApiClient metricsApiClient(VumiGo vumiGo) {
    return vumiGo.metrics();
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = VumiGoProperties.PREFIX, name = "api-token")
  ContactsApiClient contactsApiClient(VumiGo vumiGo) {
    return vumiGo.contacts();
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = VumiGoProperties.PREFIX, name = "api-token")
  AccountApiClient accountApiClient(VumiGo vumiGo) {
    return vumiGo.account();
  }

  /**
   * The sender: from the VumiGo when there is one (it then shares its HTTP client, and its close()
   * leaves the closing to the VumiGo), else a sender of its own, closed with the context.
   */
  @Bean
  @ConditionalOnMissingBean(ConversationSender.class)
  @ConditionalOnProperty(prefix = VumiGoProperties.PREFIX, name = {"account-key", "conversation-key", "conversation-token"})
  HttpApiSender conversationSender(Settings settings, ObjectProvider<VumiGo> vumiGo,
      ObjectProvider<ClientListener> listeners) {
    Settings.Conversation conversation = Objects.requireNonNull(settings.conversation(), Settings.ACCOUNT_KEY);
    @Nullable VumiGo shared = vumiGo.getIfUnique();
    if (shared != null) {
      return shared.conversation(conversation.accountKey(), conversation.conversationKey(),
          conversation.conversationToken());
    }
    HttpApiSender.Builder builder = HttpApiSender.builder(conversation.accountKey(), conversation.conversationKey(),
        conversation.conversationToken());
    return configure(builder, settings, listeners).apiUrl(settings.conversationApiUrl()).build();
  }

  /** The shared settings, and the listener beans (the application's and the Micrometer one) in order. */
  private static <B extends ClientBuilder<B, ?>> B configure(B builder, Settings settings,
      ObjectProvider<ClientListener> listeners) {
    settings.applyTo(builder);
    ClientListener[] all = listeners.orderedStream().toArray(ClientListener[]::new);
    if (all.length > 0) {
      builder.listener(all.length == 1 ? all[0] : ClientListener.compose(all));
    }
    return builder;
  }
}
