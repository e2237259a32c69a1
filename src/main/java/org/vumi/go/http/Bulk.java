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

  static List<SendOutcome> sendAll(ConversationSender sender, Iterable<OutboundMessage> messages, int window) {
    List<OutboundMessage> all = checked(messages);
    Semaphore turns = new Semaphore(window);
    List<CompletableFuture<SendOutcome>> outcomes = new ArrayList<>(all.size());
    boolean interrupted = false;
    for (OutboundMessage message : all) {
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
