package org.vumi.consumer.servlet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.Event;
import org.vumi.go.http.EventType;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.InboundMessage;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.SessionEvent;
import org.vumi.go.http.push.PushReceiver;
import org.vumi.go.http.push.PushServlet;
import org.vumi.go.http.testing.VumiGoEmulator;

/**
 * A USSD service in embedded Tomcat: Vumi Go pushes each message a person sends to PushServlet, the
 * application replies, and Vumi Go pushes the reply's ack and delivery report back to PushServlet.
 * Here the emulator stands for Vumi Go. Exits 1 when anything it checks is wrong.
 */
public final class Main {
  /** A ceiling reached only when something is wrong. */
  private static final long WAIT_SECONDS = 30;
  /** Tomcat logs its start and stop at INFO through java.util.logging; held so the level sticks. */
  private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

  private final List<InboundMessage> received = new CopyOnWriteArrayList<>();
  private final List<SentMessage> replies = new CopyOnWriteArrayList<>();
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final CountDownLatch messageHandled = new CountDownLatch(1);
  private final CountDownLatch eventsHandled = new CountDownLatch(2);

  public static void main(String[] args) {
    TOMCAT_LOG.setLevel(Level.WARNING);
    try {
      new Main().run(Path.of(args.length > 0 ? args[0] : "target/tomcat"));
    } catch (Throwable failure) {
      failure.printStackTrace();
      // Exit here, not by returning: a thread left behind must not keep the JVM, and CI, waiting.
      System.exit(1);
    }
    System.exit(0);
  }

  private void run(Path baseDir) throws Exception {
    try (VumiGoEmulator vumiGo = VumiGoEmulator.start()) {
      vumiGo.addConversation("acc-key", "conv-key", "conv-token");
      ConversationSender sender = HttpApiSender.builder("acc-key", "conv-key", "conv-token")
          .apiUrl(vumiGo.apiUrl())
          .build();

      // The application's push endpoint: one PushReceiver for messages and events, served by PushServlet.
      PushReceiver receiver = PushReceiver.builder()
          .basicAuth("vumi", "push-secret")
          .onMessage(message -> {
            received.add(message);
            replies.add(sender.replyTo(message, "Thanks! We got: " + message.content(), SessionEvent.CLOSE));
            messageHandled.countDown();
          })
          .onEvent(event -> {
            events.add(event);
            eventsHandled.countDown();
          })
          .build();

      Tomcat tomcat = new Tomcat();
      tomcat.setBaseDir(baseDir.toAbsolutePath().toString());
      tomcat.setHostname("127.0.0.1");
      tomcat.getConnector().setPort(0);
      // As PushServlet's Javadoc advises for Tomcat: a refused client's unread body is not drained.
      tomcat.getConnector().setProperty("maxSwallowSize", "0");
      StandardContext context = (StandardContext) tomcat.addContext("", null);
      // Leak checks that need --add-opens and only warn without it; the thread check stays on.
      context.setClearReferencesObjectStreamClassCaches(false);
      context.setClearReferencesRmiTargets(false);
      context.setClearReferencesThreadLocals(false);
      Tomcat.addServlet(context, "vumi-push", new PushServlet(receiver));
      context.addServletMappingDecoded("/vumi/*", "vumi-push");
      try {
        tomcat.start();
        String base = "http://vumi:push-secret@127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/vumi/";
        vumiGo.pushTo("conv-key", base + "messages", base + "events");
        check(vumiGo, tomcat.getConnector().getLocalPort());
      } finally {
        // An application's shutdown order: the client first, then the container. The library's shared
        // threads end when its last client is closed; one still running when Tomcat stops the web
        // application is reported as a leak (it was first started from a request's thread).
        sender.close();
        tomcat.stop();
        tomcat.destroy();
      }
    }
  }

  private void check(VumiGoEmulator vumiGo, int port) throws Exception {
    // A person dials the USSD code: the emulator pushes the message, and waits for Tomcat's answer.
    InboundMessage pushed = vumiGo.pushInbound("conv-key", "+27831234567", "*120*123#", "hello", "new", "ussd");
    await(messageHandled, "the inbound message was not handled");
    expect(received.size() == 1 && received.get(0).messageId().equals(pushed.messageId())
        && "hello".equals(received.get(0).content()), "the servlet received " + received + ", not " + pushed);

    // The reply was accepted; its ack and delivery report come back through the same servlet.
    SentMessage reply = replies.get(0);
    expect(pushed.messageId().equals(reply.inReplyTo()), "the reply names " + reply.inReplyTo() + " as in_reply_to");
    await(eventsHandled, "the reply's events did not arrive; the servlet has " + events);
    expect(events.size() == 2
        && events.get(0).eventType() == EventType.ACK && events.get(1).eventType() == EventType.DELIVERY_REPORT
        && events.stream().allMatch(event -> event.userMessageId().equals(reply.messageId())),
        "expected the ack and delivery report of " + reply.messageId() + ", but the servlet has " + events);

    // Wrong credentials: the servlet answers 401 and hands nothing to the application.
    vumiGo.addConversation("acc-key", "other-conv", "conv-token");
    vumiGo.pushTo("other-conv", "http://vumi:wrong@127.0.0.1:" + port + "/vumi/messages", null);
    try {
      vumiGo.pushInbound("other-conv", "+27831234567", "*120*123#", "hello again", "new", "ussd");
      throw new AssertionError("a push with the wrong password was accepted");
    } catch (IOException refused) {
      expect(refused.getMessage().contains("401"), "the wrong password was answered: " + refused.getMessage());
    }
    expect(received.size() == 1, "a push with the wrong password reached the application: " + received);

    System.out.println("servlet: Tomcat on port " + port + " received message " + pushed.messageId()
        + ", replied " + reply.messageId() + ", received its " + events.get(0).eventType().wireName()
        + " and " + events.get(1).eventType().wireName() + "; refused a push with the wrong password");
  }

  private static void await(CountDownLatch latch, String failure) throws InterruptedException {
    if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError(failure);
    }
  }

  private static void expect(boolean condition, String failure) {
    if (!condition) {
      throw new AssertionError(failure);
    }
  }
}
