package org.vumi.go.http.docs;

import java.io.IOException;
import java.io.InputStream;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.DeliveryStatus;
import org.vumi.go.http.EventType;
import org.vumi.go.http.SessionEvent;
import org.vumi.go.http.push.PushReceiver;
import org.vumi.go.http.push.PushResponse;

/** docs/receiving-pushes.md's snippets, as shown there; {@link ReceivingPushesTest} runs them. */
final class ReceivingPushes {
  private ReceivingPushes() {}

  /** Where the example records what happened to each message it sent. */
  interface Deliveries {
    void record(String messageId, EventType type, DeliveryStatus status);
  }

  static PushReceiver ussdService(ConversationSender sender, String pushPassword, Deliveries deliveries) {
    PushReceiver receiver = PushReceiver.builder()
        .basicAuth("vumi", pushPassword)   // push URLs: https://vumi:<pushPassword>@app.example.org/vumi/...
        .onMessage(message -> {
          if (message.sessionEvent() == SessionEvent.NEW) {            // the person dialled *120*123#
            sender.replyTo(message, "Welcome!\n1. Balance\n2. Quit", SessionEvent.RESUME);
          } else if ("1".equals(message.content())) {
            sender.replyTo(message, "Your balance is R42.", SessionEvent.CLOSE);
          } else {
            sender.replyTo(message, "Goodbye!", SessionEvent.CLOSE);
          }
        })
        .onEvent(event -> deliveries.record(event.userMessageId(), event.eventType(), event.deliveryStatus()))
        .build();
    return receiver;
  }

  static PushEndpoint serve(PushReceiver receiver) throws IOException {
    PushEndpoint endpoint = new PushEndpoint(receiver, 0);   // 0: any free port
    return endpoint;
  }

  static PushResponse anyFramework(PushReceiver receiver, String authorization, InputStream body) throws IOException {
    PushResponse answer = receiver.handle(authorization, body);   // the Authorization header, the body's stream
    return answer;
  }
}
