package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.account.AccountApiClient;
import org.vumi.go.http.account.JsonRpcException;
import org.vumi.go.http.contacts.ContactsApiClient;
import org.vumi.go.http.metrics.MetricsApiClient;
import org.vumi.go.http.optouts.OptOutsApiClient;

/** The five clients and VumiGo as one family: one way to configure, close and catch them. */
class OneFamilyTest {
  static final List<Class<?>> CLIENTS = List.of(HttpApiSender.class, OptOutsApiClient.class,
      MetricsApiClient.class, ContactsApiClient.class, AccountApiClient.class, VumiGo.class);

  static final Set<String> SHARED_SETTINGS =
      Set.of("apiUrl", "client", "callFactory", "retryPolicy", "maxInFlight", "deadline", "listener");

  /** A builder's settings: its public one-argument methods that return the builder itself. */
  static Set<String> settings(Class<?> builder) {
    return Arrays.stream(builder.getMethods())
        .filter(m -> m.getParameterCount() == 1 && !Modifier.isStatic(m.getModifiers()))
        .filter(m -> m.getReturnType() == builder || m.getGenericReturnType().getTypeName().equals("B"))
        .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
  }

  static Class<?> builderOf(Class<?> client) throws Exception {
    return client.getMethod("newBuilder").getReturnType();
  }

  @Test
  void everyBuilderHasTheSameSettingsUnderTheSameNames() throws Exception {
    for (Class<?> client : CLIENTS) {
      Set<String> own = settings(builderOf(client));
      own.remove("apiToken"); // VumiGo's credential: the clients take theirs in builder(...)
      assertEquals(new TreeSet<>(SHARED_SETTINGS), own, client.getSimpleName() + ".Builder");
    }
  }

  @Test
  void everyClientHasBuilderNewBuilderAndClose() throws Exception {
    for (Class<?> client : CLIENTS) {
      assertTrue(Arrays.stream(client.getMethods()).anyMatch(m -> m.getName().equals("builder")
          && Modifier.isStatic(m.getModifiers())), client + " builder(...)");
      assertTrue(AutoCloseable.class.isAssignableFrom(client), client + " is AutoCloseable");
      assertEquals(0, client.getMethod("close").getExceptionTypes().length, client + ".close() throws nothing checked");
      assertEquals(builderOf(client), client.getMethod("newBuilder").getReturnType());
    }
    assertEquals(0, ConversationSender.class.getMethod("close").getExceptionTypes().length);
  }

  @Test
  void newBuilderKeepsEverySetting() {
    try (OptOutsApiClient client = OptOutsApiClient.builder("token").apiUrl("http://localhost:9/api")
        .deadline(Duration.ofSeconds(7)).maxInFlight(3).retryPolicy(RetryPolicy.none()).build();
        OptOutsApiClient copy = client.newBuilder().build()) {
      assertEquals(client.toString(), copy.toString());
      assertTrue(copy.toString().contains("PT7S") && copy.toString().contains("maxInFlight=3"), copy.toString());
    }
  }

  @Test
  void aClosedClientRefusesAtOnceAndSendsNothing() throws Exception {
    try (MockWebServer server = MockServers.noDelay()) {
      server.start();
      String base = server.url("/api/v1/go").toString();
      OptOutsApiClient optOuts = OptOutsApiClient.builder("token").apiUrl(base).build();
      MetricsApiClient metrics = MetricsApiClient.builder("token").apiUrl(base).build();
      ContactsApiClient contacts = ContactsApiClient.builder("token").apiUrl(base).build();
      AccountApiClient account = AccountApiClient.builder("token").apiUrl(base).build();
      HttpApiSender sender = HttpApiSender.builder("acc", "conv", "tok").apiUrl(base).build();
      for (AutoCloseable client : List.of(optOuts, metrics, contacts, account, sender)) {
        client.close();
        client.close(); // idempotent
      }
      assertClosed(() -> optOuts.getOptOut("msisdn", "+27831234567"));
      assertClosed(() -> metrics.fire(Map.of("stores.registrations.sum", 1.0)));
      assertClosed(() -> contacts.getContact("key"));
      assertClosed(() -> account.conversations("campaign"));
      assertClosed(() -> sender.sendText("+27831234567", "hi"));
      assertClosed(() -> sender.sendAsync(OutboundMessage.text("+27831234567", "hi")).join());
      assertEquals(0, server.getRequestCount(), "nothing was sent");
    }
  }

  interface Call {
    void run() throws Exception;
  }

  static void assertClosed(Call call) {
    IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
    assertTrue(e.getMessage().contains("closed") && e.getMessage().contains("nothing was sent"), e.getMessage());
  }

