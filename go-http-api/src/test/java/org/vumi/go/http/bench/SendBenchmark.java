package org.vumi.go.http.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.OutboundMessage;
import org.vumi.go.http.SendOutcome;
import org.vumi.go.http.contacts.Contact;
import org.vumi.go.http.contacts.ContactsApiClient;

/**
 * What the library costs on top of OkHttp, against two floors measured in the same run, in
 * interleaved trials, with the server ({@link FastVumiServer}) in a process of its own so that every
 * CPU figure is the client's. Run with {@code mvn -B -q -pl go-http-api test-compile exec:exec@bench}
 * (a few minutes; it stops by itself).
 *
 * <ul>
 *   <li>The <b>raw floor</b>: OkHttp sending a prebuilt request of the very bytes the library writes,
 *       and reading the answer's bytes. No client can reach it: it does no JSON at all.
 *   <li>The <b>fair floor</b> ({@link FairFloor}): raw OkHttp plus the least a client must do: write
 *       the body with one shared Jackson factory's generator on a prebuilt request template, read
 *       {@code message_id} with a streaming parser, and (asynchronously) complete the caller's future
 *       on an executor. The targets are against this floor.
 * </ul>
 *
 * <p>For every case it prints µs per message (median and minimum over the trials), the ratio to each
 * floor (the median of the per-trial ratios: each trial runs the variants in alternating blocks,
 * so a ratio compares runs made side by side), the CPU time per message of the client's threads
 * (summed with {@code ThreadMXBean}; the JVM's own GC and compiler threads are not among them), the
 * CPU time per message of the whole client JVM (GC and JIT included), and the bytes allocated per
 * message (summed over the client's threads).
 *
 * <p>Arguments, each optional: {@code cases=blocking,async,metric,contacts,first} (a subset),
 * {@code trials=7}; {@code profile} instead profiles 4 blocking threads, the library and the fair
 * floor each in a fresh JVM under JFR, and prints the top frames.
 */
public final class SendBenchmark {
  private static final String TO = "+27831234567";
  private static final String CONTENT = "Your code is 123456";
  /** Messages per variant per trial, sent in {@link #BLOCKS} blocks that alternate with the other variants'. */
  private static final int MESSAGES = 4000;
  private static final int BLOCKS = 4;
  private static final int FIRST_MESSAGE_RUNS = 7;
  /** However it goes, the benchmark ends: no step may take longer than this, nor the whole run. */
  private static final long STEP_TIMEOUT_SECONDS = 120;
  private static final long RUN_TIMEOUT_MINUTES = 20;

  private SendBenchmark() {}

  /** Sends {@code count} messages (or, for contacts, streams them all) and returns when all are done. */
  @FunctionalInterface
  interface Workload {
    void run(int count) throws Exception;
  }

  /** One measured operation. */
  @FunctionalInterface
  interface Op {
    void run() throws Exception;
  }

  record Variant(String name, Workload workload) {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("first")) {
      FirstMessage.run(args[1], Integer.parseInt(args[2]), args[3]);
      return;
    }
    if (args.length > 0 && args[0].equals("profile-run")) {
      profileRun(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      return;
    }
    Map<String, String> options = new HashMap<>();
    for (String arg : String.join(" ", args).trim().split("\\s+")) {
      if (!arg.isEmpty()) {
        int eq = arg.indexOf('=');
        options.put(eq < 0 ? arg : arg.substring(0, eq), eq < 0 ? "" : arg.substring(eq + 1));
      }
    }
    stopAfter(RUN_TIMEOUT_MINUTES);
    describeMachine();
    try (ServerProcess server = ServerProcess.start()) {
      if (options.containsKey("profile")) {
        String what = options.get("profile").isEmpty() ? "blocking4" : options.get("profile");
        profile(server.port, what, Integer.parseInt(options.getOrDefault("seconds", "30")));
        return;
      }
      int trials = Integer.parseInt(options.getOrDefault("trials", "7"));
      String cases = options.getOrDefault("cases", "all");
      run(server.port, trials, cases.equals("all") ? List.of("blocking", "async", "metric", "contacts", "first")
          : List.of(cases.split(",")));
    }
    System.exit(0); // OkHttp's and the library's threads are daemons, but the pools' idle timeouts need not be waited out
  }

