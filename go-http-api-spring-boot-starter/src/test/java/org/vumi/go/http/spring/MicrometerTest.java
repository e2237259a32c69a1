package org.vumi.go.http.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.vumi.go.http.Api;
import org.vumi.go.http.AttemptInfo;
import org.vumi.go.http.ClientListener;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.OperationInfo;
import org.vumi.go.http.VumiGo;

/** Every attempt timed as vumi.go.client.requests, beside the application's own listeners. */
class MicrometerTest {
  final ApplicationContextRunner runner =
      new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VumiGoAutoConfiguration.class));

  @Test
  void aSendRetriedOnceShowsTwoTimingsAndTheApplicationsListenerSeesThem() throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      // Vumi Go refuses before it reads a request past its concurrency limit: retried at once.
      server.enqueue(new MockResponse.Builder().code(403).body("Too many concurrent connections").build());
      server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
          .body("{\"message_id\": \"m1\", \"to_addr\": \"+27831234567\", \"content\": \"hi\"}").build());
      server.start();
      String apiUrl = server.url("/api/v1/go").toString();
      runner.withUserConfiguration(Registry.class, ApplicationListeners.class)
          .withPropertyValues(VumiGoAutoConfigurationTest.CONVERSATION).withPropertyValues("vumi.go.api-url=" + apiUrl,
              "vumi.go.retry.initial-backoff=0s", "vumi.go.retry.max-backoff=0s")
          .run(context -> {
            assertEquals("m1", context.getBean(ConversationSender.class).sendText("+27831234567", "hi").messageId());
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            List<Timer> timers = List.copyOf(registry.find("vumi.go.client.requests").timers());
            assertEquals(2, timers.size(), () -> "timers: " + timers);
            Timer refused = registry.get("vumi.go.client.requests").tags("api", "conversation", "method", "PUT",
                "status", "403", "outcome", "CLIENT_ERROR").timer();
            Timer accepted = registry.get("vumi.go.client.requests").tags("api", "conversation", "method", "PUT",
                "status", "200", "outcome", "SUCCESS").timer();
            assertEquals(1, refused.count());
            assertEquals(1, accepted.count());
            assertEquals(refused.getId().getTag("operation"), accepted.getId().getTag("operation"));
            assertThat(refused.getId().getTag("operation")).isNotBlank();

            // The application's listeners, composed in their order with the Micrometer one.
            ApplicationListeners listeners = context.getBean(ApplicationListeners.class);
            assertEquals(List.of("first:1", "second:1", "first:2", "second:2"), listeners.attempts);
            assertEquals(1, listeners.operations.size());
            assertEquals(2, listeners.operations.get(0).attempts());
          });
    }
  }

  @Test
  void anAttemptWithoutAnAnswerIsAnIoError() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new MicrometerClientListener(registry).attemptEnded(new AttemptInfo(Api.OPT_OUTS, "getOptOut", "GET",
        "/optouts/msisdn/+27831234567", 1, OptionalInt.empty(), Optional.of(new IOException("reset")),
        Duration.ofMillis(7)));
    Timer timer = registry.get("vumi.go.client.requests").tags("api", "opt_outs", "operation", "getOptOut", "method",
        "GET", "status", "IO_ERROR", "outcome", "UNKNOWN").timer();
    assertEquals(1, timer.count());
    assertEquals(7, timer.totalTime(TimeUnit.MILLISECONDS), 0.001);
    // The path is no tag: one series per address would be unbounded.
    assertEquals(5, timer.getId().getTags().size());
  }

  @Test
  void aServerErrorIsOne() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new MicrometerClientListener(registry).attemptEnded(new AttemptInfo(Api.CONTACTS, "getContact", "GET",
        "/contacts/key", 2, OptionalInt.of(502), Optional.empty(), Duration.ofMillis(3)));
    assertEquals(1, registry.get("vumi.go.client.requests").tags("api", "contacts", "status", "502", "outcome",
        "SERVER_ERROR").timer().count());
  }

  @Test
  void withARegistryAloneTheMicrometerListenerIsTheOneListener() {
    runner.withUserConfiguration(Registry.class).withPropertyValues("vumi.go.api-token=token").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(VumiGo.class);
      assertThat(context.getBean(ClientListener.class)).isInstanceOf(MicrometerClientListener.class)
          .hasToString("MicrometerClientListener{vumi.go.client.requests}");
    });
  }

  @Test
  void withoutARegistryThereIsNoTimer() {
    runner.withPropertyValues("vumi.go.api-token=token").run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerClientListener.class);
    });
  }

  @Test
  void withoutMicrometerThereIsNoTimer() {
    runner.withClassLoader(new FilteredClassLoader("io.micrometer")).withPropertyValues("vumi.go.api-token=token")
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerClientListener.class);
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class Registry {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ApplicationListeners {
    final List<String> attempts = new CopyOnWriteArrayList<>();
    final List<OperationInfo> operations = new CopyOnWriteArrayList<>();

    @Bean
    @Order(2)
    ClientListener second() {
      return new ClientListener() {
        @Override
        public void attemptEnded(AttemptInfo attempt) {
          attempts.add("second:" + attempt.attempt());
        }
      };
    }

    @Bean
    @Order(1)
    ClientListener first() {
      return new ClientListener() {
        @Override
        public void attemptEnded(AttemptInfo attempt) {
          attempts.add("first:" + attempt.attempt());
        }

        @Override
        public void operationEnded(OperationInfo operation) {
          operations.add(operation);
        }
      };
    }
  }
}