  @Test
  void vumiGoHandsOutOneClientOfEachApiAndRefusesAfterClose() {
    VumiGo vumiGo = VumiGo.builder().apiToken("secret-token").apiUrl("http://localhost:9/api/v1/go").build();
    assertTrue(vumiGo.optOuts() == vumiGo.optOuts() && vumiGo.metrics() == vumiGo.metrics()
        && vumiGo.contacts() == vumiGo.contacts() && vumiGo.account() == vumiGo.account());
    HttpApiSender sender = vumiGo.conversation("acc", "conv-key", "conv-token");
    assertTrue(sender.toString().contains("http://localhost:9/api/v1/go/http_api_nostream/conv-key/messages.json"),
        sender.toString());
    vumiGo.optOuts().close(); // VumiGo's own: does nothing
    assertFalse(vumiGo.toString().contains("secret-token"), vumiGo.toString());
    vumiGo.close();
    vumiGo.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, vumiGo::optOuts);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> sender.sendText("+27831234567", "hi"));
  }

  @Test
  void vumiGoNeedsAnApiToken() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> VumiGo.builder().build());
    assertTrue(e.getMessage().contains("apiToken"), e.getMessage());
  }

  @Test
  void fromEnvironmentNamesTheMissingVariableAndNeverShowsTheToken() {
    IllegalStateException missing = assertThrows(IllegalStateException.class, () -> VumiGo.fromEnvironment(Map.of()));
    assertTrue(missing.getMessage().contains("VUMI_GO_API_TOKEN") && missing.getMessage().contains("not set"),
        missing.getMessage());
    IllegalStateException empty = assertThrows(IllegalStateException.class,
        () -> VumiGo.fromEnvironment(Map.of("VUMI_GO_API_TOKEN", " ")));
    assertTrue(empty.getMessage().contains("VUMI_GO_API_TOKEN") && empty.getMessage().contains("empty"), empty.getMessage());
    IllegalArgumentException badUrl = assertThrows(IllegalArgumentException.class, () -> VumiGo.fromEnvironment(
        Map.of("VUMI_GO_API_TOKEN", "tok-123", "VUMI_GO_API_URL", "ftp://example.org/?token=tok-123")));
    assertTrue(badUrl.getMessage().startsWith("VUMI_GO_API_URL"), badUrl.getMessage());
    assertFalse(badUrl.getMessage().contains("tok-123"), badUrl.getMessage());
    IllegalArgumentException badToken = assertThrows(IllegalArgumentException.class,
        () -> VumiGo.fromEnvironment(Map.of("VUMI_GO_API_TOKEN", "tok 123")));
    assertTrue(badToken.getMessage().startsWith("VUMI_GO_API_TOKEN"), badToken.getMessage());
    assertFalse(badToken.getMessage().contains("tok 123"), badToken.getMessage());
    try (VumiGo vumiGo = VumiGo.fromEnvironment(Map.of("VUMI_GO_API_TOKEN", "tok-123",
        "VUMI_GO_API_URL", "http://localhost:9/go"))) {
      assertTrue(vumiGo.toString().contains("http://localhost:9/go"), vumiGo.toString());
    }
    try (VumiGo vumiGo = VumiGo.fromEnvironment(Map.of("VUMI_GO_API_TOKEN", "tok-123"))) {
      assertTrue(vumiGo.toString().contains(VumiGo.DEFAULT_API_URL), vumiGo.toString());
    }
  }

  @Test
  void aPagedFailureCarriesAVumiGoException() {
    org.vumi.go.http.contacts.PagedException paged = new org.vumi.go.http.contacts.PagedException("page failed", "c1",
        new TransportException("no answer", null, 2, false, null));
    VumiGoException cause = paged.getCause();
    assertEquals(2, cause.attempts());
    assertFalse(cause.mayHaveBeenSent());
  }

  @Test
  void everyFailureOfAnExchangeIsAVumiGoException() {
    for (Class<?> failure : List.of(HttpApiException.class, TransportException.class,
        UnexpectedResponseException.class, JsonRpcException.class, UserOptedOutException.class,
        InvalidReplyException.class)) {
      assertTrue(VumiGoException.class.isAssignableFrom(failure), failure.getName());
    }
    VumiGoException refusal = new HttpApiException("no", 400, "bad", "{}", 2);
    assertEquals(2, refusal.attempts());
    assertFalse(refusal.mayHaveBeenSent(), "a 4xx refusal: not processed");
    assertTrue(new HttpApiException("gateway", 502, null, "", 1).mayHaveBeenSent(), "a 5xx may have been");
    VumiGoException unexpected = new UnexpectedResponseException("odd", 200, 3);
    assertEquals(3, unexpected.attempts());
    assertTrue(unexpected.mayHaveBeenSent());
    VumiGoException fault = new JsonRpcException("fault", "Fault", 8002, "text");
    assertInstanceOf(VumiGoException.class, fault);
    assertEquals(1, fault.attempts());
  }
}
