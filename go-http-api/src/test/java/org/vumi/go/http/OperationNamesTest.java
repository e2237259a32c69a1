package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.account.AccountApiClient;
import org.vumi.go.http.account.RoutingTable;
import org.vumi.go.http.contacts.ContactsApiClient;
import org.vumi.go.http.metrics.MetricsApiClient;
import org.vumi.go.http.metrics.Nulls;
import org.vumi.go.http.optouts.OptOutsApiClient;

/**
 * A listener (and the starter's {@code operation} tag) sees the name of the client method that ran
 * the request, as {@link AttemptInfo#operation()} promises: a dashboard can tell {@code getContact}
 * from {@code deleteContact}, though both are a request on the same path. The server refuses every
 * request: the name is the same whatever the outcome.
 */
class OperationNamesTest {
  final MockWebServer server = MockServers.noDelay();
  final ConnectionPool pool = new ConnectionPool();
  final OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
  final List<String> attempts = Collections.synchronizedList(new ArrayList<>());
  final List<String> operations = Collections.synchronizedList(new ArrayList<>());
  final ClientListener listener = new ClientListener() {
    @Override
    public void attemptStarted(AttemptInfo attempt) {
      attempts.add(attempt.operation());
    }

    @Override
    public void operationEnded(OperationInfo operation) {
      operations.add(operation.operation());
    }
  };

  OperationNamesTest() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(400).body("refused").build();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    assertEquals(pool.connectionCount(), pool.idleConnectionCount(), "a response was left open");
  }

  interface Call {
    void run() throws Exception;
  }

  /** Runs each call, whatever it throws, then compares the names the listener saw. */
  void assertNames(List<String> expected, Call... calls) {
    for (Call call : calls) {
      try {
        call.run();
      } catch (IOException | CompletionException | ExecutionException | UncheckedIOException expectedRefusal) {
        // the server refuses everything
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    assertEquals(expected, operations, "operations");
    assertEquals(expected, attempts, "attempts (none retried)");
  }

  @Test
  void theConversationApiNamesSendAndFireMetric() {
    HttpApiSender sender = HttpApiSender.builder("acc", "conv", "token").apiUrl(server.url("/api").toString())
        .client(client).retryPolicy(RetryPolicy.none()).listener(listener).build();
    assertNames(List.of("send", "send", "send", "send", "fireMetric", "fireMetric"),
        () -> sender.sendText("+27831234567", "hi"),
        () -> sender.sendVoice("+27831234567", "hi"),
        () -> sender.replyTo("m1", "hi"),
        () -> sender.sendAsync(OutboundMessage.text("+27831234567", "hi")).get(30, TimeUnit.SECONDS),
        () -> sender.fireMetric("m", 1),
        () -> sender.fireMetricAsync(Metric.of("m", 1, Aggregate.SUM)).get(30, TimeUnit.SECONDS));
  }

  @Test
  void theOtherApisNameTheirMethods() {
    String apiUrl = server.url("/api/v1/go").toString();
    try (VumiGo vumiGo = VumiGo.builder().apiToken("token").apiUrl(apiUrl).client(client)
        .retryPolicy(RetryPolicy.none()).listener(listener).build()) {
      OptOutsApiClient optOuts = vumiGo.optOuts();
      MetricsApiClient metrics = vumiGo.metrics();
      ContactsApiClient contacts = vumiGo.contacts();
      AccountApiClient account = vumiGo.account();
      assertNames(List.of("getOptOut", "setOptOut", "deleteOptOut", "count",
          "getMetric", "fire",
          "contacts", "contactsPage", "createContact", "getContact", "getContactByField", "updateContact",
          "deleteContact", "createGroup", "getGroup", "updateGroup", "deleteGroup", "groupContacts",
          "groupContactsPage",
          "campaigns", "conversations", "channels", "routers", "routingEntries", "routingTable",
          "updateRoutingTable"),
          () -> optOuts.getOptOut("msisdn", "+27831234567"),
          () -> optOuts.setOptOut("msisdn", "+27831234567"),
          () -> optOuts.deleteOptOut("msisdn", "+27831234567"),
          () -> optOuts.count(),
          () -> metrics.getMetric("stores.s.m.sum", "-1d", "1h", Nulls.OMIT),
          () -> metrics.fire(Map.of("stores.s.m.sum", 1.0)),
          () -> contacts.contacts().findFirst(),
          () -> contacts.contactsPage(null),
          () -> contacts.createContact(Map.of("msisdn", "+27831234567")),
          () -> contacts.getContact("k"),
          () -> contacts.getContactByField("msisdn", "+27831234567"),
          () -> contacts.updateContact("k", Map.of("name", "n")),
          () -> contacts.deleteContact("k"),
          () -> contacts.createGroup(Map.of("name", "g")),
          () -> contacts.getGroup("g"),
          () -> contacts.updateGroup("g", Map.of("name", "n")),
          () -> contacts.deleteGroup("g"),
          () -> contacts.groupContacts("g").findFirst(),
          () -> contacts.groupContactsPage("g", null),
          () -> account.campaigns(),
          () -> account.conversations("c"),
          () -> account.channels("c"),
          () -> account.routers("c"),
          () -> account.routingEntries("c"),
          () -> account.routingTable("c"),
          () -> account.updateRoutingTable("c", RoutingTable.of(java.util.List.of())));
    }
  }
}
