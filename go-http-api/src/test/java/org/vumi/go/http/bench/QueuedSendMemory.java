package org.vumi.go.http.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.OutboundMessage;
import org.vumi.go.http.SentMessage;

/**
 * How much heap one queued asynchronous send holds while it waits for its turn: one send is held
 * by a server that never answers, and {@value #QUEUED} more queue behind it (maxInFlight 1). Prints
 * bytes per queued send, measured as the growth of the heap after full GCs. Run with
 * {@code mvn -B -q test-compile exec:exec -Dexec.executable=java
 * -Dexec.args="-Xmx256m -cp %classpath org.vumi.go.http.bench.QueuedSendMemory"}.
 */
public final class QueuedSendMemory {
  private static final int QUEUED = 100_000;

  private QueuedSendMemory() {}

  public static void main(String[] args) throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept()); // reads nothing, answers nothing
          }
        } catch (IOException closed) {
          // done
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      boolean massDeadline = args.length > 0 && args[0].equals("--mass-deadline");
      HttpApiSender sender = HttpApiSender.builder("acc-key", "conv-key", "conv-token")
          .apiUrl("http://127.0.0.1:" + silent.getLocalPort() + "/").maxInFlight(1)
          .deadline(massDeadline ? Duration.ofSeconds(5) : Duration.ofHours(1)).build();
      OutboundMessage message = OutboundMessage.text("+27831234567", "Your code is 123456");
      if (massDeadline) {
        massDeadline(sender, message);
        System.exit(0);
      }
      List<CompletableFuture<SentMessage>> futures = new ArrayList<>(QUEUED + 1);
      futures.add(sender.sendAsync(message)); // holds the one turn
      // warm up the queued path (classes loaded, JIT), then measure a fresh batch
      for (int i = 0; i < 1000; i++) {
        sender.sendAsync(message).cancel(true);
      }
      long before = usedAfterGc();
      for (int i = 0; i < QUEUED; i++) {
        futures.add(sender.sendAsync(message));
      }
      long after = usedAfterGc();
      System.out.printf("queued sends: %d, heap growth: %.1f MiB, bytes per queued send: %.0f%n", QUEUED,
          (after - before) / 1048576.0, (after - before) / (double) QUEUED);
      if (args.length > 0 && args[0].equals("--histogram")) { // what a queued send is made of
        new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram").inheritIO()
            .start().waitFor();
      }
      futures.forEach(future -> future.cancel(true));
      System.exit(0);
    }
  }

  /**
   * Every queued send's deadline passes at about the same moment; the caller keeps no future, only
   * counts the outcomes. Run at -Xmx64m: the queued sends fit, and their ends must not run the heap
   * (or the threads) out.
   */
  private static void massDeadline(HttpApiSender sender, OutboundMessage message) throws InterruptedException {
    java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> outcomes =
        new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(QUEUED + 1);
    for (int i = 0; i <= QUEUED; i++) {
      sender.sendAsync(message).whenComplete((sent, error) -> {
        Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
        String outcome = cause == null ? "sent" : cause instanceof org.vumi.go.http.TransportException t
            ? "TransportException " + t.timeout() : cause.getClass().getSimpleName();
        outcomes.computeIfAbsent(outcome, k -> new java.util.concurrent.atomic.LongAdder()).increment();
        done.countDown();
      });
    }
    long start = System.nanoTime();
    boolean all = done.await(10, java.util.concurrent.TimeUnit.MINUTES);
    System.out.printf("%s %d futures completed %.1f s after the last was queued: %s; peak threads %d%n",
        all ? "all" : "NOT all", QUEUED + 1, (System.nanoTime() - start) / 1e9, outcomes,
        ManagementFactory.getThreadMXBean().getPeakThreadCount());
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
