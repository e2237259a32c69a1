package org.vumi.go.http.docs;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.vumi.go.http.push.PushReceiver;

/** docs/receiving-pushes.md's endpoint on the JDK's server, as shown there; {@link ReceivingPushesTest} runs it. */
public final class PushEndpoint implements AutoCloseable {
  private final ExecutorService handlers = Executors.newFixedThreadPool(8);   // at most 8 pushes at once
  private final HttpServer server;

  public PushEndpoint(PushReceiver receiver, int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/vumi", receiver.httpHandler());
    server.setExecutor(handlers);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(1);          // takes no more pushes, and waits up to 1 s for those in progress
    handlers.shutdown();     // else its threads keep the JVM alive
  }
}
