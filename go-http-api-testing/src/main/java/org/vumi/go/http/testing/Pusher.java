package org.vumi.go.http.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.Event;
import org.vumi.go.http.InboundMessage;

/**
 * Pushes to the application as Vumi Go does: POST of the message's {@code to_json()} (ASCII, every
 * other character escaped), {@code Content-Type: application/json; charset=utf-8}, Basic auth
 * (UTF-8) from the URL's {@code user:pass@}, 5 s timeout, any 2xx counts as delivered. Messages
 * and events carry the fields vumi 0.6.19's {@code TransportUserMessage} and {@code TransportEvent}
 * give them, with a transport's defaults ({@code Transport.publish_message}/{@code publish_event}).
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
      @Nullable String content, @Nullable String sessionEvent, String transportType) {
    ObjectNode message = NODES.objectNode();
    // TransportMessage.process_fields
    message.put("message_version", "20110921");
    message.put("message_type", "user_message");
    message.put("timestamp", now());
    message.putObject("routing_metadata");
    message.set("helper_metadata", goMetadata(conversation));
    // TransportUserMessage.process_fields
    message.put("message_id", VumiGoEmulator.newMessageId());
    message.putNull("in_reply_to");
    message.putNull("provider");
    message.put("session_event", sessionEvent);
    message.put("content", content);
    message.putObject("transport_metadata");
    message.putNull("group");
    message.putNull("to_addr_type");
    message.putNull("from_addr_type");
    // what the transport gives
    message.put("to_addr", toAddr);
    message.put("from_addr", fromAddr);
    message.put("transport_name", transportType + "_transport");
    message.put("transport_type", transportType);
    return InboundMessage.parse(message);
  }

  /** The JSON Vumi Go POSTs: {@code json.dumps} with its default {@code ensure_ascii}. */
  static String toJson(JsonNode message) {
    try {
      return Py.ASCII_JSON.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a tree of plain nodes always serialises
    }
  }

  static ObjectNode goMetadata(VumiGoEmulator.Conversation conversation) {
    ObjectNode helper = NODES.objectNode();
    ObjectNode go = helper.putObject("go");
    go.put("conversation_key", conversation.key);
    go.put("conversation_type", "http_api_nostream");
    go.put("user_account", conversation.accountKey);
    return helper;
  }

  static Event event(String userMessageId, String transportName, String eventType) {
    ObjectNode event = NODES.objectNode();
    // TransportMessage.process_fields, TransportEvent.process_fields
    event.put("message_version", "20110921");
    event.put("message_type", "event");
    event.put("timestamp", now());
    event.putObject("routing_metadata");
    event.putObject("helper_metadata");
    event.put("event_id", VumiGoEmulator.newMessageId());
    // Transport.publish_event's defaults, then what publish_ack / publish_delivery_report add
    event.put("transport_name", transportName);
    event.putObject("transport_metadata");
    event.put("user_message_id", userMessageId);
    event.put("event_type", eventType);
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
      // UTF-8, as PushReceiver checks it and as everywhere in this library.
      request.header("Authorization", Credentials.basic(target.username(), target.password(), StandardCharsets.UTF_8));
    }
    try (Response response = client.newCall(request.build()).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("push to " + target.redact() + " was answered HTTP " + response.code());
      }
    }
  }

  /**
   * Sends an ack and then a delivery report for an accepted message, in the background; records
   * each once its push has ended, answered or not.
   */
  void deliverEvents(String eventUrl, String messageId, String transportName, Executor executor,
      Recording<Event> pushed) {
    executor.execute(() -> {
      for (String type : new String[] {"ack", "delivery_report"}) {
        Event event = event(messageId, transportName, type);
        try {
          post(eventUrl, toJson(event.json()));
        } catch (IOException | RuntimeException e) {
          pushed.add(event);
          return; // not retried: Vumi Go hands a failed push to its retry service, which the emulator has not
        }
        pushed.add(event);
      }
    });
  }

  void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
