package org.vumi.go.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One operation (one call of a client's method, all its attempts included) once it has ended, as a
 * {@link ClientListener} sees it. Holds no credential: its {@link #toString()} is safe to log.
 *
 * @param api the API the operation called
 * @param operation the operation's name: the client method that ran it, such as {@code "getContact"} or
 *     {@code "setOptOut"} (an asynchronous form has its blocking form's name); for the conversation
 *     API, {@code "send"} for every message (sendText, sendVoice, replyTo, sendAll all send through
 *     it) and {@code "fireMetric"}
 * @param method the HTTP method: {@code GET}, {@code PUT}, {@code POST} or {@code DELETE}
 * @param path the request's path, percent-encoded as sent: it holds keys, never a query, user info,
 *     token or password
 * @param attempts how many requests were sent: 0 when none was (the deadline passed while it waited
 *     for a turn, or the caller cancelled it first)
 * @param succeeded true if the caller got a result, false if an exception
 * @param failure the exception the caller got (or the {@link java.util.concurrent.CancellationException}
 *     of a future the caller cancelled); empty when it succeeded
 * @param mayHaveBeenSent whether the server may have acted on the request: true when it succeeded;
 *     for a failure, false only when the server certainly did not
 * @param duration from the call to its outcome, waits for a turn and between attempts included
 */
public record OperationInfo(Api api, String operation, String method, String path, int attempts, boolean succeeded,
    Optional<Exception> failure, boolean mayHaveBeenSent, Duration duration) {
  /**
   * Makes the value.
   *
   * @param api the API the operation called
   * @param operation the operation's name
   * @param method the HTTP method
   * @param path the request's path, percent-encoded as sent
   * @param attempts how many requests were sent
   * @param succeeded true if the caller got a result
   * @param failure the exception the caller got, if any
   * @param mayHaveBeenSent whether the server may have acted on the request
   * @param duration from the call to its outcome
   * @throws NullPointerException if an argument is null
   */
  public OperationInfo {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(duration, "duration");
  }
}
