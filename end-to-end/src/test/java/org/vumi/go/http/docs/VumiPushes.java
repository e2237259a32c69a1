package org.vumi.go.http.docs;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.vumi.go.http.push.PushReceiver;
import org.vumi.go.http.push.PushServlet;

/** docs/receiving-pushes.md's servlet container registration, as shown there (compiled only). */
@WebListener
public final class VumiPushes implements ServletContextListener {
  @Override
  public void contextInitialized(ServletContextEvent event) {
    PushReceiver receiver = PushReceiver.builder()
        .basicAuth("vumi", System.getenv("VUMI_GO_PUSH_PASSWORD"))
        .onMessage(message -> System.out.println(message.fromAddr() + " sent " + message.content()))
        .build();
    event.getServletContext().addServlet("vumi-push", new PushServlet(receiver)).addMapping("/vumi/*");
  }
}
