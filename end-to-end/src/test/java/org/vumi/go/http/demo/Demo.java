package org.vumi.go.http.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.Event;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.SessionEvent;
import org.vumi.go.http.UserOptedOutException;
import org.vumi.go.http.push.PushReceiver;
import org.vumi.go.http.testing.VumiGoEmulator;

/**
 * The demo: sends through the real {@link HttpApiSender} to an embedded server that answers like
 * Vumi Go, and prints what went over the wire and what came back. Run it with
 * {@code mvn -B -q test-compile exec:java}.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
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

      ussdSession(vumiGo, sender);

      // Vumi Go's other APIs, on the same emulator and the same account.
      OtherApisDemo.run(vumiGo, System.out);
      ContactsDemo.run(vumiGo, System.out);

      section("What the emulator recorded");
      vumiGo.messages().forEach(m -> System.out.println("message " + m.messageId() + " to " + m.toAddr()
          + (m.inReplyTo() == null ? "" : " in reply to " + m.inReplyTo()) + ": " + m.content().replace("\n", " / ")));
      vumiGo.pushedEvents().forEach(e -> System.out.println("event " + e.eventType() + " for " + e.userMessageId()));
      vumiGo.metrics().forEach(m -> System.out.println("metric " + m));
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /**
   * A whole USSD session: the person dials in, gets a menu, chooses, and the application closes
   * the session. The application receives pushes with a {@link PushReceiver} on the JDK's server.
   */
  private static void ussdSession(VumiGoEmulator vumiGo, ConversationSender sender) throws IOException {
    section("5. A whole USSD session: pushes in, replies out, events back");
    List<Event> events = new CopyOnWriteArrayList<>();
    PushReceiver receiver = PushReceiver.builder()
        .basicAuth("vumi", "push-secret")
        .onMessage(message -> {
          System.out.println("app <= " + message);
          if (message.sessionEvent() == SessionEvent.NEW) {
            sender.replyTo(message, "Welcome!\n1. Balance\n2. Quit", SessionEvent.RESUME);
          } else {
            String answer = "1".equals(message.content()) ? "Your balance is R42." : "Goodbye!";
            sender.replyTo(message, answer, SessionEvent.CLOSE);
          }
        })
        .onEvent(event -> {
          System.out.println("app <= " + event);
          events.add(event);
        })
        .build();
    HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    app.createContext("/vumi", receiver.httpHandler());
    app.start();
    try {
      String base = "http://vumi:push-secret@127.0.0.1:" + app.getAddress().getPort() + "/vumi";
      vumiGo.pushTo("demo-conversation", base + "/messages", base + "/events");
      System.out.println("person dials *120*123#");
      vumiGo.pushInbound("demo-conversation", "+27831234567", "*120*123#", null, "new", "ussd");
      System.out.println("person presses 1");
      vumiGo.pushInbound("demo-conversation", "+27831234567", "*120*123#", "1", "resume", "ussd");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (events.size() < 4 && System.nanoTime() < deadline) {
        sleep(10);
      }
    } finally {
      app.stop(0);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
