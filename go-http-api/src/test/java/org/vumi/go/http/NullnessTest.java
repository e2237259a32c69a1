package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.account.JsonRpcException;
import org.vumi.go.http.contacts.Contact;
import org.vumi.go.http.contacts.ContactsApiClient;
import org.vumi.go.http.contacts.PagedException;
import org.vumi.go.http.metrics.MetricPoint;
import org.vumi.go.http.metrics.MetricsApiClient;
import org.vumi.go.http.optouts.OptOut;
import org.vumi.go.http.apidump.ApiDumpTest;
import org.vumi.go.http.push.PushReceiver;

/**
 * The JSpecify nullness annotations that Kotlin callers and null checkers read: every package is
 * {@code @NullMarked}, and what the Javadoc says may be null is {@code @Nullable}. The annotations
 * are retained at run time, so this reads them by reflection, as a checker reads the class files.
 */
class NullnessTest {

  @Test
  void everyExportedPackageIsNullMarked() throws Exception {
    List<String> exported = ApiDumpTest.exportedPackages();
    assertTrue(exported.contains("org.vumi.go.http") && exported.size() >= 6, "exports read: " + exported);
    for (String pkg : exported) {
      assertTrue(nullMarked(pkg), pkg + " must be @NullMarked in its package-info.java");
    }
  }

