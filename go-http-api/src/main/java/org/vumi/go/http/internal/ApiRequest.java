package org.vumi.go.http.internal;

import java.io.IOException;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * One request for the {@link Engine} to run, and how to read its final answer.
 *
 * @param method {@code GET}, {@code PUT}, {@code POST} or {@code DELETE}
 * @param url where to send it
 * @param body the JSON body, or null for none
 * @param idempotent true if sending it twice has the effect of sending it once (reads, deletes, a
 *     PUT of a whole state): then it is also retried after it may have reached the server. False
 *     for everything that sends a message, creates or fires: retried only when the server
 *     certainly did not process it.
 * @param answerLimit the largest 2xx answer worth reading, in bytes
 * @param reader turns the final answer, whatever its status, into the result or an exception
 * @param name the operation's name for listeners and logs: the client method's, such as
 *     {@code "send"} or {@code "getContact"}
 * @param <T> the result
 */
public record ApiRequest<T>(String method, HttpUrl url, byte @Nullable [] body, boolean idempotent,
    long answerLimit, AnswerReader<T> reader, String name) {

  /**
   * Makes a request named after its HTTP method; {@link #named} gives it the operation's name.
   *
   * @param method {@code GET}, {@code PUT}, {@code POST} or {@code DELETE}
   * @param url where to send it
   * @param body the JSON body, or null for none
   * @param idempotent true if sending it twice has the effect of sending it once
   * @param answerLimit the largest 2xx answer worth reading, in bytes
   * @param reader turns the final answer into the result or an exception
   */
  public ApiRequest(String method, HttpUrl url, byte @Nullable [] body, boolean idempotent, long answerLimit,
      AnswerReader<T> reader) {
    this(method, url, body, idempotent, answerLimit, reader, method);
  }

  /**
   * Returns this request under the operation's name.
   *
   * @param name the client method's name, such as {@code "getContact"}
   * @return the same request, named
   */
  public ApiRequest<T> named(String name) {
    return new ApiRequest<>(method, url, body, idempotent, answerLimit, reader, Checks.requireNonNull(name, "name"));
  }

  /** Turns an answer into a result. */
  @FunctionalInterface
  public interface AnswerReader<T> {
    /**
     * Reads the final answer: a 2xx, or a refusal that will not be retried.
     *
     * @param answer the answer, its body read (bounded)
     * @return the result
     * @throws IOException for a refusal ({@link Answer#refusal()}) or an answer that is not what was expected
     */
    T read(Answer answer) throws IOException;
  }

  /** The default bound on an answer: generous for every API's answers, small for any heap. */
  public static final long DEFAULT_ANSWER_LIMIT = 1024 * 1024;

  /** How the request names itself in messages: method and URL, never credentials. */
  String describe() {
    return method + " " + url;
  }
}
