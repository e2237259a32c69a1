package org.vumi.go.http.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The fair floor: raw OkHttp plus the least any client of the conversation API must do. It writes
 * the same JSON body as the library, with a generator of one shared {@link JsonFactory}, on a
 * prebuilt {@link Request} template; checks the status and reads {@code message_id} (or a metric's
 * {@code success}) from the answer with a streaming parser; and completes an asynchronous send's
 * future on an executor, the hop the library makes so that a caller's callback never runs on
 * OkHttp's thread. It has no deadline, no bound on requests in flight, no retries, no checks of its
 * input and no at-most-once guard: what the library does beyond this is the library's cost.
 */
public final class FairFloor {
  static final JsonFactory FACTORY = new JsonFactory();
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final ThreadLocal<ByteArrayOutputStream> BUFFER =
      ThreadLocal.withInitial(() -> new ByteArrayOutputStream(256));

  private final OkHttpClient client;
  private final Request messages;
  private final Request metrics;
  private final Request contacts;
  private final HttpUrl contactsUrl;
  /** Completes asynchronous sends off OkHttp's threads: grows as needed, as the library's does. */
  private final ExecutorService hop = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
      new SynchronousQueue<>(), task -> {
        Thread thread = new Thread(task, "fair-floor callbacks");
        thread.setDaemon(true);
        return thread;
      });

  FairFloor(OkHttpClient client, int port) {
    this.client = client;
    String authorization = Credentials.basic("acc-key", "conv-token");
    this.messages = new Request.Builder().url(FastVumiServer.apiUrl(port) + "/conv-key/messages.json")
        .header("Authorization", authorization).build();
    this.metrics = new Request.Builder().url(FastVumiServer.apiUrl(port) + "/conv-key/metrics.json")
        .header("Authorization", authorization).build();
    this.contactsUrl = HttpUrl.get(FastVumiServer.contactsApiUrl(port) + "/contacts/");
    this.contacts = new Request.Builder().url(contactsUrl).header("Authorization", "Bearer token").build();
  }

  // ---------------------------------------------------------------- messages

  /** Sends a text message and returns its id. */
  String send(String to, String content) throws IOException {
    try (Response response = client.newCall(messageRequest(to, content)).execute()) {
      return messageId(response);
    }
  }

  /** Sends a text message without blocking; the future completes on {@link #hop}. */
  CompletableFuture<String> sendAsync(String to, String content) {
    CompletableFuture<String> result = new CompletableFuture<>();
    client.newCall(messageRequest(to, content)).enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          String id = messageId(response);
          hop.execute(() -> result.complete(id));
        } catch (IOException | RuntimeException e) {
          hop.execute(() -> result.completeExceptionally(e));
        }
      }

      @Override
      public void onFailure(Call call, IOException e) {
        hop.execute(() -> result.completeExceptionally(e));
      }
    });
    return result;
  }

  /** Fires a metric; returns the answer's {@code success}. */
  boolean fireMetric(String name, double value, String aggregate) throws IOException {
    Request request = metrics.newBuilder().put(RequestBody.create(metricBody(name, value, aggregate), JSON)).build();
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code());
      }
      try (JsonParser parser = FACTORY.createParser(response.body().bytes())) {
        boolean success = false;
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          throw new IOException("not an object");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken token = parser.nextToken();
          if ("success".equals(field)) {
            success = token == JsonToken.VALUE_TRUE;
          }
          parser.skipChildren();
        }
        return success;
      }
    }
  }

  private Request messageRequest(String to, String content) {
    return messages.newBuilder().put(RequestBody.create(messageBody(to, content), JSON)).build();
  }

  /**
   * The body of a text message, as a generator of the shared factory writes it.
   *
   * @param to the recipient
   * @param content the text
   * @return the JSON body
   */
  public static byte[] messageBody(String to, String content) {
    ByteArrayOutputStream out = BUFFER.get();
    out.reset();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("to_addr", to);
      json.writeStringField("content", content);
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  static byte[] metricBody(String name, double value, String aggregate) {
    ByteArrayOutputStream out = BUFFER.get();
    out.reset();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartArray();
      json.writeStartArray();
      json.writeString(name);
      json.writeNumber(value);
      json.writeString(aggregate);
      json.writeEndArray();
      json.writeEndArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** The answer's {@code message_id}, read in one streaming pass over the body. */
  static String messageId(Response response) throws IOException {
    if (!response.isSuccessful()) {
      throw new IOException("HTTP " + response.code());
    }
    return messageId(response.body().bytes());
  }

  /**
   * Reads {@code message_id} from an answer in one streaming pass.
   *
   * @param answer the answer's bytes
   * @return the id
   * @throws IOException if the answer is not an object with a string {@code message_id}
   */
  public static String messageId(byte[] answer) throws IOException {
    String id = null;
    try (JsonParser parser = FACTORY.createParser(answer)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not an object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        if (parser.nextToken() == JsonToken.VALUE_STRING && "message_id".equals(field)) {
          id = parser.getText();
        }
        parser.skipChildren();
      }
    }
    if (id == null) {
      throw new IOException("no message_id");
    }
    return id;
  }

  // ---------------------------------------------------------------- contacts

  /** A contact as a streaming reader makes one: every field the library's {@code Contact} has. */
  static final class RawContact {
    String key;
    String msisdn;
    String name;
    String surname;
    String emailAddress;
    String dob;
    String twitterHandle;
    String facebookId;
    String bbmPin;
    String gtalkId;
    String mxitId;
    String wechatId;
    String userAccount;
    String createdAt;
    List<String> groups = List.of();
    Map<String, String> extra = Map.of();
    Map<String, String> subscription = Map.of();
  }

  /** Reads every page, following cursors, handing each contact over as it is parsed; returns the count. */
  long streamContacts(Consumer<RawContact> each) throws IOException {
    long count = 0;
    String cursor = null;
    do {
      Request request = cursor == null ? contacts
          : contacts.newBuilder().url(contactsUrl.newBuilder().addQueryParameter("cursor", cursor).build()).build();
      try (Response response = client.newCall(request).execute()) {
        if (!response.isSuccessful()) {
          throw new IOException("HTTP " + response.code());
        }
        String[] next = {null};
        count += readPage(response.body().byteStream(), next, each);
        cursor = next[0];
      }
    } while (cursor != null);
    return count;
  }

  /** The raw floor of paging: the pages' bytes, their cursors known in advance. */
  long pagesOnly() throws IOException {
    long bytes = 0;
    for (int page = 0; page < FastVumiServer.CONTACT_PAGES; page++) {
      Request request = page == 0 ? contacts : contacts.newBuilder()
          .url(contactsUrl.newBuilder().addQueryParameter("cursor", Integer.toString(page)).build()).build();
      try (Response response = client.newCall(request).execute()) {
        bytes += response.body().bytes().length;
      }
    }
    return bytes;
  }

  private static int readPage(InputStream body, String[] cursor, Consumer<RawContact> each) throws IOException {
    int count = 0;
    try (JsonParser parser = FACTORY.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not an object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("cursor".equals(field)) {
          cursor[0] = value == JsonToken.VALUE_STRING ? parser.getText() : null;
        } else if ("data".equals(field) && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            each.accept(readContact(parser));
            count++;
          }
        } else {
          parser.skipChildren();
        }
      }
    }
    return count;
  }

  private static RawContact readContact(JsonParser parser) throws IOException {
    RawContact contact = new RawContact();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      String text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
      switch (field) {
        case "key" -> contact.key = text;
        case "msisdn" -> contact.msisdn = text;
        case "name" -> contact.name = text;
        case "surname" -> contact.surname = text;
        case "email_address" -> contact.emailAddress = text;
        case "dob" -> contact.dob = text;
        case "twitter_handle" -> contact.twitterHandle = text;
        case "facebook_id" -> contact.facebookId = text;
        case "bbm_pin" -> contact.bbmPin = text;
        case "gtalk_id" -> contact.gtalkId = text;
        case "mxit_id" -> contact.mxitId = text;
        case "wechat_id" -> contact.wechatId = text;
        case "user_account" -> contact.userAccount = text;
        case "created_at" -> contact.createdAt = text;
        case "groups" -> contact.groups = readStrings(parser);
        case "extra" -> contact.extra = readMap(parser);
        case "subscription" -> contact.subscription = readMap(parser);
        default -> parser.skipChildren();
      }
    }
    return contact;
  }

  private static List<String> readStrings(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      parser.skipChildren();
      return List.of();
    }
    List<String> values = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      values.add(parser.getText());
      parser.skipChildren();
    }
    return Collections.unmodifiableList(values);
  }

  private static Map<String, String> readMap(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      values.put(field, parser.getText());
      parser.skipChildren();
    }
    return Collections.unmodifiableMap(values);
  }
}
