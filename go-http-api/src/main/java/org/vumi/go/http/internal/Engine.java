package org.vumi.go.http.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.SubstituteLogger;
import org.vumi.go.http.Api;
import org.vumi.go.http.ClientListener;
import org.vumi.go.http.RetryPolicy;

/**
 * Runs requests for every client of this library: one place for the attempt loop, the in-flight
 * bound, the deadline, the bounded answer read and the meaning of every failure, shared by the
 * blocking ({@link #execute}) and the asynchronous ({@link #enqueue}) path. Each run is an
 * {@link Operation}. Immutable and safe to share; one per client instance, so its in-flight bound
 * is that client's.
 *
 * <p>What runs where: a blocking call runs, listener included, on the caller's thread. An
 * asynchronous call's future is completed, and so its callbacks run, on one of the library's
 * callback threads (daemons named {@code go-http-api callbacks}): never on OkHttp's threads, and
 * never while a turn is held. So a callback may send through the same client, blocking or by waiting
 * on another send's future: the callback pool is a {@link java.util.concurrent.ForkJoinPool}, which
 * starts another thread while one waits on a {@code CompletableFuture} or for a turn, up to
 * {@value Resources#MAX_CALLBACK_THREADS} threads.
 *
 * <p>Deadlines: the library's one timing thread only marks a deadline and hands the rest on. The
 * call is cancelled on a pool of its own ({@value Resources#MAX_CANCEL_THREADS} daemons named
 * {@code go-http-api cancels}), because OkHttp runs the client's {@code EventListener.canceled()} on
 * the thread that cancels. So an event listener that never returns from {@code canceled()} costs one
 * of those threads, and delays no other deadline: an asynchronous operation still fails at its
 * deadline. Only once all of them are held do later cancels wait, and then a blocking call past its
 * deadline returns, and a call's turn comes back, only when OkHttp's own timeouts end the call.
 *
 * <p>Closing: {@link #close()} refuses new operations; those in flight finish as they would. The
 * library's shared resources (see {@link Resources}) are released once the last engine using them is
 * closed and its operations have ended; a client the caller passed in is never shut down.
 */
public final class Engine implements AutoCloseable {
  /** The most of an error answer kept: enough for any server's error page. */
  public static final int MAX_ERROR_BYTES = 64 * 1024;
  /** The default bound on requests in flight per client: below Vumi Go's 10 per account. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 8;
  /** The default total time for one operation, from the call to its result. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

  final OkHttpClient client;
  /** The client's last network interceptor: it marks how far each attempt got. */
  final Attempt.Marker marker = new Attempt.Marker();
  final Call.Factory calls;
  final Api api;
  final Class<?> owner;
  final @Nullable String authorization;
  final String userAgent;
  final RetryPolicy retryPolicy;
  final long deadlineNanos;
  final ClientListener listener;
  /** False for the listener that does nothing: no info is made for it. */
  final boolean listening;
  /** The client's logger once made (see {@link #log()}); null until then. */
  private volatile @Nullable Logger log;
  /** Set once any client of the library has made its logger: SLF4J has started, and no line need wait. */
  private static volatile boolean loggingStarted;
  /** Guards {@link #early} and the moment {@link #log} is set. */
  private final Object logLock = new Object();
  /**
   * Lines met before the logger was made, oldest first, written when it is (see {@link #logLater});
   * null from then on. Guarded by {@link #logLock}.
   */
  private @Nullable List<EarlyLine> early = new ArrayList<>();
  final Turns turns;
  final Resources resources;
  final Clock clock;
  final Executor callbacks;
  final Executor cancels;
  /** Operations begun and not yet ended. */
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean closed;
  private final AtomicBoolean released = new AtomicBoolean();

  private Engine(EngineConfig config, Api api, @Nullable String authorization, Class<?> owner, Resources resources,
      @Nullable Clock clock) {
    this.resources = resources;
    OkHttpClient base = config.client();
    this.client = (base == null ? resources.defaultClient(true) : base).newBuilder()
        // OkHttp's own silent retry after a connection failure can deliver a message twice, and a
        // redirect would turn a PUT into someone else's GET: the engine decides both itself.
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .addNetworkInterceptor(marker)
        .build();
    Function<OkHttpClient, Call.Factory> callFactory = config.callFactory();
    Call.Factory wrapped = callFactory == null ? client : callFactory.apply(client);
    if (wrapped == null) {
      throw new NullPointerException("the Call.Factory that callFactory returned must not be null");
    }
    if (wrapped != client) {
      marker.findByTag();
    }
    this.calls = wrapped;
    this.api = Checks.requireNonNull(api, "api");
    this.owner = Checks.requireNonNull(owner, "owner");
    this.authorization = authorization;
    this.userAgent = UserAgent.VALUE;
    this.retryPolicy = config.retryPolicy();
    this.deadlineNanos = config.deadline().toNanos();
    this.listener = config.listener();
    this.listening = listener != ClientListener.noop();
    this.turns = new Turns(config.maxInFlight());
    this.clock = clock == null ? resources.timer() : clock;
    this.callbacks = resources.callbackExecutor();
    this.cancels = resources.cancels();
  }

