package org.vumi.go.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockWebServer;

/**
 * MockWebServers that answer at once. MockWebServer writes an answer's head and its body in two
 * writes; with Nagle's algorithm on (Java's default), the body waits for the ACK of the head, which
 * the client delays by up to 40 ms: about 45 ms a request instead of half a millisecond. Nothing a
 * test asserts depends on that wait.
 */
public final class MockServers {
  private MockServers() {}

  /**
   * Returns a new server, not started, whose connections send without Nagle's wait (TCP_NODELAY).
   *
   * @return the server
   */
  public static MockWebServer noDelay() {
    MockWebServer server = new MockWebServer();
    server.setServerSocketFactory(NO_DELAY);
    return server;
  }

  private static final ServerSocketFactory NO_DELAY = new ServerSocketFactory() {
    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new ServerSocket() {
        @Override
        public Socket accept() throws IOException {
          Socket accepted = super.accept();
          accepted.setTcpNoDelay(true);
          return accepted;
        }
      };
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      return createServerSocket(port, 50, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      return createServerSocket(port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
      ServerSocket socket = createServerSocket();
      socket.bind(new InetSocketAddress(address, port), backlog);
      return socket;
    }
  };
}
