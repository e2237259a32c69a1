package org.vumi.go.http.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Credentials;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.OutboundMessage;
import org.vumi.go.http.RetryPolicy;

/**
 * What the library costs on top of OkHttp, measured against raw OkHttp in the same run, in
 * alternating trials, against a local server fast enough not to be the bottleneck. Run with
 * {@code mvn -B -q test-compile exec:exec@bench}.
 *
 * <p>Prints microseconds per message (median and minimum of the trials) and the ratio to raw
 * OkHttp: sequential sends, async bulk at several concurrency levels, and the first message after
 * JVM start (each in a fresh JVM).
 */
public final class SendBenchmark {
  private static final int TRIALS = 9;
  private static final int SEQUENTIAL = 5000;
  private static final int BLOCKS = 10;
  private static final int BULK = 6000;
  private static final int[] CONCURRENCY = {1, 4, 8};
  private static final int FIRST_MESSAGE_RUNS = 5;
  private static final String TO = "+27831234567";
  private static final String CONTENT = "Your code is 123456";
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private SendBenchmark() {}

  /** One measured operation. */
  private interface Op {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].startsWith("first-")) {
      FirstMessage.main(args);
      return;
    }
    describeMachine();
    try (FastVumiServer server = new FastVumiServer()) {
      Dispatcher dispatcher = new Dispatcher();
      dispatcher.setMaxRequests(64);
      dispatcher.setMaxRequestsPerHost(64);
      OkHttpClient client = new OkHttpClient.Builder().dispatcher(dispatcher).build();
      HttpApiSender sender = sender(server, client, 64);
      Request raw = rawRequest(server);

      Op rawPut = () -> {
        try (Response response = client.newCall(raw).execute()) {
          response.body().bytes();
        }
      };
      Op sendText = () -> sender.sendText(TO, CONTENT);
      Op fireMetric = () -> sender.fireMetric("registrations", 1, "sum");

      System.out.println();
      System.out.println("Sequential, one message at a time (" + SEQUENTIAL + " messages a trial, " + TRIALS + " trials):");
      String[] names = {"raw OkHttp PUT", "sendText", "fireMetric"};
      Op[] ops = {rawPut, sendText, fireMetric};
      for (Op op : ops) {
        repeat(op, SEQUENTIAL); // warm-up
      }
      double[][] micros = new double[ops.length][TRIALS];
      for (int trial = 0; trial < TRIALS; trial++) {
        // Within a trial the operations take turns in small blocks, in rotating order, so that
        // whatever else the machine does falls on all of them alike.
        for (int block = 0; block < BLOCKS; block++) {
          for (int i = 0; i < ops.length; i++) {
            int which = (i + block + trial) % ops.length;
            micros[which][trial] += repeat(ops[which], SEQUENTIAL / BLOCKS) / BLOCKS;
          }
        }
      }
      header();
      for (int i = 0; i < ops.length; i++) {
        row(names[i], micros[i], micros[0]);
      }

      System.out.println();
      System.out.println("Async bulk (" + BULK + " messages a trial, " + TRIALS + " trials), raw OkHttp enqueue with a"
          + " window vs sendAllAsync, at equal concurrency:");
      header();
      List<OutboundMessage> messages = IntStream.range(0, BULK).mapToObj(i -> OutboundMessage.text(TO, CONTENT))
          .collect(Collectors.toList());
      for (int concurrency : CONCURRENCY) {
        HttpApiSender bounded = sender(server, client, concurrency);
        Op rawAsync = () -> rawAsync(client, raw, concurrency, BULK);
        Op bulk = () -> bounded.sendAllAsync(messages).join();
        rawAsync.run();
        bulk.run();
        double[] rawMicros = new double[TRIALS];
        double[] bulkMicros = new double[TRIALS];
        for (int trial = 0; trial < TRIALS; trial++) {
          if (trial % 2 == 0) {
            rawMicros[trial] = perMessage(rawAsync, BULK);
            bulkMicros[trial] = perMessage(bulk, BULK);
          } else {
            bulkMicros[trial] = perMessage(bulk, BULK);
            rawMicros[trial] = perMessage(rawAsync, BULK);
          }
        }
        row("raw OkHttp async, " + concurrency + " in flight", rawMicros, rawMicros);
        row("sendAllAsync, maxInFlight " + concurrency, bulkMicros, rawMicros);
      }

      System.out.println();
      System.out.println("First message after JVM start, each in a fresh JVM (" + FIRST_MESSAGE_RUNS + " runs each,"
          + " milliseconds from main() to the answer):");
      firstMessages(server);
      client.dispatcher().executorService().shutdown();
    }
  }

  static HttpApiSender sender(FastVumiServer server, OkHttpClient client, int maxInFlight) {
    return HttpApiSender.builder("acc-key", "conv-key", "conv-token").apiUrl(server.apiUrl()).client(client)
        .retryPolicy(RetryPolicy.none()).maxInFlight(maxInFlight).build();
  }

  /** The floor: a prebuilt PUT of the very bytes sendText writes. */
  static Request rawRequest(FastVumiServer server) {
    byte[] body = ("{\"to_addr\":\"" + TO + "\",\"content\":\"" + CONTENT + "\"}").getBytes(UTF_8);
    return new Request.Builder().url(server.apiUrl() + "/conv-key/messages.json")
        .header("Authorization", Credentials.basic("acc-key", "conv-token"))
        .put(RequestBody.create(body, JSON)).build();
  }

  static void rawAsync(OkHttpClient client, Request request, int concurrency, int count) throws Exception {
    Semaphore window = new Semaphore(concurrency);
    CompletableFuture<Void> done = new CompletableFuture<>();
    java.util.concurrent.atomic.AtomicInteger remaining = new java.util.concurrent.atomic.AtomicInteger(count);
    for (int i = 0; i < count; i++) {
      window.acquire();
      client.newCall(request).enqueue(new Callback() {
        @Override
        public void onResponse(Call call, Response response) throws IOException {
          try (response) {
            response.body().bytes();
          }
          finish();
        }

        @Override
        public void onFailure(Call call, IOException e) {
          done.completeExceptionally(e);
          finish();
        }

        private void finish() {
          window.release();
          if (remaining.decrementAndGet() == 0) {
            done.complete(null);
          }
        }
      });
    }
    done.join();
  }

  static double repeat(Op op, int count) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      op.run();
    }
    return (System.nanoTime() - start) / 1000.0 / count;
  }

  static double perMessage(Op op, int count) throws Exception {
    long start = System.nanoTime();
    op.run();
    return (System.nanoTime() - start) / 1000.0 / count;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  static void header() {
    System.out.printf("  %-34s %12s %12s %14s %12s%n", "", "median µs", "min µs", "median ratio", "min ratio");
  }

  static void row(String name, double[] micros, double[] baseline) {
    System.out.printf("  %-34s %12.1f %12.1f %14.3f %12.3f%n", name, median(micros), min(micros),
        median(micros) / median(baseline), min(micros) / min(baseline));
  }

  static void describeMachine() throws IOException {
    System.out.println("go-http-api send benchmark");
    System.out.println("  JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    System.out.println("  OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    System.out.println("  cores: " + Runtime.getRuntime().availableProcessors() + ", max heap: "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name")).findFirst()
          .ifPresent(l -> System.out.println("  CPU: " + l.substring(l.indexOf(':') + 1).trim()));
    }
    System.out.println("  JVM arguments: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
    System.out.println("  server: loopback, prebuilt answers, kept-alive connections (FastVumiServer)");
  }

  static void firstMessages(FastVumiServer server) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    double[] raw = new double[FIRST_MESSAGE_RUNS];
    double[] sender = new double[FIRST_MESSAGE_RUNS];
    for (int run = 0; run < FIRST_MESSAGE_RUNS; run++) {
      raw[run] = firstMessage(java, classpath, "first-raw", server);
      sender[run] = firstMessage(java, classpath, "first-sender", server);
    }
    System.out.printf("  %-34s %12s %12s %14s%n", "", "median ms", "min ms", "median diff ms");
    System.out.printf("  %-34s %12.1f %12.1f %14s%n", "raw OkHttp: first PUT", median(raw), min(raw), "");
    System.out.printf("  %-34s %12.1f %12.1f %14.1f%n", "HttpApiSender: first sendText", median(sender), min(sender),
        median(sender) - median(raw));
  }

  static double firstMessage(String java, String classpath, String mode, FastVumiServer server) throws Exception {
    Process process = new ProcessBuilder(java, "-cp", classpath, SendBenchmark.class.getName(), mode, server.apiUrl())
        .redirectErrorStream(true).start();
    String last = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        last = line;
      }
    }
    if (process.waitFor() != 0) {
      throw new IllegalStateException(mode + " failed: " + last);
    }
    return Double.parseDouble(last);
  }

  /** Runs in a fresh JVM: times main() to the first answer, and prints the milliseconds. */
  static final class FirstMessage {
    static void main(String[] args) throws Exception {
      long start = System.nanoTime();
      String apiUrl = args[1];
      if (args[0].equals("first-raw")) {
        OkHttpClient client = new OkHttpClient();
        byte[] body = ("{\"to_addr\":\"" + TO + "\",\"content\":\"" + CONTENT + "\"}").getBytes(UTF_8);
        Request request = new Request.Builder().url(apiUrl + "/conv-key/messages.json")
            .header("Authorization", Credentials.basic("acc-key", "conv-token"))
            .put(RequestBody.create(body, JSON)).build();
        try (Response response = client.newCall(request).execute()) {
          response.body().bytes();
        }
      } else {
        new HttpApiSender("acc-key", "conv-key", "conv-token", apiUrl, null).sendText(TO, CONTENT);
      }
      System.out.printf("%.3f%n", (System.nanoTime() - start) / 1e6);
      System.exit(0);
    }
  }
}
