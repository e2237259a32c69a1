package org.vumi.go.http.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.vumi.go.http.internal.Text;

/**
 * What the emulator records of one kind (messages, pushed events, metrics), in the order it
 * happened, and a wait for a number of entries: every add signals a condition, so a waiting test
 * wakes as soon as the entry it needs is there, and never polls or sleeps.
 */
final class Recording<T> {
  /** How many entries an {@link AssertionError} shows; the rest are counted. */
  static final int SHOWN = 20;

  private final String what;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition added = lock.newCondition();
  private final List<T> entries = new ArrayList<>();

  /** @param what the entries' name in a failure message, such as {@code messages} */
  Recording(String what) {
    this.what = what;
  }

  void add(T entry) {
    lock.lock();
    try {
      entries.add(entry);
      added.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Adds all, at once: a waiting test never sees part of them. */
  void addAll(List<? extends T> more) {
    lock.lock();
    try {
      entries.addAll(more);
      added.signalAll();
    } finally {
      lock.unlock();
    }
  }

  List<T> snapshot() {
    lock.lock();
    try {
      return List.copyOf(entries);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until there are at least {@code count} entries.
   *
   * @return every entry so far
   * @throws AssertionError when the time is up first (or the thread is interrupted: its flag is set
   *     again), saying what did arrive
   */
  List<T> await(int count, Duration timeout) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be 0 or more, but was " + count);
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
    }
    long nanos = saturatedNanos(timeout);
    lock.lock();
    try {
      while (entries.size() < count) {
        if (nanos <= 0) {
          throw new AssertionError(failure(count, "within " + timeout));
        }
        try {
          nanos = added.awaitNanos(nanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(failure(count, "before the wait was interrupted"), e);
        }
      }
      return List.copyOf(entries);
    } finally {
      lock.unlock();
    }
  }

  private static long saturatedNanos(Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE; // about 292 years: no test waits that long
    }
  }

  /** Called with the lock held. */
  private String failure(int count, String when) {
    StringBuilder message = new StringBuilder("expected at least ").append(count).append(' ').append(what)
        .append(' ').append(when).append(", but ").append(entries.size()).append(" arrived");
    if (entries.isEmpty()) {
      return message.toString();
    }
    message.append(':');
    for (int i = 0; i < Math.min(SHOWN, entries.size()); i++) {
      // Entries hold what the application under test sent: escaped and cut, so the message stays readable.
      message.append("\n  ").append(i + 1).append(". ").append(Text.excerpt(String.valueOf(entries.get(i))));
    }
    if (entries.size() > SHOWN) {
      message.append("\n  ... and ").append(entries.size() - SHOWN).append(" more");
    }
    return message.toString();
  }
}
