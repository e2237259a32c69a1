package org.vumi.consumer.boot;

import java.io.IOException;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.testing.VumiGoEmulator;

/** The sender as a Spring bean, used once at start-up; the emulator stands in for Vumi Go. */
@SpringBootApplication
public class Application {
  public static void main(String[] args) {
    // Not a web application: it exits once the runner has sent its message.
    SpringApplication.exit(SpringApplication.run(Application.class, args));
  }

  @Bean(destroyMethod = "close")
  VumiGoEmulator vumiGo() throws IOException {
    VumiGoEmulator emulator = VumiGoEmulator.start();
    emulator.addConversation("acc-key", "conv-key", "conv-token");
    return emulator;
  }

  @Bean
  ConversationSender sender(VumiGoEmulator vumiGo) {
    return HttpApiSender.builder("acc-key", "conv-key", "conv-token").apiUrl(vumiGo.apiUrl()).build();
  }

  @Bean
  CommandLineRunner sendOnce(ConversationSender sender, VumiGoEmulator vumiGo) {
    return args -> {
      SentMessage sent = sender.sendText("+27831234567", "Hello from Spring Boot");
      if (vumiGo.messages().size() != 1 || !sent.messageId().equals(vumiGo.messages().get(0).messageId())) {
        throw new IllegalStateException("the emulator did not record the message sent: " + vumiGo.messages());
      }
      System.out.println("spring-boot " + SpringBootVersion.getVersion() + " (kotlin-stdlib " + kotlin.KotlinVersion.CURRENT
          + "): sent message id " + sent.messageId());
    };
  }
}
