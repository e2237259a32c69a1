package org.vumi.go.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vumi.go.http.internal.RaceKit.Caller;

/**
 * The engine's parts at the moments their races meet, each reached on purpose: a turn granted to a
 * timed wait, a ticket abandoned after its grant, the timing thread interrupted while it waits or
 * failing to start, a task that fails for want of memory as the timer stops, a pool whose thread
 * will not start.
 */
@Timeout(60) // a ceiling reached only on failure
class EnginePartsRaceTest {
  // ---------------------------------------------------------------- Turns

  @Test
  void aTimedWaitForATurnTakesOneReleasedMeanwhile() throws Exception {
    Turns turns = new Turns(1);
    assertTrue(turns.tryAcquire(0));
    Caller<Boolean> waiter = new Caller<>("waiter", () -> turns.tryAcquire(TimeUnit.SECONDS.toNanos(30)));
    RaceKit.await(() -> turns.waiting() == 1, () -> "the waiter never queued");
    turns.release();
    assertTrue(waiter.result.get(30, TimeUnit.SECONDS), "handed the released turn");
    assertEquals(1, turns.inUse());
    assertEquals(0, turns.waiting());
    turns.release();
    assertEquals(0, turns.inUse());
  }

  @Test
  void aTicketAbandonedAfterItsGrantKeepsTheTurnAndOneAbandonedTwiceStaysAbandoned() throws Exception {
    Turns turns = new Turns(1);
    assertTrue(turns.tryAcquire(0));
    Turns.Ticket first = turns.ticket();
    Turns.Ticket second = turns.ticket();
    assertTrue(second.abandon());
    assertTrue(second.abandon(), "abandoned already");
    assertFalse(second.granted());
    turns.release();
    assertTrue(first.granted());
    assertFalse(first.abandon(), "granted first: the turn is its owner's");
    assertTrue(first.granted());
    ForkJoinPool pool = new ForkJoinPool(1);
    try {
      assertTrue(pool.submit(() -> {
        first.await(); // a pool's thread waits as managed blocking: here, not at all
        return first.granted();
      }).get(30, TimeUnit.SECONDS));
    } finally {
      pool.shutdown();
    }
    assertEquals(1, turns.inUse());
    turns.release(); // passes over the abandoned ticket
    assertEquals(0, turns.inUse());
    assertEquals(0, turns.waiting());
  }

  // ---------------------------------------------------------------- Timer

  final List<Thread> started = new CopyOnWriteArrayList<>();
  final ThreadFactory timingThreads = task -> {
    Thread thread = Threads.daemons("go-http-api timer (race test)").newThread(task);
    started.add(thread);
    return thread;
  };

  static Timed task(Runnable action) {
    return new Timed() {
      @Override
      void fire() {
        action.run();
      }
    };
  }

  @Test
  void aStoppedTimerTakesNothingMore() {
    Timer timer = new Timer(timingThreads);
    timer.stop();
    assertEquals("the library's timer is stopped",
        assertThrows(IllegalStateException.class, () -> timer.schedule(task(() -> { }), timer.nanoTime())).getMessage());
    assertEquals(0, timer.scheduled());
    assertEquals(List.of(), started);
  }

