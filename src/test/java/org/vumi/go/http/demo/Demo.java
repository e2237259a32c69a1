package org.vumi.go.http.demo;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.UserOptedOutException;
import org.vumi.go.http.testing.VumiGoEmulator;

/**
 * The demo: sends through the real {@link HttpApiSender} to an embedded server that answers like
 * Vumi Go, and prints what went over the wire and what came back. Run it with
 * {@code mvn -B -q test-compile exec:java}.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws IOException {
    try (VumiGoEmulator vumiGo = VumiGoEmulator.start()) {
      vumiGo.addConversation("demo-account", "demo-conversation", "demo-token")
          .optOut("demo-account", "+27820000000");
      System.out.println("Vumi Go emulator listening at " + vumiGo.apiUrl());

      OkHttpClient client = new OkHttpClient.Builder().addNetworkInterceptor(new WirePrinter()).build();
      ConversationSender sender =
          new HttpApiSender("demo-account", "demo-conversation", "demo-token", vumiGo.apiUrl(), client);

      section("1. sendText: an SMS");
      SentMessage text = sender.sendText("+27831234567", "Hello from Java! 👋");
      System.out.println("<= " + text);

      section("2. sendVoice: play a recording, collect keys until #");
      SentMessage voice = sender.sendVoice("+27831234567", "Press 1 for yes, then hash.",
          "https://example.org/welcome.ogg", "#", null);
      System.out.println("<= " + voice);

      section("3. fireMetric: count a registration");
      System.out.println("<= " + sender.fireMetric("registrations", 1, "sum"));

      section("4. sendText to a number that opted out");
      try {
        sender.sendText("+27820000000", "Are you there?");
      } catch (UserOptedOutException e) {
        System.out.println("<= UserOptedOutException: toAddr=" + e.toAddr() + ", reason=" + e.reason());
      }

      section("What the emulator recorded");
      vumiGo.messages().forEach(m -> System.out.println("message " + m.messageId() + " to " + m.toAddr()
          + ": " + m.content()));
      vumiGo.metrics().forEach(m -> System.out.println("metric " + m));
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private static void section(String title) {
    System.out.println();
    System.out.println("== " + title);
  }

  /** Prints each request as sent and each response's status line; the credentials are masked. */
  private static final class WirePrinter implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      System.out.println("=> " + request.method() + " " + request.url());
      request.headers().forEach(header -> System.out.println("   " + header.getFirst() + ": "
          + (header.getFirst().equalsIgnoreCase("Authorization") ? "Basic ****" : header.getSecond())));
      if (request.body() != null) {
        Buffer body = new Buffer();
        request.body().writeTo(body);
        System.out.println("   " + body.readUtf8());
      }
      Response response = chain.proceed(request);
      System.out.println("<= HTTP " + response.code() + " " + response.header("Content-Type", ""));
      System.out.println("   " + response.peekBody(4096).string().strip());
      return response;
    }
  }
}
