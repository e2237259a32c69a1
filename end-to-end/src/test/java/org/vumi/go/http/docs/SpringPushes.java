package org.vumi.go.http.docs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.Event;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.push.PushReceiver;

/** docs/receiving-pushes.md's Spring Boot callbacks, as shown there; {@link ReceivingPushesTest} calls them. */
@Configuration
class SpringPushes {
  @Bean
  PushReceiver.Callback<InboundMessage> onMessage(ConversationSender sender) {
    return message -> sender.replyTo(message, "Thanks, we got it.", null);
  }

  @Bean
  PushReceiver.Callback<Event> onEvent() {
    return event -> System.out.println(event.eventType() + " for message " + event.userMessageId());
  }
}
