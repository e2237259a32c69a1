package org.vumi.go.http.docs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.vumi.go.http.Aggregate;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.Metric;
import org.vumi.go.http.MetricResult;
import org.vumi.go.http.OutboundMessage;
import org.vumi.go.http.RetryPolicy;
import org.vumi.go.http.SendOutcome;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.SessionEvent;
import org.vumi.go.http.VoiceOptions;

/** docs/conversation-api.md, snippet by snippet, as shown there; {@link ConversationApiTest} runs them. */
final class ConversationApi {
  private ConversationApi() {}

  static void opening(ConversationSender sender) throws IOException {
    SentMessage sent = sender.sendText("+27831234567", "Your code is 1234");
    sender.sendVoice("+27831234567", "Your code is 1 2 3 4");
    MetricResult counted = sender.fireMetric("codes.sent", 1, "sum");
  }

  static HttpApiSender settings(String accountKey, String conversationKey, String conversationToken, String apiUrl,
      OkHttpClient okHttpClient) {
    HttpApiSender sender = HttpApiSender.builder(accountKey, conversationKey, conversationToken)
        .apiUrl(apiUrl)                         // default HttpApiSender.DEFAULT_API_URL
        .client(okHttpClient)                   // default: one shared by all of the library's clients
        .retryPolicy(RetryPolicy.builder().maxAttempts(5).build())   // default RetryPolicy.defaults()
        .maxInFlight(4)                         // default 8
        .deadline(Duration.ofSeconds(20))       // default 60 s
        .build();
    return sender;
  }

  static SentMessage text(ConversationSender sender) throws IOException {
    SentMessage sent = sender.sendText("+27831234567", "Your code is 1234");
    sent.messageId();   // "4802dff631854967a4e27cca50f73e6b": delivery events name it as userMessageId()
    sent.timestamp();   // an Instant
    sent.json();        // the server's whole answer, as a Jackson tree
    return sent;
  }

  static void typed(ConversationSender sender) throws IOException {
    sender.sendText("+27831234567", "See you soon", "new");
    sender.send(OutboundMessage.text("+27831234567", "See you soon").withSessionEvent(SessionEvent.NEW));
  }

  static void voice(ConversationSender sender) throws IOException {
    sender.sendVoice("+27831234567", "Welcome!");
    sender.sendVoice("+27831234567", "Press 1 then hash", "https://example.org/menu.ogg", "#", null);
    sender.send(OutboundMessage.voice("+27831234567", "Press 1 then hash",
        VoiceOptions.builder().speechUrl("https://example.org/menu.ogg").waitFor("#").build()));
  }

  static MetricResult metric(ConversationSender sender) throws IOException {
    MetricResult result = sender.fireMetric("registrations", 1, "sum");
    sender.fireMetric(Metric.of("queue.length", 42, Aggregate.MAX));
    result.success();   // true
    result.reason();    // "Metrics published"
    return result;
  }

  static void replies(ConversationSender sender, InboundMessage message) throws IOException {
    sender.replyTo(message, "1. Balance\n2. Quit", SessionEvent.RESUME);   // the session goes on
    sender.replyTo(message.messageId(), "Goodbye!", "close");               // the session ends
  }

  static CompletableFuture<Void> async(ConversationSender sender, Logger log) {
    CompletableFuture<Void> done =
    sender.sendAsync(OutboundMessage.text("+27831234567", "Your code is 1234"))
        .thenAccept(sent -> log.info("sent as {}", sent.messageId()))
        .exceptionally(error -> { log.warn("not sent", error); return null; });
    return done;
  }

  static List<SendOutcome> bulk(ConversationSender sender, List<String> recipients, Logger log) {
    List<OutboundMessage> campaign = recipients.stream()
        .map(msisdn -> OutboundMessage.text(msisdn, "The clinic opens at 9 on Monday"))
        .toList();
    List<SendOutcome> outcomes = sender.sendAll(campaign);
    outcomes.stream().filter(outcome -> !outcome.isSent())
        .forEach(outcome -> log.warn("{} not sent: {}", outcome.message().toAddr(), String.valueOf(outcome.error())));
    return outcomes;
  }

  static HttpApiSender ownClient(OkHttpClient appClient, String accountKey, String conversationKey,
      String conversationToken) {
    OkHttpClient client = appClient.newBuilder()
        .callTimeout(Duration.ofSeconds(15))
        .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("proxy.internal", 3128)))
        .build();
    HttpApiSender sender = HttpApiSender.builder(accountKey, conversationKey, conversationToken)
        .client(client)
        .build();
    return sender;
  }
}
