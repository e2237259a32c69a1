package org.vumi.go.http.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.Event;
import org.vumi.go.http.EventType;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.UserOptedOutException;
import org.vumi.go.http.optouts.OptOutsApiClient;
import org.vumi.go.http.push.PushReceiver;
import org.vumi.go.http.testing.VumiGoEmulator;

/**
 * A Spring Boot application with nothing but the starter and properties, against the emulator: the
 * auto-configured sender and opt-outs client, and pushes from the emulator to the starter's endpoint
 * through a real embedded Tomcat.
 */
class EmbeddedTomcatTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  // The embedded server's auto-configuration and the starter's, not all of Boot's: @EnableAutoConfiguration
  // made this test 3 to 5 times slower, to configure what it does not use. That the starter is found
  // through the imports file is checked below, and by the consumer applications under consumers/.
  @SpringBootConfiguration
  @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, VumiGoAutoConfiguration.class})
  static class PushApplication {
    final BlockingQueue<InboundMessage> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Bean
    PushReceiver.Callback<InboundMessage> onMessage() {
      return messages::add;
    }

    @Bean
    PushReceiver.Callback<Event> onEvent() {
      return events::add;
    }
  }

  @Test
  void applicationsFindTheStarterThroughTheImportsFile() {
    assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
        .containsOnlyOnce(VumiGoAutoConfiguration.class.getName());
  }

  @Test
  void sendsLooksUpOptOutsAndReceivesPushesThroughTomcat() throws Exception {
    try (VumiGoEmulator vumiGo = VumiGoEmulator.start()) {
      vumiGo.addConversation("acc-key", "conv-key", "conv-token").addAuthToken("acc-key", "api-token")
          .optOut("acc-key", "+27830000000");
      SpringApplication application = new SpringApplication(PushApplication.class);
      application.setWebApplicationType(WebApplicationType.SERVLET);
      application.setDefaultProperties(Map.of("server.port", "0", "spring.main.banner-mode", "off",
          "vumi.go.api-url", vumiGo.goApiUrl(), "vumi.go.api-token", "api-token", "vumi.go.account-key", "acc-key",
          "vumi.go.conversation-key", "conv-key", "vumi.go.conversation-token", "conv-token",
          "vumi.go.push.username", "vumi", "vumi.go.push.password", "s3cret"));
      try (ConfigurableApplicationContext context = application.run()) {
        String port = context.getEnvironment().getProperty("local.server.port");
        String pushUrl = "http://vumi:s3cret@127.0.0.1:" + port + "/vumi-go/push";
        vumiGo.pushTo("conv-key", pushUrl + "/messages", pushUrl + "/events");
        PushApplication app = context.getBean(PushApplication.class);

        OptOutsApiClient optOuts = context.getBean(OptOutsApiClient.class);
        assertTrue(optOuts.getOptOut("msisdn", "+27830000000").isPresent());
        assertTrue(optOuts.getOptOut("msisdn", "+27831234567").isEmpty());

        ConversationSender sender = context.getBean(ConversationSender.class);
        SentMessage sent = sender.sendText("+27831234567", "Hello from the starter");
        assertEquals(List.of(sent.messageId()), vumiGo.messages().stream().map(SentMessage::messageId).toList());
        assertThrows(UserOptedOutException.class, () -> sender.sendText("+27830000000", "Not to you"));

        // The emulator pushes an ack and a delivery report to the starter's endpoint.
        Event ack = app.events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        Event report = app.events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(EventType.ACK, ack.eventType());
        assertEquals(EventType.DELIVERY_REPORT, report.eventType());
        assertEquals(sent.messageId(), ack.userMessageId());

        // pushInbound returns once the application answered 2xx.
        InboundMessage pushed = vumiGo.pushInbound("conv-key", "+27831234567", "*120*123#", "ping", null, "sms");
        InboundMessage received = app.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(pushed.messageId(), received.messageId());
        assertEquals("ping", received.content());

        // Through Tomcat, a push without the credentials is refused and handed to nobody.
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(WAIT).build();
        try (Response refused = http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/vumi-go/push")
            .post(RequestBody.create(PushEndpointTest.MESSAGE, MediaType.get("application/json"))).build()).execute()) {
          assertEquals(401, refused.code());
          assertThat(refused.header("WWW-Authenticate")).startsWith("Basic");
        }
        assertTrue(app.messages.isEmpty());
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
    }
  }
}
