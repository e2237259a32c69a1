package org.vumi.go.http.internal;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import kotlin.jvm.JvmClassMappingKt;
import kotlin.reflect.KClass;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * How far one attempt got. OkHttp runs network interceptors only once it holds a connection, just
 * before the request is written; an attempt that fails before {@link Marker} ran has certainly
 * sent nothing, so trying again cannot duplicate it. Once the body is handed over, what remains is
 * waiting for the answer, which tells a read timeout from a write timeout.
 */
final class Attempt {
  /**
   * The network interceptor of one engine's client, last among its network interceptors: marks the
   * progress of each attempt, and keeps OkHttp's hands off a 503's {@code Retry-After}. OkHttp reads
   * that header as a number of seconds: at 0 it sends a request without a body again on its own,
   * unseen (a delete that reached the server twice in one attempt), and past an {@code int} it throws
   * a NumberFormatException out of the call after the server answered. So the header is moved aside
   * into the attempt, out of OkHttp's sight, and the engine reads it from there ({@link #retryAfter}):
   * every request on the wire is an attempt.
   *
   * <p>It finds a request's attempt by the call it runs in ({@link Chain#call()}): the body of the
   * request the engine gave that call (a {@link OneShotBody}, whatever interceptors made of the
   * request since) holds it; for a request without a body, the engine {@link #track tracks} the
   * call until it has returned. A caller's {@code Call.Factory} makes calls the engine never sees
   * (the wrapper's call runs one of the client's inside it), so such an engine
   * {@linkplain #findByTag() finds attempts by a tag} on their request instead. The tag is not the default because OkHttp keys tags by a Kotlin {@code KClass},
   * and the first one in a JVM initialises Kotlin's class references: 57 classes and 25 to 40 ms
   * of a cold JVM's time, on its first request.
   */
  static final class Marker implements Interceptor {
    private final ConcurrentHashMap<Call, Attempt> byCall = new ConcurrentHashMap<>();
    private volatile boolean byTag;

    /** The engine's calls are made by a caller's {@code Call.Factory}: attempts travel in their request's tag. */
    void findByTag() {
      byTag = true;
    }

    boolean byTag() {
      return byTag;
    }

    /** A call without a {@link OneShotBody} that the engine's own client made for {@code attempt}, about to run. */
    void track(Call call, Attempt attempt) {
      byCall.put(call, attempt);
    }

    /** The call has returned its response or failure: its interceptors have run for the last time. */
    void untrack(Call call) {
      if (!byCall.isEmpty()) { // a message's call never is tracked: spare it the identity hash a lookup makes
        byCall.remove(call);
      }
    }

    /** How many calls are tracked now: none once every operation has ended. */
    int tracked() {
      return byCall.size();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      Attempt attempt;
      if (byTag) {
        attempt = chain.request().tag(Tag.KEY);
      } else if (chain.call().request().body() instanceof OneShotBody body) {
        attempt = body.attempt(); // a message or a metric: no map on the path every send takes
      } else {
        attempt = byCall.get(chain.call());
      }
      if (attempt != null) {
        attempt.requestStarted = true;
      }
      Response response = chain.proceed(chain.request());
      if (response.code() != 503 || attempt == null) {
        return response; // OkHttp reads Retry-After only on a 503
      }
      String retryAfter = response.header("Retry-After");
      if (retryAfter == null || !isNumber(retryAfter)) {
        return response; // a date, or nothing: OkHttp does not follow up
      }
      attempt.retryAfter = retryAfter;
      return response.newBuilder().removeHeader("Retry-After").build();
    }
  }

  /**
   * The key of a request's attempt among its tags, for an engine whose calls a caller's
   * {@code Call.Factory} makes (see {@link Marker}). OkHttp keys tags by a Kotlin {@code KClass}: its
   * {@code Class} methods make one per call. This one is made once, by the first request that needs it.
   */
  static final class Tag {
    static final KClass<Attempt> KEY = JvmClassMappingKt.getKotlinClass(Attempt.class);

    private Tag() {}
  }

  final int number;
  /** When the request was handed to the HTTP client, in the engine's clock's terms. */
  final long startNanos;
  /** When its answer was read or its failure met; 0 until then. */
  volatile long endNanos;
  volatile boolean requestStarted;
  volatile boolean bodyWritten;
  /** A 503's numeric {@code Retry-After}, moved out of OkHttp's sight by {@link Marker}. */
  volatile @Nullable String retryAfter;
  /** The answer's status, or -1 while none came. */
  volatile int status = -1;
  /** What ended the attempt without an answer, if anything did. */
  volatile @Nullable IOException failure;

  Attempt(int number, long startNanos) {
    this.number = number;
    this.startNanos = startNanos;
  }

  void end(long nanos) {
    endNanos = nanos == 0 ? 1 : nanos;
  }

  /** Its time on the wire: to its end, or to {@code now} if it has not ended. */
  long duration(long now) {
    long end = endNanos;
    return Math.max(0, (end == 0 ? now : end) - startNanos);
  }

  private static boolean isNumber(String value) {
    String digits = value.strip();
    return !digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
