package org.vumi.go.http.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * What the library's engines share: the timing thread, the pool that completes futures and runs
 * callbacks, the small pool that cancels calls, and the default HTTP client (its dispatcher's
 * threads and its connections). Every engine holds a lease; when the last lease is returned
 * (the last engine closed, its operations finished) all of it is shut down, and the next engine
 * gets a new set. An engine never closed keeps its lease, and everything stays as it was.
 *
 * <p>Every pool is bounded, and none keeps a thread awake while idle: the timer waits without a
 * timeout while nothing is scheduled, and the pools' idle threads end after a short keep-alive.
 */
final class Resources {
  /** The most callback threads: those the pool adds while callbacks wait on futures or for turns. */
  static final int MAX_CALLBACK_THREADS = 256;
  /** Callbacks that run at once without any of them blocking: the pool's parallelism. */
  static final int CALLBACK_PARALLELISM = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
  /** The threads that cancel calls: a listener that never returns from {@code canceled()} holds one. */
  static final int MAX_CANCEL_THREADS = 4;
  /** The most threads of the default client's dispatcher: its bound on calls at once (OkHttp's 64). */
  static final int MAX_DISPATCHER_THREADS = 64;
  /** How long an idle thread of a pool lives on. */
  static final long KEEP_ALIVE_MILLIS = 1_000;
  /** ForkJoinPool ends its idle threads one per keep-alive: a shorter one, so that it is soon quiet. */
  static final long CALLBACK_KEEP_ALIVE_MILLIS = 200;

  /** The resources every engine shares unless a test gives it its own. */
  static final Holder SHARED = new Holder();
  private static final Object LEASE_LOCK = new Object();

  private final AtomicInteger liveThreads = new AtomicInteger();
  private final long keepAliveMillis;
  private final Timer timer;
  private final long callbackKeepAliveMillis;
  /** Made on first use (see {@link #callbacks()}): a client that only blocks never needs it. Guarded by this. */
  private @Nullable ForkJoinPool callbacks;
  private final Executor callbackExecutor = new CallbackExecutor();
  private final Workers cancels;
  private @Nullable OkHttpClient defaultClient;
  /** Guarded by {@link #LEASE_LOCK}. */
  private int leases;
  private volatile boolean released;

  Resources() {
    this(KEEP_ALIVE_MILLIS, CALLBACK_KEEP_ALIVE_MILLIS, Timer.MAX_NAP_NANOS);
  }

  /**
   * Resources whose idle parts go quiet sooner or later than the real ones: a test that waits for
   * them to go quiet gives them short times, rather than wait out the real ones.
   *
   * @param keepAliveMillis how long an idle thread of the cancel pool or the default client's dispatcher lives on
   * @param callbackKeepAliveMillis the callback pool's keep-alive
   * @param timerNapNanos the longest the timer's thread waits while anything is scheduled
   */
  Resources(long keepAliveMillis, long callbackKeepAliveMillis, long timerNapNanos) {
    this.keepAliveMillis = keepAliveMillis;
    this.timer = new Timer(threads("go-http-api timer"), timerNapNanos);
    this.callbackKeepAliveMillis = callbackKeepAliveMillis;
    this.cancels = new Workers(threads("go-http-api cancels"), MAX_CANCEL_THREADS, keepAliveMillis,
        TimeUnit.MILLISECONDS);
  }

  /** Hands out leases on one set of resources at a time: a new set once the last lease on the previous one is returned. */
  static final class Holder {
    /** How soon the idle parts of the resources made go quiet, in ms; 0 for the real times. */
    private final long quietMillis;
    private @Nullable Resources current;

    Holder() {
      this(0);
    }

    /**
     * A holder whose resources go quiet within {@code quietMillis} of their last task: the pools'
     * keep-alives and the timer's longest nap (see {@link Resources#Resources(long, long, long)}).
     */
    Holder(long quietMillis) {
      this.quietMillis = quietMillis;
    }

    /**
     * Takes a lease on the current resources, made anew if there are none.
     *
     * @return the resources, to {@link #release()} once
     */
    Resources acquire() {
      synchronized (LEASE_LOCK) {
        if (current == null || current.released) {
          current = quietMillis == 0 ? new Resources()
              : new Resources(quietMillis, quietMillis, TimeUnit.MILLISECONDS.toNanos(quietMillis));
        }
        current.leases++;
        return current;
      }
    }
  }

  /** Takes another lease on these resources. */
  Resources lease() {
    synchronized (LEASE_LOCK) {
      if (released) {
        throw new IllegalStateException("these resources were released");
      }
      leases++;
      return this;
    }
  }

