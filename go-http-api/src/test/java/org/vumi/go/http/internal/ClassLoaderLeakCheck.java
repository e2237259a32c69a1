package org.vumi.go.http.internal;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Proves that a redeployed application leaves nothing of this library behind: the library and its
 * runtime dependencies are loaded in a class loader of their own, as an application server does;
 * several engines send and are closed; then no thread of the library may remain, and once OkHttp's
 * and Okio's own idle threads have ended (about 60 s after their last work) the class loader must be
 * collected. Not a unit test: it waits on purpose. Run as a step of {@code .ci/run}:
 * {@code mvn -B -q test-compile exec:exec@leakcheck}; exits non-zero on a leak.
 *
 * <p>Arguments: the library's classes directory, then this class's (for {@link LeakCheckWorkload}).
 * The runtime dependencies are taken from this JVM's class path by name.
 */
public final class ClassLoaderLeakCheck {
  /** The runtime dependencies' jar names start so; test-only jars are left out. */
  private static final List<String> RUNTIME_JARS = List.of("okhttp-jvm-", "okio-jvm-", "kotlin-stdlib-", "jackson-",
      "slf4j-api-", "jspecify-");
  private static final long THREADS_SECONDS = 30;
  private static final long COLLECTED_SECONDS = 150;

  private ClassLoaderLeakCheck() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ClassLoaderLeakCheck <library classes dir> <test classes dir>");
      System.exit(2);
    }
    try (TinyServer server = new TinyServer()) {
      WeakReference<ClassLoader> loader = runIsolated(args, server.url());
      long start = System.nanoTime();
      while (!libraryThreads().isEmpty()) {
        if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(THREADS_SECONDS)) {
          fail("threads of the library remain after every engine was closed: " + describe(libraryThreads()));
        }
        Thread.sleep(100);
      }
      System.out.printf("no thread of the library remains %.1f s after closing%n", (System.nanoTime() - start) / 1e9);
      start = System.nanoTime();
      while (loader.get() != null) {
        if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(COLLECTED_SECONDS)) {
          fail("the class loader was not collected within " + COLLECTED_SECONDS + " s; threads alive: "
              + describe(new ArrayList<>(Thread.getAllStackTraces().keySet())));
        }
        System.gc();
        Thread.sleep(500);
      }
      System.out.printf("the class loader was collected %.1f s later (OkHttp's and Okio's idle threads end after"
          + " about 60 s)%n", (System.nanoTime() - start) / 1e9);
    }
    System.exit(0);
  }

  /** Loads the library in its own loader, runs the workload in a thread of its own, and lets go of both. */
  private static WeakReference<ClassLoader> runIsolated(String[] args, String baseUrl) throws Exception {
    List<URL> urls = new ArrayList<>();
    urls.add(new File(args[0]).toURI().toURL());
    urls.add(new File(args[1]).toURI().toURL());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = new File(entry).getName();
      if (RUNTIME_JARS.stream().anyMatch(name::startsWith)) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    URLClassLoader loader = new URLClassLoader("redeployed-application", urls.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader());
    Object[] result = new Object[1];
    Throwable[] failure = new Throwable[1];
    // A thread of its own, as a request thread of an application server would be, whose context
    // class loader is the application's; its thread-locals (Jackson's buffers) end with it.
    Thread worker = new Thread(() -> {
      try {
        Class<?> workload = loader.loadClass(LeakCheckWorkload.class.getName());
        if (workload.getClassLoader() != loader) {
          throw new IllegalStateException("the workload was not loaded in its own loader");
        }
        result[0] = workload.getMethod("run", String.class).invoke(null, baseUrl);
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "leak-check workload");
    worker.setContextClassLoader(loader);
    worker.start();
    worker.join();
    if (failure[0] != null) {
      failure[0].printStackTrace();
      fail("the workload failed: " + failure[0]);
    }
    System.out.println("workload: " + result[0]);
    loader.close();
    return new WeakReference<>(loader);
  }

  private static List<Thread> libraryThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().startsWith("go-http-api"))
        .collect(Collectors.toList());
  }

  private static String describe(List<Thread> threads) {
    return threads.stream().map(thread -> thread.getName() + " (" + thread.getState() + ")").sorted()
        .collect(Collectors.joining(", "));
  }

  private static void fail(String message) {
    System.err.println("LEAK: " + message);
    System.exit(1);
  }

  /** Answers every request with a message, on kept-alive connections; lives in the check's own loader. */
  private static final class TinyServer implements AutoCloseable {
    private static final byte[] ANSWER = answer("{\"message_id\": \"4802dff631854967a4e27cca50f73e6b\"}");
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> connections = new ArrayList<>();

    TinyServer() throws IOException {
      Thread acceptor = new Thread(this::accept, "leak-check server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private static byte[] answer(String json) {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      byte[] all = new byte[head.length + body.length];
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(body, 0, all, head.length, body.length);
      return all;
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          synchronized (connections) {
            connections.add(connection);
          }
          Thread serving = new Thread(() -> serve(connection), "leak-check connection");
          serving.setDaemon(true);
          serving.start();
        } catch (IOException closed) {
          return;
        }
      }
    }

    private static void serve(Socket connection) {
      try (connection; InputStream in = new BufferedInputStream(connection.getInputStream());
          OutputStream out = connection.getOutputStream()) {
        while (true) {
          String requestLine = line(in);
          if (requestLine == null) {
            return;
          }
          long length = 0;
          for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
              length = Long.parseLong(header.substring(15).trim());
            }
          }
          in.skipNBytes(length);
          out.write(ANSWER);
          out.flush();
        }
      } catch (IOException closed) {
        // the client went away
      }
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c == -1) {
          return null;
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      synchronized (connections) {
        for (Socket connection : connections) {
          connection.close();
        }
      }
    }
  }
}
