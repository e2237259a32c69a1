package org.vumi.go.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One attempt of an operation, as a {@link ClientListener} sees it. Holds no credential: its
 * {@link #toString()} is safe to log.
 *
 * @param api the API the attempt went to
 * @param operation the operation's name: the client method that ran it, such as {@code "getContact"} or
 *     {@code "setOptOut"} (an asynchronous form has its blocking form's name); for the conversation
 *     API, {@code "send"} for every message (sendText, sendVoice, replyTo, sendAll all send through
 *     it) and {@code "fireMetric"}
 * @param method the HTTP method: {@code GET}, {@code PUT}, {@code POST} or {@code DELETE}
 * @param path the request's path, percent-encoded as sent: it holds keys (a conversation's or a
 *     contact's), never a query, user info, token or password
 * @param attempt the attempt's number, from 1
 * @param status the answer's HTTP status, if an answer came; empty when the attempt started or failed
 * @param failure why no answer came, if none came: the HTTP client's exception, or the operation's
 *     when it ended before this attempt was sent (its deadline passed, or the caller cancelled it);
 *     empty when the attempt started or answered
 * @param duration from handing the request to the HTTP client to the answer read or the failure;
 *     zero when the attempt started and for an attempt that was never sent
 */
public record AttemptInfo(Api api, String operation, String method, String path, int attempt, OptionalInt status,
    Optional<Exception> failure, Duration duration) {
  /**
   * Makes the value.
   *
   * @param api the API the attempt went to
   * @param operation the operation's name
   * @param method the HTTP method
   * @param path the request's path, percent-encoded as sent
   * @param attempt the attempt's number, from 1
   * @param status the answer's HTTP status, if an answer came
   * @param failure why no answer came, if none came
   * @param duration the attempt's time on the wire
   * @throws NullPointerException if an argument is null
   */
  public AttemptInfo {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(duration, "duration");
  }
}
