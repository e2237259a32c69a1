package org.vumi.go.http.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executor;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.vumi.go.http.Event;
import org.vumi.go.http.InboundMessage;

/**
 * Pushes to the application as Vumi Go does: POST of the JSON, {@code Content-Type:
 * application/json; charset=utf-8}, Basic auth from the URL's {@code user:pass@}, 5 s timeout,
 * any 2xx counts as delivered.
 */
final class Pusher {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private final OkHttpClient client = new OkHttpClient.Builder()
      .callTimeout(Duration.ofSeconds(5))
      .retryOnConnectionFailure(false)
      .build();

  static String now() {
    return TIMESTAMP.format(LocalDateTime.now(ZoneOffset.UTC));
  }

  static InboundMessage inbound(VumiGoEmulator.Conversation conversation, String fromAddr, String toAddr,
      String content, String sessionEvent, String transportType) {
    ObjectNode message = NODES.objectNode();
    message.put("message_type", "user_message");
    message.put("message_version", "20110921");
    message.put("message_id", VumiGoEmulator.newMessageId());
    message.put("timestamp", now());
    message.put("to_addr", toAddr);
    message.put("from_addr", fromAddr);
    message.put("content", content);
    message.put("session_event", sessionEvent);
    message.putNull("in_reply_to");
    message.put("transport_name", transportType + "_transport");
    message.put("transport_type", transportType);
    message.putObject("transport_metadata");
    message.set("helper_metadata", goMetadata(conversation));
    message.putObject("routing_metadata");
    return InboundMessage.parse(message.toString());
  }

  static ObjectNode goMetadata(VumiGoEmulator.Conversation conversation) {
    ObjectNode helper = NODES.objectNode();
    ObjectNode go = helper.putObject("go");
    go.put("conversation_key", conversation.key);
    go.put("conversation_type", "http_api_nostream");
    go.put("user_account", conversation.accountKey);
    return helper;
  }

  static Event event(String userMessageId, String eventType) {
    ObjectNode event = NODES.objectNode();
    event.put("message_type", "event");
    event.put("message_version", "20110921");
    event.put("event_id", VumiGoEmulator.newMessageId());
    event.put("event_type", eventType);
    event.put("user_message_id", userMessageId);
    event.put("timestamp", now());
    event.putObject("helper_metadata");
    event.putObject("routing_metadata");
    event.putObject("transport_metadata");
    if (eventType.equals("ack")) {
      event.put("sent_message_id", VumiGoEmulator.newMessageId());
    } else {
      event.put("delivery_status", "delivered");
    }
    return Event.parse(event.toString());
  }

  /** POSTs the JSON; throws when the application did not take it. */
  void post(String url, String json) throws IOException {
    HttpUrl target = HttpUrl.get(url);
    Request.Builder request = new Request.Builder()
        .url(target.newBuilder().username("").password("").build())
        .post(RequestBody.create(json, JSON));
    if (!target.username().isEmpty()) {
      request.header("Authorization", Credentials.basic(target.username(), target.password()));
    }
    try (Response response = client.newCall(request.build()).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("push to " + target.redact() + " was answered HTTP " + response.code());
      }
    }
  }

  /** Sends an ack and then a delivery report for an accepted message, in the background. */
  void deliverEvents(String eventUrl, String messageId, Executor executor, java.util.List<Event> pushed) {
    executor.execute(() -> {
      for (String type : new String[] {"ack", "delivery_report"}) {
        Event event = event(messageId, type);
        try {
          post(eventUrl, event.toJson());
          pushed.add(event);
        } catch (IOException | RuntimeException e) {
          return; // Vumi Go does not retry a failed push either
        }
      }
    });
  }

  void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
