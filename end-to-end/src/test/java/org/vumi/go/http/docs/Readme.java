package org.vumi.go.http.docs;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.push.PushReceiver;

/** README.md's quick start, line for line; {@link ReadmeTest} runs it against the emulator. */
final class Readme {
  private Readme() {}

  static ConversationSender makeSender(String accountKey, String conversationKey, String conversationToken) {
    ConversationSender sender = new HttpApiSender(accountKey, conversationKey, conversationToken);
    return sender;
  }

  static SentMessage sendText(ConversationSender sender) throws IOException {
    SentMessage sent = sender.sendText("+27831234567", "Hello from Java!");
    System.out.println("Vumi Go took it as message " + sent.messageId());
    return sent;
  }

  /** What {@link #receive} started, for the caller to stop. */
  record Endpoint(HttpServer server, ExecutorService handlers) {}

  static Endpoint receive(ConversationSender sender, String pushPassword, int port) throws IOException {
    PushReceiver receiver = PushReceiver.builder()
        .basicAuth("vumi", pushPassword)   // the user:password@ of the conversation's push URLs
        .onMessage(message -> sender.replyTo(message, "Thanks! You sent: " + message.content(), null))
        .onEvent(event -> System.out.println(event.eventType() + " for message " + event.userMessageId()))
        .build();
    ExecutorService handlers = Executors.newFixedThreadPool(4);   // bounded, and shut down when done
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/vumi", receiver.httpHandler());
    server.setExecutor(handlers);
    server.start();
    return new Endpoint(server, handlers);
  }
}
