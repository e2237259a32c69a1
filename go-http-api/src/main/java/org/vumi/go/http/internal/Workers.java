package org.vumi.go.http.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A bounded pool that hands a task to an idle thread if there is one, starts a thread if there are
 * fewer than its bound, and queues the task otherwise; an idle thread ends after a keep-alive. So it
 * never holds more threads than its bound, never makes a task wait while a thread could start, and
 * holds none once idle. ({@link java.util.concurrent.ThreadPoolExecutor} can do only two of those
 * three: it starts threads only while its queue refuses tasks.)
 */
final class Workers extends AbstractExecutorService {
  private final ThreadFactory threads;
  private final int max;
  private final long keepAliveNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition terminated = lock.newCondition();
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  /** Idle workers, the most recently idle first: the others are the ones to end. */
  private final ArrayDeque<Worker> idle = new ArrayDeque<>();
  private final List<Worker> all = new ArrayList<>();
  private boolean shutdown;

  Workers(ThreadFactory threads, int max, long keepAlive, TimeUnit unit) {
    this.threads = threads;
    this.max = max;
    this.keepAliveNanos = unit.toNanos(keepAlive);
  }

  @Override
  public void execute(Runnable task) {
    Worker started;
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException("the pool is shut down");
      }
      Worker waiting = idle.pollFirst();
      if (waiting != null) {
        waiting.task = task;
        LockSupport.unpark(waiting.thread);
        return;
      }
      if (all.size() >= max) {
        queue.add(task);
        return;
      }
      started = new Worker(task);
      started.thread = threads.newThread(started);
      all.add(started);
    } finally {
      lock.unlock();
    }
    try {
      started.thread.start();
    } catch (RuntimeException | Error e) {
      lock.lock();
      try {
        all.remove(started);
        signalIfTerminated();
      } finally {
        lock.unlock();
      }
      throw e; // an OutOfMemoryError stays one: the timer tries again what failed for want of memory
    }
  }

  /** How many threads the pool holds now. */
  int threadCount() {
    lock.lock();
    try {
      return all.size();
    } finally {
      lock.unlock();
    }
  }

  /** How many of its threads wait idle for a task. */
  int idleCount() {
    lock.lock();
    try {
      return idle.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void shutdown() {
    lock.lock();
    try {
      shutdown = true;
      for (Worker waiting : idle) {
        LockSupport.unpark(waiting.thread);
      }
      signalIfTerminated();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Runnable> shutdownNow() {
    lock.lock();
    try {
      shutdown();
      List<Runnable> never = new ArrayList<>(queue);
      queue.clear();
      for (Worker worker : all) {
        worker.thread.interrupt();
      }
      return never;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isShutdown() {
    lock.lock();
    try {
      return shutdown;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isTerminated() {
    lock.lock();
    try {
      return shutdown && all.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      while (!(shutdown && all.isEmpty())) {
        if (nanos <= 0) {
          return false;
        }
        nanos = terminated.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void signalIfTerminated() {
    if (shutdown && all.isEmpty()) {
      terminated.signalAll();
    }
  }

  /** One thread: runs what it is handed or finds queued, then waits idle for a keep-alive. */
  private final class Worker implements Runnable {
    @SuppressWarnings("NotNullFieldNotInitialized") // set right after construction, before the thread starts
    Thread thread;
    volatile @Nullable Runnable task;

    Worker(Runnable first) {
      this.task = first;
    }

    @Override
    public void run() {
      try {
        for (Runnable next = task; next != null; next = next()) {
          task = null;
          try {
            next.run();
          } catch (Throwable e) {
            // The task's own failure: the thread goes on to the next one.
          }
        }
      } finally {
        lock.lock();
        try {
          all.remove(this);
          idle.remove(this);
          signalIfTerminated();
        } finally {
          lock.unlock();
        }
      }
    }

    /** The next task: queued, or handed over while idle; null to end the thread. */
    private @Nullable Runnable next() {
      lock.lock();
      try {
        Runnable queued = queue.poll();
        if (queued != null || shutdown) {
          return queued;
        }
        idle.addFirst(this);
      } finally {
        lock.unlock();
      }
      long deadline = System.nanoTime() + keepAliveNanos;
      while (true) {
        Runnable handed = task;
        if (handed != null) {
          return handed;
        }
        Thread.interrupted(); // an idle worker has nothing to interrupt; parking must not spin on it
        long left = deadline - System.nanoTime();
        if (left <= 0 || isShutdown()) {
          lock.lock();
          try {
            if (task == null) { // not handed a task in the meantime: end
              idle.remove(this);
              return null;
            }
          } finally {
            lock.unlock();
          }
        } else {
          LockSupport.parkNanos(this, left);
        }
      }
    }
  }
}