  /**
   * Makes the client's logger on a thread of its own (one per client that kept a line before any
   * client's logger was made; it ends once the logger is made): SLF4J's start-up (finding its
   * provider, reading its configuration) takes from 20 ms to a tenth of a second or more in a fresh
   * JVM, and no request waits for it (see {@link #logLater}). A named class, not a lambda: a lambda's
   * class is spun the first time it runs, on the time of the request that needs it.
   */
  private static final class StartLogger implements Runnable {
    private final Engine engine;

    StartLogger(Engine engine) {
      this.engine = engine;
    }

    @Override
    public void run() {
      engine.log();
    }
  }

  /**
   * Starts {@link StartLogger}'s thread from the library's timer thread, which is running by the
   * time a line is kept (the line's operation has its deadline): a thread's start (a millisecond of
   * a cold JVM) is then not on the request's time. Starting a thread is all the timer does for it, so
   * no deadline waits; if the start fails for want of memory, the timer tries again 50 ms later.
   */
  private static final class StartLoggerNow extends Timed {
    private final Engine engine;

    StartLoggerNow(Engine engine) {
      this.engine = engine;
    }

    @Override
    void fire() {
      Threads.daemons("go-http-api starts logging").newThread(new StartLogger(engine)).start();
    }
  }

  /**
   * Makes the engine of one client.
   *
   * @param config the settings
   * @param api the API the client speaks to
   * @param authorization the {@code Authorization} header of every request, or null for none; never
   *     logged or shown
   * @param owner the client's class: its name names the client's logger
   * @return a new engine
   */
  public static Engine create(EngineConfig config, Api api, @Nullable String authorization, Class<?> owner) {
    Checks.requireNonNull(config, "config");
    return create(config, api, authorization, owner, Resources.SHARED.acquire(), null);
  }

  /** Makes an engine that holds a lease on {@code leased} (returned when it closes), on a clock (for tests). */
  static Engine create(EngineConfig config, Api api, @Nullable String authorization, Class<?> owner,
      Resources leased, @Nullable Clock clock) {
    try {
      return new Engine(config, api, authorization, owner, leased, clock);
    } catch (RuntimeException | Error e) {
      leased.release();
      throw e;
    }
  }

  /**
   * Runs a request in the calling thread.
   *
   * @param request the request
   * @param <T> the result
   * @return the reader's result
   * @throws IOException the reader's exception, or a {@link org.vumi.go.http.TransportException}
   */
  public <T> T execute(ApiRequest<T> request) throws IOException {
    begin(request);
    return new Operation<>(this, request).execute();
  }

  /**
   * Runs a request on OkHttp's asynchronous calls. The future always completes: with the result,
   * the exception {@link #execute} would throw, or a deadline's {@link org.vumi.go.http.TransportException};
   * cancelling it cancels the call. It completes on one of the library's callback threads (see
   * {@link Engine}), where its callbacks run, with no turn held.
   *
   * @param request the request
   * @param <T> the result
   * @return the result to come
   */
  public <T> CompletableFuture<T> enqueue(ApiRequest<T> request) {
    begin(request);
    return new AsyncOperation<>(this, request).enqueue();
  }

  /**
   * Returns the client the engine's calls use (with its own settings applied).
   *
   * @return the client
   */
  public OkHttpClient client() {
    return client;
  }

  /**
   * Returns how many requests are in flight now.
   *
   * @return from 0 to the bound
   */
  public int inFlight() {
    return turns.inUse();
  }

  /**
   * Closes the engine: operations started after this fail at once with an
   * {@link IllegalStateException} and send nothing; those in flight finish as they would, within
   * their deadline. Once they have, the engine returns its lease on the library's shared resources:
   * the last engine to do so shuts down the timer, the callback and cancel pools and the default
   * client's dispatcher and connections (made anew for the next engine). A client the caller passed
   * in is the caller's, and is not shut down. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    if (active.get() == 0) {
      returnLease();
    }
  }

  /**
   * Tells whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  private void begin(ApiRequest<?> request) {
    active.incrementAndGet();
    if (closed) {
      end();
      throw new IllegalStateException(request.name() + " after " + owner.getSimpleName()
          + " was closed: nothing was sent");
    }
  }

  /** An operation ended: nothing of it runs any more. */
  void end() {
    if (active.decrementAndGet() == 0 && closed) {
      returnLease();
    }
  }

  private void returnLease() {
    if (released.compareAndSet(false, true)) {
      resources.release();
    }
  }