  /** Returns a lease: the last one shuts everything down. */
  void release() {
    synchronized (LEASE_LOCK) {
      if (leases <= 0 || --leases > 0) {
        return;
      }
      released = true;
    }
    timer.stop();
    ForkJoinPool made;
    synchronized (this) {
      made = callbacks; // none is made from now on: see callbacks()
    }
    if (made != null) {
      made.shutdown();
    }
    cancels.shutdown();
    OkHttpClient client = defaultClient();
    if (client != null) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  boolean released() {
    return released;
  }

  Timer timer() {
    return timer;
  }

  /**
   * Completes futures and runs what follows an attempt; never runs on OkHttp's or the timer's
   * threads. Made on first use, not with the resources: a first blocking request then costs no
   * pool (about a millisecond of a cold JVM's time).
   *
   * @return the pool
   * @throws RejectedExecutionException if these resources were released before it was made
   */
  synchronized ForkJoinPool callbacks() {
    ForkJoinPool pool = callbacks;
    if (pool == null) {
      if (released) {
        throw new RejectedExecutionException("the library's callback pool is shut down");
      }
      pool = new ForkJoinPool(CALLBACK_PARALLELISM, new CallbackThreads(), null, true, 0, MAX_CALLBACK_THREADS,
          1, new Saturated(), callbackKeepAliveMillis, TimeUnit.MILLISECONDS);
      callbacks = pool;
    }
    return pool;
  }

  /** Whether the callback pool has been made (for tests). */
  synchronized boolean callbacksMade() {
    return callbacks != null;
  }

  /** Runs tasks on {@link #callbacks()}, which it makes on its first task. */
  Executor callbackExecutor() {
    return callbackExecutor;
  }

  /** Hands each task to the callback pool, made on the first. */
  private final class CallbackExecutor implements Executor {
    @Override
    public void execute(Runnable task) {
      callbacks().execute(task);
    }
  }

  /** Cancels calls, off the timer's thread: OkHttp runs the client's {@code EventListener.canceled()} there. */
  ExecutorService cancels() {
    return cancels;
  }

  /**
   * Returns the default HTTP client, made on first use (see {@link Clients#newDefault}).
   *
   * @return the client
   */
  synchronized OkHttpClient defaultClient(boolean make) {
    if (defaultClient == null && make) {
      defaultClient = Clients.newDefault(new Workers(threads("go-http-api OkHttp Dispatcher"), MAX_DISPATCHER_THREADS,
          keepAliveMillis, TimeUnit.MILLISECONDS));
    }
    return defaultClient;
  }

  private synchronized @Nullable OkHttpClient defaultClient() {
    return defaultClient;
  }

  /** How many threads made for these resources are alive. */
  int liveThreads() {
    return liveThreads.get();
  }

  /** Daemon threads named {@code <name> 1}, {@code <name> 2}, ..., counted while alive. */
  private ThreadFactory threads(String name) {
    return new CountedThreads(Threads.daemons(name), liveThreads);
  }

  /**
   * Counts its threads while they live. Named classes rather than lambdas here and below: the
   * resources are made on a client's first request, and a lambda's class is spun on its time.
   */
  private static final class CountedThreads implements ThreadFactory {
    private final ThreadFactory daemons;
    private final AtomicInteger live;

    CountedThreads(ThreadFactory daemons, AtomicInteger live) {
      this.daemons = daemons;
      this.live = live;
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = daemons.newThread(new Counted(task, live));
      live.incrementAndGet();
      return thread;
    }
  }

  /** A thread's task, which uncounts the thread when it ends. */
  private static final class Counted implements Runnable {
    private final Runnable task;
    private final AtomicInteger live;

    Counted(Runnable task, AtomicInteger live) {
      this.task = task;
      this.live = live;
    }

    @Override
    public void run() {
      try {
        task.run();
      } finally {
        live.decrementAndGet();
      }
    }
  }

  private final AtomicInteger callbackThreads = new AtomicInteger();


  /**
   * What the callback pool does when all {@value #MAX_CALLBACK_THREADS} threads are taken and one
   * more is wanted to make up for a blocked one: goes on with those it has (the task waits in the
   * queue), rather than throw {@code RejectedExecutionException} out of the blocking call.
   */
  private static final class Saturated implements java.util.function.Predicate<ForkJoinPool> {
    @Override
    public boolean test(ForkJoinPool pool) {
      return true;
    }
  }

  /** Makes the callback pool's threads: daemons of the library's own context, counted while they live. */
  private final class CallbackThreads implements ForkJoinPool.ForkJoinWorkerThreadFactory {
    @Override
    public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
      ForkJoinWorkerThread thread = new ForkJoinWorkerThread(pool) {
        @Override
        protected void onTermination(@Nullable Throwable exception) {
          liveThreads.decrementAndGet();
        }
      };
      thread.setName("go-http-api callbacks " + callbackThreads.incrementAndGet());
      thread.setDaemon(true);
      Threads.ownContextClassLoader(thread);
      liveThreads.incrementAndGet();
      return thread;
    }
  }
}