  @Test
  void aTimingThreadThatCannotStartIsStartedByTheNextSchedule() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    Timer timer = new Timer(task -> {
      if (asked.incrementAndGet() == 1) {
        throw new OutOfMemoryError("unable to create native thread");
      }
      return timingThreads.newThread(task);
    });
    try {
      CountDownLatch ran = new CountDownLatch(2);
      timer.schedule(task(ran::countDown), timer.nanoTime()); // kept, though no thread could start
      assertEquals(1, timer.scheduled());
      assertEquals(List.of(), started);
      timer.schedule(task(ran::countDown), timer.nanoTime());
      assertTrue(ran.await(30, TimeUnit.SECONDS), "both ran");
      assertEquals(2, asked.get());
      assertEquals(1, started.size());
    } finally {
      timer.stop();
    }
  }

  @Test
  void aTaskOutOfMemoryAsTheTimerStopsIsNotTriedAgain() throws Exception {
    Timer timer = new Timer(timingThreads);
    AtomicInteger runs = new AtomicInteger();
    timer.schedule(task(() -> {
      runs.incrementAndGet();
      timer.stop();
      throw new OutOfMemoryError("for a moment");
    }), timer.nanoTime());
    RaceKit.await(() -> started.size() == 1 && !started.get(0).isAlive(), () -> "the stopped timer's thread still runs");
    assertEquals(1, runs.get());
    assertEquals(0, timer.scheduled(), "not put back on a stopped timer");
  }

  @Test
  void aTaskOutOfMemoryThatRescheduledItselfIsNotScheduledTwice() throws Exception {
    Timer timer = new Timer(timingThreads);
    try {
      long now = timer.nanoTime();
      long later = now + TimeUnit.HOURS.toNanos(1);
      AtomicInteger runs = new AtomicInteger();
      Timed[] self = new Timed[1];
      self[0] = task(() -> {
        if (runs.incrementAndGet() == 1) {
          timer.schedule(self[0], later);
          throw new OutOfMemoryError("for a moment");
        }
      });
      CountDownLatch after = new CountDownLatch(1);
      timer.schedule(self[0], now);
      timer.schedule(task(after::countDown), now + 1); // runs once the failure was dealt with
      assertTrue(after.await(30, TimeUnit.SECONDS));
      assertEquals(1, timer.scheduled(), "scheduled once, where it put itself");
      assertEquals(later, self[0].at);
      assertEquals(1, runs.get());
    } finally {
      timer.stop();
    }
  }

  @Test
  void anInterruptWhileTheTimerWaitsIsClearedAndTimingGoesOn() throws Exception {
    Timer timer = new Timer(timingThreads);
    try {
      CountDownLatch first = new CountDownLatch(1);
      timer.schedule(task(first::countDown), timer.nanoTime());
      assertTrue(first.await(30, TimeUnit.SECONDS));
      Thread thread = started.get(0);
      RaceKit.await(() -> thread.getState() == Thread.State.WAITING && List.of(thread.getStackTrace()).stream()
          .anyMatch(frame -> frame.getClassName().equals(Timer.class.getName()) && frame.getMethodName().equals("next")),
          () -> "the timer does not wait for work: " + thread.getState());
      thread.interrupt();
      RaceKit.await(() -> thread.getState() == Thread.State.WAITING && !thread.isInterrupted(),
          () -> "the interrupt was not cleared: " + thread.getState());
      CountDownLatch second = new CountDownLatch(1);
      timer.schedule(task(second::countDown), timer.nanoTime());
      assertTrue(second.await(30, TimeUnit.SECONDS), "it still times");
      assertEquals(1, started.size(), "the same thread");
    } finally {
      timer.stop();
    }
  }

  // ---------------------------------------------------------------- Workers

  @Test
  void aPoolWhoseThreadWillNotStartRefusesTheTaskAndStaysUsable() throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    ThreadFactory daemons = Threads.daemons("go-http-api test pool");
    Workers pool = new Workers(task -> {
      if (broken.getAndSet(false)) {
        Thread done = daemons.newThread(() -> { });
        done.start();
        return done; // started already: start() throws
      }
      return daemons.newThread(task);
    }, 1, 1, TimeUnit.HOURS);
    AtomicInteger ran = new AtomicInteger();
    assertThrows(IllegalThreadStateException.class, () -> pool.execute(ran::incrementAndGet));
    assertEquals(0, pool.threadCount(), "the thread that never started is not counted");
    assertFalse(pool.isTerminated());
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    pool.execute(() -> {
      running.countDown();
      RaceKit.await(release, "the test lets the task end");
      ran.incrementAndGet();
    });
    RaceKit.await(running, "the task runs");
    pool.shutdown();
    assertFalse(pool.isTerminated(), "shut down, but its thread still runs a task");
    release.countDown();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    assertTrue(pool.isTerminated());
    assertEquals(1, ran.get(), "only the task handed to a thread that started ran");
  }
}
