package org.vumi.go.http.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the handlers of the opt-outs, metrics and account APIs share: counting the request, closing
 * the exchange when answering fails, and writing an answer.
 */
abstract class GoApiExchanges implements HttpHandler {
  static final ObjectMapper MAPPER = new ObjectMapper();

  final VumiGoEmulator emulator;

  GoApiExchanges(VumiGoEmulator emulator) {
    this.emulator = emulator;
  }

  @Override
  public final void handle(HttpExchange exchange) throws IOException {
    emulator.requestCount.incrementAndGet();
    try {
      answer(exchange);
    } catch (RuntimeException | IOException e) {
      exchange.close();
      throw e;
    }
  }

  /** Answers one request. */
  abstract void answer(HttpExchange exchange) throws IOException;

  /** The path below {@code prefix}, still percent-encoded, or null when the path is not under it. */
  static @Nullable String below(HttpExchange exchange, String prefix) {
    String rawPath = exchange.getRequestURI().getRawPath();
    return rawPath.startsWith(prefix) ? rawPath.substring(prefix.length()) : null;
  }

  /** Python's {@code parse_qs}: values decoded, {@code +} as a space, blank values dropped. */
  static Map<String, List<String>> query(HttpExchange exchange) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("[&;]")) {
      int equals = pair.indexOf('=');
      if (equals < 0) {
        continue;
      }
      String value = URLDecoder.decode(pair.substring(equals + 1), UTF_8);
      if (!value.isEmpty()) {
        query.computeIfAbsent(URLDecoder.decode(pair.substring(0, equals), UTF_8), key -> new ArrayList<>()).add(value);
      }
    }
    return query;
  }

  static byte[] json(JsonNode body) {
    return body.toString().getBytes(UTF_8); // a tree's toString() is its JSON
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(body);
      }
    }
  }

  static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    send(exchange, status, contentType, body.getBytes(UTF_8));
  }
}