  private static void run(int port, int trials, List<String> cases) throws Exception {
    OkHttpClient client = client();
    FairFloor fair = new FairFloor(client, port);
    Request rawMessage = rawRequest(FastVumiServer.apiUrl(port) + "/conv-key/messages.json",
        "{\"to_addr\":\"" + TO + "\",\"content\":\"" + CONTENT + "\"}");
    Request rawMetric = rawRequest(FastVumiServer.apiUrl(port) + "/conv-key/metrics.json",
        "[[\"registrations\",1.0,\"sum\"]]");
    HttpApiSender sender = sender(port, client, HttpApiSender.DEFAULT_MAX_IN_FLIGHT);
    Op rawSend = () -> {
      try (Response response = client.newCall(rawMessage).execute()) {
        response.body().bytes();
      }
    };
    Op fairSend = () -> fair.send(TO, CONTENT);
    Op librarySend = () -> sender.sendText(TO, CONTENT);
    System.out.printf("%nEvery case: %d trials of %d messages per variant, in %d blocks that alternate between the"
        + " variants.%n", trials, MESSAGES, BLOCKS);
    System.out.println("×raw, ×fair: the median of the per-trial ratios to each floor; ×fair min: the ratio of the"
        + " minimums. cpu: the client's threads; jvm cpu: the whole client process (GC, JIT); B: bytes allocated.");

    if (cases.contains("blocking")) {
      for (int threads : new int[] {1, 4, 16}) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemons("bench client"));
        HttpApiSender wide = threads > HttpApiSender.DEFAULT_MAX_IN_FLIGHT ? sender(port, client, threads) : sender;
        Op wideSend = () -> wide.sendText(TO, CONTENT);
        measure("Blocking sendText, " + threads + (threads == 1 ? " thread" : " threads through one sender")
            + (threads > HttpApiSender.DEFAULT_MAX_IN_FLIGHT ? " (maxInFlight " + threads + "; the floors unbounded)" : ""),
            "msg", trials, MESSAGES,
            new Variant("raw floor: prebuilt PUT", blocking(pool, threads, rawSend)),
            new Variant("fair floor: Jackson body + parse", blocking(pool, threads, fairSend)),
            new Variant("library: sendText", blocking(pool, threads, wideSend)));
        pool.shutdown();
      }
    }

    if (cases.contains("async")) {
      List<OutboundMessage> messages = IntStream.range(0, MESSAGES).mapToObj(i -> OutboundMessage.text(TO, CONTENT))
          .collect(Collectors.toList());
      for (int inFlight : new int[] {1, 4, 8}) {
        HttpApiSender bounded = sender(port, client, inFlight);
        measure("Asynchronous, " + inFlight + " in flight (sendAsync: the caller keeps " + inFlight
            + " in flight; sendAllAsync: maxInFlight " + inFlight + ")", "msg", trials, MESSAGES,
            new Variant("raw floor: enqueue prebuilt PUT", window(inFlight, () -> rawAsync(client, rawMessage))),
            new Variant("fair floor: enqueue, parse, hop", window(inFlight, () -> fair.sendAsync(TO, CONTENT))),
            new Variant("library: sendAsync", window(inFlight, () -> sender.sendAsync(OutboundMessage.text(TO, CONTENT)))),
            new Variant("library: sendAllAsync", count -> sendAll(bounded, messages.subList(0, count))));
      }
    }

    if (cases.contains("metric")) {
      measure("Blocking fireMetric, 1 thread", "msg", trials, MESSAGES,
          new Variant("raw floor: prebuilt PUT", repeat(() -> {
            try (Response response = client.newCall(rawMetric).execute()) {
              response.body().bytes();
            }
          })),
          new Variant("fair floor: Jackson body + parse", repeat(() -> fair.fireMetric("registrations", 1, "sum"))),
          new Variant("library: fireMetric", repeat(() -> sender.fireMetric("registrations", 1, "sum"))));
    }

    if (cases.contains("contacts")) {
      contacts(port, client, fair, trials);
    }

    if (cases.contains("first")) {
      firstMessages(port);
    }
  }

  static OkHttpClient client() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(64);
    dispatcher.setMaxRequestsPerHost(64);
    // Room for every connection of the widest case, so no case pays for connections closed and reopened.
    return new OkHttpClient.Builder().dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES)).build();
  }

  static HttpApiSender sender(int port, OkHttpClient client, int maxInFlight) {
    return HttpApiSender.builder("acc-key", "conv-key", "conv-token").apiUrl(FastVumiServer.apiUrl(port))
        .client(client).maxInFlight(maxInFlight).build();
  }

  static Request rawRequest(String url, String body) {
    return new Request.Builder().url(url)
        .header("Authorization", Credentials.basic("acc-key", "conv-token"))
        .put(RequestBody.create(body.getBytes(UTF_8), FairFloor.JSON)).build();
  }

  // ---------------------------------------------------------------- workloads

  static Workload repeat(Op op) {
    return count -> {
      for (int i = 0; i < count; i++) {
        op.run();
      }
    };
  }

  /** {@code threads} threads each run their share of {@code count}. */
  static Workload blocking(ExecutorService pool, int threads, Op op) {
    return count -> {
      List<Future<?>> running = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        int share = count / threads + (t < count % threads ? 1 : 0);
        running.add(pool.submit(() -> {
          for (int i = 0; i < share; i++) {
            op.run();
          }
          return null;
        }));
      }
      for (Future<?> each : running) {
        each.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    };
  }

  /** The caller keeps {@code inFlight} operations going until {@code count} have ended. */
  static Workload window(int inFlight, Supplier<CompletableFuture<?>> start) {
    return count -> {
      Semaphore window = new Semaphore(inFlight);
      CountDownLatch done = new CountDownLatch(count);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      for (int i = 0; i < count; i++) {
        if (!window.tryAcquire(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          throw new TimeoutException("no operation ended in " + STEP_TIMEOUT_SECONDS + " s");
        }
        start.get().whenComplete((value, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
          window.release();
          done.countDown();
        });
      }
      if (!done.await(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new TimeoutException("operations still running after " + STEP_TIMEOUT_SECONDS + " s");
      }
      if (failure.get() != null) {
        throw new IllegalStateException("an operation failed", failure.get());
      }
    };
  }

  /** The raw floor's asynchronous send: completes in OkHttp's thread, with the answer's bytes. */
  static CompletableFuture<byte[]> rawAsync(OkHttpClient client, Request request) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    client.newCall(request).enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          result.complete(response.body().bytes());
        } catch (IOException e) {
          result.completeExceptionally(e);
        }
      }

      @Override
      public void onFailure(Call call, IOException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  static void sendAll(HttpApiSender sender, List<OutboundMessage> messages) throws Exception {
    List<SendOutcome> outcomes = sender.sendAllAsync(messages).get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    for (SendOutcome outcome : outcomes) {
      if (!outcome.isSent()) {
        throw new IllegalStateException("not sent: " + outcome);
      }
    }
  }

  // ---------------------------------------------------------------- measuring

  /** Sums of one variant's blocks in one trial. */
  static final class Sums {
    long wallNanos;
    long cpuNanos;
    long processCpuNanos;
    long allocatedBytes;
    long units;

    double micros() {
      return wallNanos / 1000.0 / units;
    }

    double cpuMicros() {
      return cpuNanos / 1000.0 / units;
    }

    double processCpuMicros() {
      return processCpuNanos / 1000.0 / units;
    }

    double bytes() {
      return (double) allocatedBytes / units;
    }
  }

  /** Runs {@code workload} once and adds its time, CPU and allocation to {@code sums}. */
  static void measureOnce(Workload workload, int count, Sums sums) throws Exception {
    Threads before = Threads.now();
    workload.run(count);
    Threads after = Threads.now();
    sums.wallNanos += after.wallNanos - before.wallNanos;
    sums.processCpuNanos += after.processCpuNanos - before.processCpuNanos;
    long[] delta = after.minus(before);
    sums.cpuNanos += delta[0];
    sums.allocatedBytes += delta[1];
    sums.units += count;
  }

  /** Runs every variant in every trial, interleaved, and prints the table. Variant 0 is the raw floor, 1 the fair one. */
  static Sums[][] measure(String title, String unit, int trials, int count, Variant... variants) throws Exception {
    System.out.printf("%n%s:%n", title);
    for (Variant variant : variants) { // warm-up: the JIT, the connections, the pools
      measureOnce(variant.workload(), count, new Sums());
    }
    Sums[][] sums = new Sums[variants.length][trials];
    for (int trial = 0; trial < trials; trial++) {
      for (int v = 0; v < variants.length; v++) {
        sums[v][trial] = new Sums();
      }
      for (int block = 0; block < BLOCKS; block++) {
        for (int i = 0; i < variants.length; i++) {
          int v = (i + block + trial) % variants.length;
          measureOnce(variants[v].workload(), count / BLOCKS, sums[v][trial]);
        }
      }
    }
    System.out.printf("  %-34s %9s %9s %7s %7s %9s %8s %7s %8s %7s %9s %7s%n", "", "med µs/" + unit, "min µs",
        "×raw", "×fair", "×fair min", "cpu µs", "×fair", "jvm cpu", "×fair", "B/" + unit, "×fair");
    for (int v = 0; v < variants.length; v++) {
      Sums[] mine = sums[v];
      System.out.printf("  %-34s %9.1f %9.1f %7.3f %7.3f %9.3f %8.1f %7.3f %8.1f %7.3f %9.0f %7.3f%n",
          variants[v].name(), median(mine, Sums::micros), min(mine, Sums::micros),
          ratio(mine, sums[0], Sums::micros), ratio(mine, sums[1], Sums::micros),
          min(mine, Sums::micros) / min(sums[1], Sums::micros),
          median(mine, Sums::cpuMicros), ratio(mine, sums[1], Sums::cpuMicros),
          median(mine, Sums::processCpuMicros), ratio(mine, sums[1], Sums::processCpuMicros),
          median(mine, Sums::bytes), ratio(mine, sums[1], Sums::bytes));
    }
    return sums;
  }

  interface Figure {
    double of(Sums sums);
  }

  static double median(Sums[] trials, Figure figure) {
    return median(Arrays.stream(trials).mapToDouble(figure::of).toArray());
  }

  static double min(Sums[] trials, Figure figure) {
    return Arrays.stream(trials).mapToDouble(figure::of).min().orElseThrow();
  }

  /** The median of the per-trial ratios: the variants of one trial ran side by side. */
  static double ratio(Sums[] trials, Sums[] baseline, Figure figure) {
    double[] ratios = new double[trials.length];
    for (int t = 0; t < trials.length; t++) {
      ratios[t] = figure.of(trials[t]) / figure.of(baseline[t]);
    }
    return median(ratios);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * CPU time and allocated bytes of every thread of this JVM at one moment (the JVM's GC and
   * compiler threads are not Java threads, and are not among them), with the wall clock and the
   * whole process's CPU time.
   */
  static final class Threads {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    final long wallNanos;
    final long processCpuNanos;
    final long[] ids;
    final long[] cpu;
    final long[] allocated;

    private Threads(long wallNanos, long processCpuNanos, long[] ids, long[] cpu, long[] allocated) {
      this.wallNanos = wallNanos;
      this.processCpuNanos = processCpuNanos;
      this.ids = ids;
      this.cpu = cpu;
      this.allocated = allocated;
    }

    static Threads now() {
      long[] ids = THREADS.getAllThreadIds();
      long[] cpu = THREADS.getThreadCpuTime(ids);
      long[] allocated = THREADS.getThreadAllocatedBytes(ids);
      return new Threads(System.nanoTime(), OS.getProcessCpuTime(), ids, cpu, allocated);
    }

    /**
     * CPU nanoseconds and bytes since {@code before}, summed over the threads alive now: a thread
     * started since counts whole; one that ended since is lost (the pools here keep theirs for 60 s).
     */
    long[] minus(Threads before) {
      Map<Long, Integer> index = new HashMap<>(before.ids.length * 2);
      for (int i = 0; i < before.ids.length; i++) {
        index.put(before.ids[i], i);
      }
      long cpuSum = 0;
      long bytes = 0;
      for (int i = 0; i < ids.length; i++) {
        if (cpu[i] < 0) {
          continue; // ended meanwhile
        }
        Integer then = index.get(ids[i]);
        cpuSum += cpu[i] - (then == null || before.cpu[then] < 0 ? 0 : before.cpu[then]);
        bytes += allocated[i] - (then == null || before.allocated[then] < 0 ? 0 : before.allocated[then]);
      }
      return new long[] {cpuSum, bytes};
    }
  }

  // ---------------------------------------------------------------- contacts

  static void contacts(int port, OkHttpClient client, FairFloor fair, int trials) throws Exception {
    ContactsApiClient contacts = ContactsApiClient.builder("token").apiUrl(FastVumiServer.contactsApiUrl(port))
        .client(client).build();
    int total = FastVumiServer.CONTACT_PAGES * FastVumiServer.PAGE_SIZE;
    AtomicLong sink = new AtomicLong();
    Workload raw = count -> sink.addAndGet(fair.pagesOnly());
    Workload floor = count -> {
      long n = fair.streamContacts(contact -> sink.addAndGet(contact.key.length() + contact.extra.size()));
      check(n == total, "the fair floor read " + n + " contacts");
    };
    Workload library = count -> {
      try (Stream<Contact> stream = contacts.contacts()) {
        long n = stream.mapToLong(contact -> contact.key().length() + contact.extra().size()).count();
        check(n == total, "the library read " + n + " contacts");
      }
    };
    // A trial of each streams all the contacts once: BLOCKS would make it several times; one block here.
    System.out.printf("%nContacts stream: %d contacts in pages of %d, %d trials (one stream per variant per trial):%n",
        total, FastVumiServer.PAGE_SIZE, trials);
    Sums[][] sums = new Sums[3][trials];
    Workload[] workloads = {raw, floor, library};
    for (Workload workload : workloads) {
      measureOnce(workload, total, new Sums());
    }
    for (int trial = 0; trial < trials; trial++) {
      for (int i = 0; i < 3; i++) {
        int v = (i + trial) % 3;
        sums[v][trial] = new Sums();
        measureOnce(workloads[v], total, sums[v][trial]);
      }
    }
    String[] names = {"raw floor: the pages' bytes", "fair floor: Jackson streaming", "library: contacts()"};
    System.out.printf("  %-34s %9s %9s %7s %7s %9s %8s %7s %8s %7s %9s %7s%n", "", "med µs/ct", "min µs",
        "×raw", "×fair", "×fair min", "cpu µs", "×fair", "jvm cpu", "×fair", "B/contact", "×fair");
    for (int v = 0; v < 3; v++) {
      Sums[] mine = sums[v];
      System.out.printf("  %-34s %9.2f %9.2f %7.3f %7.3f %9.3f %8.2f %7.3f %8.2f %7.3f %9.0f %7.3f%n",
          names[v], median(mine, Sums::micros), min(mine, Sums::micros),
          ratio(mine, sums[0], Sums::micros), ratio(mine, sums[1], Sums::micros),
          min(mine, Sums::micros) / min(sums[1], Sums::micros),
          median(mine, Sums::cpuMicros), ratio(mine, sums[1], Sums::cpuMicros),
          median(mine, Sums::processCpuMicros), ratio(mine, sums[1], Sums::processCpuMicros),
          median(mine, Sums::bytes), ratio(mine, sums[1], Sums::bytes));
    }
    System.out.printf("  throughput, library / fair floor: %.3f (median of per-trial ratios)%n",
        1 / ratio(sums[2], sums[1], Sums::micros));

    // Memory: the heap still in use (after a full GC) as the stream goes on; constant if one page is held.
    int[] at = {10_000, 50_000, 90_000};
    System.out.printf("  heap in use after a full GC, at %s contacts (MiB):%n",
        Arrays.stream(at).mapToObj(Integer::toString).collect(Collectors.joining(" / ")));
    long base = usedAfterGc();
    AtomicInteger seen = new AtomicInteger();
    List<String> floorHeap = new ArrayList<>();
    fair.streamContacts(contact -> heapAt(seen.incrementAndGet(), at, base, floorHeap));
    seen.set(0);
    List<String> libraryHeap = new ArrayList<>();
    try (Stream<Contact> stream = contacts.contacts()) {
      stream.forEach(contact -> heapAt(seen.incrementAndGet(), at, base, libraryHeap));
    }
    System.out.printf("    fair floor: %s; library: %s (above the %.1f MiB in use before)%n", String.join(" / ", floorHeap),
        String.join(" / ", libraryHeap), base / 1048576.0);
  }

  private static void heapAt(int count, int[] at, long base, List<String> out) {
    for (int mark : at) {
      if (count == mark) {
        out.add(String.format("%.1f", (usedAfterGc() - base) / 1048576.0));
      }
    }
  }

  private static long usedAfterGc() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException(what);
    }
  }

  // ---------------------------------------------------------------- first message

  static void firstMessages(int port) throws Exception {
    System.out.printf("%nFirst message after JVM start, each in a fresh JVM (%d runs each, interleaved; ms from main()"
        + " to the answer):%n", FIRST_MESSAGE_RUNS);
    String[] modes = {"raw", "fair", "library"};
    String[] names = {"raw OkHttp: first PUT", "fair floor: first send", "library: first sendText"};
    for (String when : List.of("fresh", "after-raw")) {
      double[][] millis = new double[modes.length][FIRST_MESSAGE_RUNS];
      double[][] cpu = new double[modes.length][FIRST_MESSAGE_RUNS];
      double[][] classes = new double[modes.length][FIRST_MESSAGE_RUNS];
      for (int run = 0; run < FIRST_MESSAGE_RUNS; run++) {
        for (int i = 0; i < modes.length; i++) {
          int m = (i + run) % modes.length;
          String[] figures = child(List.of("first", modes[m], Integer.toString(port), when), List.of()).split(" ");
          millis[m][run] = Double.parseDouble(figures[0]);
          cpu[m][run] = Double.parseDouble(figures[1]);
          classes[m][run] = Double.parseDouble(figures[2]);
        }
      }
      System.out.println(when.equals("fresh") ? "  In a fresh JVM:"
          : "  After a raw OkHttp PUT (untimed) in the same JVM: the variant's own first-use cost, with its own client:");
      System.out.printf("  %-34s %9s %9s %12s %12s %14s %10s%n", "", "median ms", "min ms", "median - raw",
          "min - raw", "cpu ms - raw", "classes");
      for (int m = 0; m < modes.length; m++) {
        System.out.printf("  %-34s %9.1f %9.1f %12.1f %12.1f %14.1f %10.0f%n", names[m], median(millis[m]),
            Arrays.stream(millis[m]).min().orElseThrow(), median(millis[m]) - median(millis[0]),
            Arrays.stream(millis[m]).min().orElseThrow() - Arrays.stream(millis[0]).min().orElseThrow(),
            median(cpu[m]) - median(cpu[0]), median(classes[m]));
      }
    }
    System.out.println("  (cpu ms: the calling thread's CPU time at the answer, median, less raw's; classes: loaded"
        + " in the JVM by then)");
  }

  /** Runs in a fresh JVM: times the first message, and prints the milliseconds, the thread's CPU and the classes. */
  static final class FirstMessage {
    static void run(String mode, int port, String when) throws Exception {
      String apiUrl = FastVumiServer.apiUrl(port);
      if (when.equals("after-raw")) {
        send("raw", apiUrl); // OkHttp, Okio, Kotlin and the JDK's TLS set up: what is left is the variant's own
      }
      long start = System.nanoTime();
      send(mode, apiUrl);
      double millis = (System.nanoTime() - start) / 1e6;
      // Read only now: the management classes are not part of what is measured.
      double threadMillis = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e6;
      System.out.printf("%.3f %.3f %d%n", millis, threadMillis,
          ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
      System.exit(0);
    }

    private static void send(String mode, String apiUrl) throws Exception {
      switch (mode) {
        case "raw" -> {
          OkHttpClient client = new OkHttpClient();
          try (Response response = client.newCall(rawRequest(apiUrl + "/conv-key/messages.json",
              "{\"to_addr\":\"" + TO + "\",\"content\":\"" + CONTENT + "\"}")).execute()) {
            response.body().bytes();
          }
        }
        case "fair" -> {
          OkHttpClient client = new OkHttpClient();
          Request request = new Request.Builder().url(apiUrl + "/conv-key/messages.json")
              .header("Authorization", Credentials.basic("acc-key", "conv-token"))
              .put(RequestBody.create(FairFloor.messageBody(TO, CONTENT), FairFloor.JSON)).build();
          try (Response response = client.newCall(request).execute()) {
            FairFloor.messageId(response);
          }
        }
        default -> new HttpApiSender("acc-key", "conv-key", "conv-token", apiUrl, null).sendText(TO, CONTENT);
      }
    }
  }

  /** Runs this class in a fresh JVM and returns the last line it printed. */
  static String child(List<String> args, List<String> jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SendBenchmark.class.getName());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String last = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (jvmOptions.isEmpty()) {
          last = line;
        } else {
          System.out.println("    " + line);
        }
      }
    }
    if (!process.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new TimeoutException(args + " did not end");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(args + " failed: " + last);
    }
    return last;
  }

  // ---------------------------------------------------------------- profile

  /**
   * Profiles 4 blocking threads sending through one sender, the fair floor and the library each in
   * a fresh JVM under JFR ({@code -XX:StartFlightRecording}, after a warm-up, execution samples every
   * millisecond), and sums up the
   * recordings' execution samples.
   */
  static void profile(int port, String what, int seconds) throws Exception {
    int warmup = 15;
    Path dir = Path.of("target", "bench-profile");
    Files.createDirectories(dir);
    // JFR's own "profile" settings sample every 10 ms, which on 2 busy cores gives too few samples to rank
    // frames: these sample every millisecond, and allocations (weighted by bytes), and nothing else.
    Path settings = dir.resolve("execution-samples.jfc").toAbsolutePath();
    Files.writeString(settings, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<configuration version=\"2.0\" label=\"execution samples\">\n"
        + "  <event name=\"jdk.ExecutionSample\"><setting name=\"enabled\">true</setting>"
        + "<setting name=\"period\">1 ms</setting></event>\n"
        + "  <event name=\"jdk.ObjectAllocationSample\"><setting name=\"enabled\">true</setting>"
        + "<setting name=\"throttle\">2000/s</setting><setting name=\"stackTrace\">true</setting></event>\n"
        + "</configuration>\n");
    for (String variant : List.of("fair", "library")) {
      Path file = dir.resolve(variant + "-" + what + ".jfr").toAbsolutePath();
      System.out.printf("%nProfile: %s, %s, %d s after %d s of warm-up -> %s%n", variant,
          what.equals("contacts") ? "the contacts stream" : "4 blocking threads", seconds, warmup, file);
      child(List.of("profile-run", variant + "-" + what, Integer.toString(port), Integer.toString(warmup),
          Integer.toString(seconds)),
          List.of("-Xms1g", "-Xmx1g", "-XX:FlightRecorderOptions=stackdepth=96",
              "-XX:StartFlightRecording=delay=" + warmup + "s,duration=" + seconds + "s,settings=" + settings + ",filename=" + file));
      JfrTop.print(file, System.out, 25);
      System.out.println("  each sample: jfr print --events jdk.ExecutionSample --stack-depth 40 " + file);
    }
  }

  static void profileRun(String variant, int port, int warmupSeconds, int seconds) throws Exception {
    OkHttpClient client = client();
    FairFloor fair = new FairFloor(client, port);
    HttpApiSender sender = sender(port, client, HttpApiSender.DEFAULT_MAX_IN_FLIGHT);
    Workload work;
    int count;
    if (variant.endsWith("-contacts")) {
      ContactsApiClient contacts = ContactsApiClient.builder("token").apiUrl(FastVumiServer.contactsApiUrl(port))
          .client(client).build();
      AtomicLong sink = new AtomicLong();
      count = FastVumiServer.CONTACT_PAGES * FastVumiServer.PAGE_SIZE;
      work = variant.startsWith("fair") ? n -> fair.streamContacts(contact -> sink.addAndGet(contact.key.length()))
          : n -> {
            try (Stream<Contact> stream = contacts.contacts()) {
              stream.forEach(contact -> sink.addAndGet(contact.key().length()));
            }
          };
    } else {
      Op op = variant.startsWith("fair") ? () -> fair.send(TO, CONTENT) : () -> sender.sendText(TO, CONTENT);
      ExecutorService pool = Executors.newFixedThreadPool(4, daemons("bench client"));
      work = blocking(pool, 4, op);
      count = 400;
    }
    long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
    while (System.nanoTime() < warmupEnd) {
      work.run(count);
    }
    Sums sums = new Sums();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 1);
    while (System.nanoTime() < end) {
      measureOnce(work, count, sums);
    }
    System.out.printf("%s: %.1f µs/msg, cpu %.1f µs/msg, jvm cpu %.1f µs/msg, %.0f B/msg (%d messages, %d connections)%n",
        variant, sums.micros(), sums.cpuMicros(), sums.processCpuMicros(), sums.bytes(), sums.units,
        client.connectionPool().connectionCount());
    System.exit(0); // the recording is written on exit
  }

  // ---------------------------------------------------------------- machinery

  /** The server, in a JVM of its own that ends when this one does (its standard input closes). */
  static final class ServerProcess implements AutoCloseable {
    final Process process;
    final int port;

    private ServerProcess(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static ServerProcess start() throws Exception {
      Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xms384m", "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          FastVumiServer.class.getName())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      String line = first.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (line == null || !line.startsWith("port ")) {
        process.destroyForcibly();
        throw new IllegalStateException("the server did not start: " + line);
      }
      System.out.println("  server: FastVumiServer in its own JVM (pid " + process.pid() + "), loopback port "
          + line.substring(5) + ", prebuilt answers, kept-alive connections");
      return new ServerProcess(process, Integer.parseInt(line.substring(5)));
    }

    @Override
    public void close() throws Exception {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Ends the JVM (and so the server's) if the run has not ended by then. */
  static void stopAfter(long minutes) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(TimeUnit.MINUTES.toMillis(minutes));
        System.err.println("the benchmark ran for more than " + minutes + " minutes: stopped");
        Runtime.getRuntime().halt(2);
      } catch (InterruptedException e) {
        // the run ended
      }
    }, "bench watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  static java.util.concurrent.ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + " " + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  static void describeMachine() throws IOException {
    System.out.println("go-http-api benchmark: the library against a raw and a fair floor, in one run");
    System.out.println("  JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + ", arguments " + ManagementFactory.getRuntimeMXBean().getInputArguments());
    System.out.println("  OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores, load average "
        + String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name")).findFirst()
          .ifPresent(l -> System.out.println("  CPU: " + l.substring(l.indexOf(':') + 1).trim()));
    }
  }
}
