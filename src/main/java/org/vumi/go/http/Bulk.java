package org.vumi.go.http;

import org.vumi.go.http.internal.Checks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/** Bulk sending with a window: the next message is taken only when a turn is free. */
final class Bulk {
  private Bulk() {}

  static Exception unwrap(Throwable error) {
    Throwable cause = error instanceof CompletionException || error instanceof ExecutionException
        ? error.getCause() : error;
    if (cause instanceof Exception) {
      return (Exception) cause;
    }
    throw (Error) cause; // an Error is not an outcome
  }

  static List<SendOutcome> sendAll(ConversationSender sender, Iterable<OutboundMessage> messages, int window) {
    Checks.requireNonNull(messages, "messages");
    Semaphore turns = new Semaphore(window);
    List<CompletableFuture<SendOutcome>> outcomes = new ArrayList<>();
    try {
      for (OutboundMessage message : messages) {
        Checks.requireNonNull(message, "message");
        turns.acquire();
        outcomes.add(sender.sendAsync(message)
            .handle((sent, error) -> error == null ? SendOutcome.sent(message, sent) : SendOutcome.failed(message, unwrap(error)))
            .whenComplete((outcome, impossible) -> turns.release()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcomes.forEach(outcome -> outcome.cancel(true));
      throw new CompletionException("interrupted while sending; messages not yet taken were not sent", e);
    }
    List<SendOutcome> done = new ArrayList<>(outcomes.size());
    for (CompletableFuture<SendOutcome> outcome : outcomes) {
      done.add(outcome.join());
    }
    return done;
  }
}
