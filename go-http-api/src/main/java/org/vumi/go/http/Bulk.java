package org.vumi.go.http;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import org.vumi.go.http.internal.Checks;

/**
 * Bulk sending: the whole input checked before anything is sent, a window of turns, and one
 * outcome per message, in input order, whatever happens (an interrupt included).
 */
final class Bulk {
  private Bulk() {}

  static Exception unwrap(Throwable error) {
    Throwable cause = error instanceof CompletionException || error instanceof ExecutionException
        ? error.getCause() : error;
    if (cause instanceof Exception exception) {
      return exception;
    }
    throw (Error) cause; // an Error is not an outcome
  }

  /** The messages as a list, refusing a null one by its index before anything is sent. */
  static List<OutboundMessage> checked(Iterable<OutboundMessage> messages) {
    Checks.requireNonNull(messages, "messages");
    List<OutboundMessage> checked = new ArrayList<>();
    for (OutboundMessage message : messages) {
      if (message == null) {
        throw new NullPointerException("messages[" + checked.size() + "] must not be null; nothing was sent");
      }
      checked.add(message);
    }
    return checked;
  }

  static CompletableFuture<SendOutcome> outcome(ConversationSender sender, OutboundMessage message) {
    return sender.sendAsync(message).handle((sent, error) -> error == null
        ? SendOutcome.sent(message, sent) : SendOutcome.failed(message, unwrap(error)));
  }

  /**
   * A Collection is checked whole before anything is sent. Any other Iterable (a stream, say) is
   * taken only as turns come free, so that it is never held in memory whole; its elements are
   * checked as they are taken, and a null ends the call once those taken before it have finished.
   */
  static List<SendOutcome> sendAll(ConversationSender sender, Iterable<OutboundMessage> messages, int window) {
    Iterable<OutboundMessage> all = messages instanceof java.util.Collection<?> ? checked(messages)
        : Checks.requireNonNull(messages, "messages");
    Semaphore turns = new Semaphore(window);
    List<CompletableFuture<SendOutcome>> outcomes = new ArrayList<>();
    boolean interrupted = false;
    for (OutboundMessage message : all) {
      if (message == null) {
        CompletableFuture.allOf(outcomes.toArray(new CompletableFuture<?>[0])).join();
        throw new NullPointerException("messages[" + outcomes.size() + "] must not be null; the "
            + outcomes.size() + " messages before it were taken and have finished, none after it was sent");
      }
      if (!interrupted) {
        try {
          turns.acquire();
          outcomes.add(outcome(sender, message).whenComplete((outcome, impossible) -> turns.release()));
          continue;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      outcomes.add(CompletableFuture.completedFuture(SendOutcome.failed(message, notTaken())));
    }
    // Those already handed to the sender end within its deadline and report what really happened.
    List<SendOutcome> done = new ArrayList<>(outcomes.size());
    for (CompletableFuture<SendOutcome> outcome : outcomes) {
      done.add(outcome.join());
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return done;
  }

  private static TransportException notTaken() {
    return new TransportException("interrupted before this message was taken; nothing was sent",
        new InterruptedIOException("interrupted"), 0, false, null);
  }

  static CompletableFuture<List<SendOutcome>> sendAllAsync(ConversationSender sender, List<OutboundMessage> messages) {
    List<CompletableFuture<SendOutcome>> outcomes = new ArrayList<>();
    for (OutboundMessage message : checked(messages)) {
      outcomes.add(outcome(sender, message));
    }
    return CompletableFuture.allOf(outcomes.toArray(new CompletableFuture<?>[0]))
        .thenApply(done -> outcomes.stream().map(CompletableFuture::join).toList());
  }
}