  @Test
  void everyPackageOfTheSourcesIsNullMarked() throws Exception {
    List<String> packages = new ArrayList<>();
    Path root = Path.of("src/main/java");
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(p -> p.getFileName().toString().equals("package-info.java"))
          .map(p -> root.relativize(p.getParent()))
          .forEach(dir -> packages.add(String.join(".", dir.toString().split("[/\\\\]"))));
    }
    assertTrue(packages.contains("org.vumi.go.http.internal"), "package-info files found: " + packages);
    for (String pkg : packages) {
      assertTrue(nullMarked(pkg), pkg + " must be @NullMarked in its package-info.java");
    }
  }

  @Test
  void whatMayBeNullIsNullable() throws Exception {
    // Returns
    assertNullable(HttpApiException.class.getMethod("reason").getAnnotatedReturnType(), "HttpApiException.reason()");
    assertNullable(HttpApiException.class.getMethod("responseBody").getAnnotatedReturnType(),
        "HttpApiException.responseBody()");
    assertNullable(TransportException.class.getMethod("timeout").getAnnotatedReturnType(), "TransportException.timeout()");
    assertNullable(SendOutcome.class.getMethod("sentMessage").getAnnotatedReturnType(), "SendOutcome.sentMessage()");
    assertNullable(SendOutcome.class.getMethod("error").getAnnotatedReturnType(), "SendOutcome.error()");
    assertNullable(InboundMessage.class.getMethod("content").getAnnotatedReturnType(), "InboundMessage.content()");
    assertNullable(OutboundMessage.class.getMethod("inReplyTo").getAnnotatedReturnType(), "OutboundMessage.inReplyTo()");
    assertNullable(SentMessage.class.getMethod("timestamp").getAnnotatedReturnType(), "SentMessage.timestamp()");
    assertNullable(Event.class.getMethod("deliveryStatus").getAnnotatedReturnType(), "Event.deliveryStatus()");
    assertNullable(PagedException.class.getMethod("cursor").getAnnotatedReturnType(), "PagedException.cursor()");
    assertNullable(JsonRpcException.class.getMethod("faultString").getAnnotatedReturnType(), "JsonRpcException.faultString()");
    assertNullable(OptOut.class.getMethod("createdAt").getAnnotatedReturnType(), "OptOut.createdAt()");

    // Record components: the accessor, the field and the canonical constructor's parameter alike
    assertNullable(component(SendOutcome.class, "error"), "SendOutcome's error component");
    assertNullable(component(VoiceOptions.class, "speechUrl"), "VoiceOptions' speechUrl component");
    assertNullable(component(MetricResult.class, "reason"), "MetricResult's reason component");
    assertNullable(component(MetricPoint.class, "value"), "MetricPoint's value component");
    assertNullable(SendOutcome.class.getDeclaredField("error").getAnnotatedType(), "SendOutcome's error field");

    // Parameters
    Constructor<HttpApiSender> sender = HttpApiSender.class.getConstructor(String.class, String.class, String.class,
        String.class, OkHttpClient.class);
    AnnotatedType[] params = sender.getAnnotatedParameterTypes();
    assertNullable(params[3], "the apiUrl parameter of HttpApiSender(accountKey, conversationKey, token, apiUrl, client)");
    assertNullable(params[4], "the client parameter of HttpApiSender(accountKey, conversationKey, token, apiUrl, client)");
    for (int i = 0; i < 3; i++) {
      assertNotNullable(params[i], "parameter " + i + " of the 5-argument HttpApiSender constructor");
    }
    assertNullable(HttpApiSender.Builder.class.getMethod("client", OkHttpClient.class).getAnnotatedParameterTypes()[0],
        "HttpApiSender.Builder.client(client)");
    assertNullable(TransportException.class.getConstructor(String.class, Throwable.class, int.class, boolean.class,
        TransportException.Timeout.class).getAnnotatedParameterTypes()[4], "TransportException's timeout parameter");
    assertNullable(ConversationSender.class.getMethod("sendText", String.class, String.class, String.class)
        .getAnnotatedParameterTypes()[2], "ConversationSender.sendText's sessionEvent");
    assertNullable(PushReceiver.class.getMethod("handle", String.class, InputStream.class).getAnnotatedParameterTypes()[0],
        "PushReceiver.handle's authorization");
    assertNullable(ContactsApiClient.class.getMethod("contacts", String.class).getAnnotatedParameterTypes()[0],
        "ContactsApiClient.contacts(startCursor)");
    assertNullable(MetricsApiClient.class.getMethod("getMetric", String.class, String.class, String.class, String.class,
        String.class).getAnnotatedParameterTypes()[4], "MetricsApiClient.getMetric's until");

    // A type argument: the values of a contact's extra fields may be JSON null
    AnnotatedType extra = Contact.class.getMethod("extra").getAnnotatedReturnType();
    assertNotNullable(extra, "Contact.extra() itself");
    assertNullable(((AnnotatedParameterizedType) extra).getAnnotatedActualTypeArguments()[1], "Contact.extra()'s values");
  }

  @Test
  void whatIsNeverNullIsNotNullable() throws Exception {
    assertNotNullable(SentMessage.class.getMethod("messageId").getAnnotatedReturnType(), "SentMessage.messageId()");
    assertNotNullable(SendOutcome.class.getMethod("message").getAnnotatedReturnType(), "SendOutcome.message()");
    assertNotNullable(OutboundMessage.class.getMethod("voice").getAnnotatedReturnType(), "OutboundMessage.voice()");
    assertNotNullable(InboundMessage.class.getMethod("messageId").getAnnotatedReturnType(), "InboundMessage.messageId()");
    assertNotNullable(HttpApiSender.class.getMethod("send", OutboundMessage.class).getAnnotatedReturnType(),
        "HttpApiSender.send(message)");
  }

  private static boolean nullMarked(String pkg) throws ClassNotFoundException {
    Class<?> info = Class.forName(pkg + ".package-info", false, NullnessTest.class.getClassLoader());
    return info.isAnnotationPresent(NullMarked.class);
  }

  private static AnnotatedType component(Class<?> record, String name) {
    for (RecordComponent component : record.getRecordComponents()) {
      if (component.getName().equals(name)) {
        return component.getAnnotatedType();
      }
    }
    throw new AssertionError(record.getSimpleName() + " has no component " + name);
  }

  private static void assertNullable(AnnotatedType type, String what) {
    assertTrue(type.isAnnotationPresent(Nullable.class), what + " must be @Nullable, but is " + type);
  }

  private static void assertNotNullable(AnnotatedType type, String what) {
    assertFalse(type.isAnnotationPresent(Nullable.class), what + " must not be @Nullable");
  }
}
