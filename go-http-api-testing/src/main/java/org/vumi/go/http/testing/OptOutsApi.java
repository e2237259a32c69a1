package org.vumi.go.http.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Answers as Vumi Go's opt-outs API (go-optout-api on Klein, Riak backend) does: routing first (an
 * HTML 404 or 405 from werkzeug, before authentication), then the owner from the token as the auth
 * bouncer reads it (401 {@code Owner ID not valid.} for a missing or unknown one), then the record. Records are the
 * emulator's opt-outs, so one set here refuses the account's sends through the conversation API.
 */
final class OptOutsApi extends GoApiExchanges {
  static final String PATH = VumiGoEmulator.GO_API_PATH + "/optouts/";
  /** Where the emulator serves it from: {@code /optouts} without the slash is werkzeug's 404 too. */
  static final String CONTEXT = VumiGoEmulator.GO_API_PATH + "/optouts";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter VUMI_DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  static final String NOT_FOUND_PAGE = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n"
      + "<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server."
      + "  If you entered the URL manually please check your spelling and try again.</p>\n";
  static final String METHOD_NOT_ALLOWED_PAGE = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n"
      + "<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n"
      + "<p>The method is not allowed for the requested URL.</p>\n";

  OptOutsApi(VumiGoEmulator emulator) {
    super(emulator);
  }

  @Override
  void answer(HttpExchange exchange) throws IOException {
    String rawBelow = below(exchange, PATH);
    if (rawBelow == null) {
      send(exchange, 404, "text/html", NOT_FOUND_PAGE); // /optouts alone, or /optoutsx: no route
      return;
    }
    // Werkzeug routes on the decoded path: an encoded '/' splits a segment as a plain one does.
    String path = URLDecoder.decode(rawBelow.replace("+", "%2B"), UTF_8);
    List<String> segments = Arrays.asList(path.split("/", -1));
    String method = exchange.getRequestMethod();
    boolean count = segments.size() == 1 && segments.get(0).equals("count");
    boolean record = segments.size() == 2 && !segments.get(0).isEmpty() && !segments.get(1).isEmpty();
    if (!count && !record) {
      send(exchange, 404, "text/html", NOT_FOUND_PAGE);
      return;
    }
    // Werkzeug lists a route's methods from a Python 2 set, so in that set's (fixed) order. Klein
    // routes OPTIONS like any other method the route lacks: 405.
    List<String> allowed = count ? List.of("HEAD", "GET") : List.of("PUT", "HEAD", "DELETE", "GET");
    if (!allowed.contains(method)) {
      exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
      send(exchange, 405, "text/html", METHOD_NOT_ALLOWED_PAGE);
      return;
    }
    String account = emulator.accountForBearer(exchange);
    if (account == null) {
      reply(exchange, 401, "Owner ID not valid.", null, null);
      return;
    }
    if (count) {
      String prefix = VumiGoEmulator.optOutKey(account, "", "").substring(0, account.length() + 1);
      long total = emulator.optOutRecords.keySet().stream().filter(key -> key.startsWith(prefix)).count();
      ObjectNode body = envelope(200, "OK");
      body.put("opt_out_count", total);
      send(exchange, 200, "application/json", json(body));
      return;
    }
    String key = VumiGoEmulator.optOutKey(account, segments.get(0), segments.get(1));
    Map<String, VumiGoEmulator.OptOutRecord> records = emulator.optOutRecords;
    switch (method) {
      case "PUT" -> {
        VumiGoEmulator.OptOutRecord created = new VumiGoEmulator.OptOutRecord(Instant.now(), null);
        VumiGoEmulator.OptOutRecord existing = records.putIfAbsent(key, created);
        if (existing != null) {
          reply(exchange, 409, "Opt out already exists.", null, null);
        } else {
          reply(exchange, 200, "OK", account, created);
        }
      }
      case "DELETE" -> {
        VumiGoEmulator.OptOutRecord removed = records.remove(key);
        if (removed == null) {
          reply(exchange, 404, "There's nothing to delete.", null, null);
        } else {
          reply(exchange, 200, "OK", account, removed);
        }
      }
      default -> {
        VumiGoEmulator.OptOutRecord found = records.get(key);
        if (found == null) {
          reply(exchange, 404, "Opt out not found.", null, null);
        } else {
          reply(exchange, 200, "OK", account, found);
        }
      }
    }
  }

  private static ObjectNode envelope(int code, String reason) {
    ObjectNode body = NODES.objectNode();
    body.putObject("status").put("code", code).put("reason", reason);
    return body;
  }

  /** The API's one envelope, with the record in Riak's shape when there is one. */
  private static void reply(HttpExchange exchange, int code, String reason, @Nullable String account,
      VumiGoEmulator.@Nullable OptOutRecord record) throws IOException {
    ObjectNode body = envelope(code, reason);
    if (record != null) {
      ObjectNode optOut = body.putObject("opt_out");
      optOut.put("created_at", VUMI_DATE.format(record.createdAt()));
      optOut.put("message", record.message());
      optOut.put("user_account", account);
    }
    send(exchange, code, "application/json", json(body));
  }
}