  /** The most lines kept while SLF4J starts; past it, a line waits for SLF4J as it would without the wait-free path. */
  static final int MAX_EARLY_LINES = 64;

  /**
   * Returns the client's logger, named after the client's class, making it if no one has: this
   * waits while SLF4J starts on another thread. Once made, the lines kept by {@link #logLater} are
   * written, before any later line.
   *
   * @return the logger
   */
  Logger log() {
    Logger logger = log;
    if (logger != null) {
      return logger;
    }
    logger = LoggerFactory.getLogger(owner);
    if (logger instanceof SubstituteLogger) {
      // SLF4J is starting on another thread (the application's, or another client's
      // StartLogger): its stand-in would take this line and replay it later, out of order, with
      // a warning on standard error. The start-up holds LoggerFactory's lock: wait for it to end.
      synchronized (LoggerFactory.class) {
        logger = LoggerFactory.getLogger(owner);
      }
    }
    synchronized (logLock) {
      List<EarlyLine> lines = early;
      if (lines != null) {
        // Written under the lock, so that no line logged after one of these comes out before it.
        for (EarlyLine line : lines) {
          line.writeTo(logger);
        }
        early = null;
        log = logger;
        loggingStarted = true;
      }
      return log;
    }
  }

  /**
   * Returns the client's logger if it has been made, without waiting.
   *
   * @return the logger, or null while it is not yet made: see {@link #logLater}
   */
  @Nullable Logger logIfMade() {
    Logger logger = log;
    if (logger == null && loggingStarted) {
      return log(); // SLF4J has started: making a logger is quick
    }
    return logger;
  }

  /**
   * Tells whether a line at a level would be written: a caller makes its arguments only then. While
   * no logger is made, every line is kept (see {@link #logLater}), whatever its level.
   *
   * @param warn WARN if true, else DEBUG
   * @return true if the line is to be made
   */
  boolean logs(boolean warn) {
    Logger logger = logIfMade();
    return logger == null || (warn ? logger.isWarnEnabled() : logger.isDebugEnabled());
  }

  /**
   * Writes a line, or keeps it while no logger is made (see {@link #logLater}).
   *
   * @param warn WARN if true, else DEBUG
   * @param format the SLF4J format
   * @param arguments its arguments
   */
  void write(boolean warn, String format, Object... arguments) {
    Logger logger = logIfMade();
    if (logger == null) {
      logLater(warn, format, arguments);
    } else {
      EarlyLine.write(logger, warn, format, arguments);
    }
  }

  /**
   * Logs a line for which {@link #logIfMade()} returned null (no client of the library has made its
   * logger yet): it is kept, and written, in order, as soon as the logger is made, which the first
   * line kept starts on a thread of its own ({@link StartLogger}). So no request waits for SLF4J's
   * start-up (finding its provider and reading its configuration take from 20 ms to a tenth of a
   * second or more in a fresh JVM): the first lines of the first client in a JVM come out a little
   * after their request returned, from that thread. If the logger was made meanwhile, or
   * {@value #MAX_EARLY_LINES} lines wait already, the line is written here.
   *
   * @param warn WARN if true, else DEBUG
   * @param format the SLF4J format
   * @param arguments its arguments
   */
  void logLater(boolean warn, String format, Object... arguments) {
    EarlyLine line = new EarlyLine(warn, format, arguments);
    boolean kept;
    boolean first;
    synchronized (logLock) {
      List<EarlyLine> lines = early;
      kept = lines != null && lines.size() < MAX_EARLY_LINES;
      first = kept && lines.isEmpty();
      if (kept) {
        lines.add(line);
      }
    }
    if (!kept) {
      line.writeTo(log());
    } else if (first) {
      try {
        Timer timer = resources.timer();
        timer.schedule(new StartLoggerNow(this), timer.nanoTime());
      } catch (IllegalStateException stopped) {
        log(); // the library's timer is stopped (its resources were released): the lines are written here
      }
    }
  }

  /** A line kept until the logger is made. */
  private static final class EarlyLine {
    private final boolean warn;
    private final String format;
    private final Object[] arguments;

    EarlyLine(boolean warn, String format, Object[] arguments) {
      this.warn = warn;
      this.format = format;
      this.arguments = arguments;
    }

    void writeTo(Logger logger) {
      write(logger, warn, format, arguments);
    }

    static void write(Logger logger, boolean warn, String format, Object[] arguments) {
      if (warn) {
        logger.warn(format, arguments);
      } else {
        logger.debug(format, arguments);
      }
    }
  }

  /** Calls the listener; what it throws is logged, never passed on. */
  void notify(Consumer<ClientListener> call) {
    try {
      call.accept(listener);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      log().warn("the client's listener failed; the operation goes on: {}", Text.escape(e.toString()));
    }
  }
}
