package org.vumi.consumer.starter;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.Event;
import org.vumi.go.http.EventType;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.optouts.OptOutsApiClient;
import org.vumi.go.http.push.PushReceiver;
import org.vumi.go.http.testing.VumiGoEmulator;

/**
 * A web application that uses go-http-api through the starter only: its beans come from
 * application.properties. main() starts the emulator first, points the application at it, and
 * checks end to end what the application did; any failed check exits non-zero.
 */
@SpringBootApplication
public class Application {
  static final String RECIPIENT = "+27831234567";
  static final String OPTED_OUT = "+27830000000";
  static final Duration WAIT = Duration.ofSeconds(30);

  /** The application's own code: the starter's beans, injected. */
  @Service
  public static class Greeter {
    private final ConversationSender sender;
    private final OptOutsApiClient optOuts;

    public Greeter(ConversationSender sender, OptOutsApiClient optOuts) {
      this.sender = sender;
      this.optOuts = optOuts;
    }

    /** Greets a person who has not opted out. */
    Optional<SentMessage> greet(String msisdn) throws Exception {
      if (optOuts.getOptOut("msisdn", msisdn).isPresent()) {
        return Optional.empty();
      }
      return Optional.of(sender.sendText(msisdn, "Hello from Spring Boot " + SpringBootVersion.getVersion()));
    }
  }

  /** What Vumi Go pushes: a bean of this type is all the starter needs to serve its endpoint. */
  @Component
  public static class Inbox implements PushReceiver.Callback<InboundMessage> {
    final BlockingQueue<InboundMessage> received = new LinkedBlockingQueue<>();

    @Override
    public void handle(InboundMessage message) {
      received.add(message);
    }
  }

  /** Acks and delivery reports of what the application sent. */
  @Component
  public static class Deliveries implements PushReceiver.Callback<Event> {
    final BlockingQueue<Event> received = new LinkedBlockingQueue<>();

    @Override
    public void handle(Event event) {
      received.add(event);
    }
  }

  public static void main(String[] args) {
    int status = 1;
    try {
      run(args);
      status = 0;
    } catch (Throwable failure) {
      failure.printStackTrace();
    }
    System.exit(status);
  }

  static void run(String[] args) throws Exception {
    try (VumiGoEmulator vumiGo = VumiGoEmulator.start()) {
      // The one property application.properties cannot know: where the emulator listens.
      System.setProperty("vumi.go.api-url", vumiGo.goApiUrl());
      try (ConfigurableApplicationContext context = SpringApplication.run(Application.class, args)) {
        // The emulator knows the account, the conversation and the push URLs the properties name.
        Environment env = context.getEnvironment();
        String accountKey = env.getRequiredProperty("vumi.go.account-key");
        String conversationKey = env.getRequiredProperty("vumi.go.conversation-key");
        vumiGo.addConversation(accountKey, conversationKey, env.getRequiredProperty("vumi.go.conversation-token"))
            .addAuthToken(accountKey, env.getRequiredProperty("vumi.go.api-token"))
            .optOut(accountKey, OPTED_OUT);
        String pushUrl = "http://" + env.getRequiredProperty("vumi.go.push.username") + ":"
            + env.getRequiredProperty("vumi.go.push.password") + "@127.0.0.1:"
            + env.getRequiredProperty("local.server.port") + env.getRequiredProperty("vumi.go.push.path");
        vumiGo.pushTo(conversationKey, pushUrl + "/messages", pushUrl + "/events");

        Greeter greeter = context.getBean(Greeter.class);
        check(greeter.greet(OPTED_OUT).isEmpty(), "a message went to an opted-out number: " + vumiGo.messages());
        SentMessage sent = greeter.greet(RECIPIENT).orElseThrow(() -> new IllegalStateException("no message sent"));
        check(vumiGo.messages().size() == 1 && vumiGo.messages().get(0).messageId().equals(sent.messageId()),
            "the emulator did not record the message sent: " + vumiGo.messages());

        // The emulator pushes the message's ack and delivery report to the starter's endpoint.
        Deliveries deliveries = context.getBean(Deliveries.class);
        Event ack = next(deliveries.received, "the ack");
        Event report = next(deliveries.received, "the delivery report");
        check(ack.eventType() == EventType.ACK && ack.userMessageId().equals(sent.messageId()), "not the ack: " + ack);
        check(report.eventType() == EventType.DELIVERY_REPORT && report.userMessageId().equals(sent.messageId()),
            "not the delivery report: " + report);

        // A person writes: pushInbound returns once the application answered it 2xx.
        InboundMessage pushed = vumiGo.pushInbound(conversationKey, RECIPIENT, "*120*123#", "Hi back", null, "ussd");
        InboundMessage received = next(context.getBean(Inbox.class).received, "the inbound message");
        check(received.messageId().equals(pushed.messageId()) && "Hi back".equals(received.content()),
            "not the message pushed: " + received);

        // The starter timed every request: two opt-out look-ups and one send.
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        long lookups = registry.get("vumi.go.client.requests").tags("api", "opt_outs", "method", "GET").timers()
            .stream().mapToLong(timer -> timer.count()).sum();
        long sends = registry.get("vumi.go.client.requests").tags("api", "conversation", "status", "200",
            "outcome", "SUCCESS").timer().count();
        check(lookups == 2 && sends == 1, "timings: " + lookups + " look-ups and " + sends + " sends");

        System.out.println("spring-boot " + SpringBootVersion.getVersion() + " with go-http-api-spring-boot-starter:"
            + " sent message id " + sent.messageId() + ", received its " + ack.eventType() + " and "
            + report.eventType() + " and inbound message " + received.messageId() + " through Tomcat on port "
            + env.getProperty("local.server.port") + "; " + (lookups + sends) + " requests timed");
      }
    }
  }

  static <T> T next(BlockingQueue<T> queue, String what) throws InterruptedException {
    T next = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (next == null) {
      throw new IllegalStateException(what + " did not arrive within " + WAIT);
    }
    return next;
  }

  static void check(boolean condition, String failure) {
    if (!condition) {
      throw new IllegalStateException(failure);
    }
  }
}
