package org.vumi.go.http.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A JSON body that goes to the network once only. {@link #isOneShot()} keeps OkHttp itself from
 * retrying or following a redirect with it; the refusal in {@link #writeTo} keeps anything else
 * from sending it twice: an interceptor that calls {@code chain.proceed} again after an
 * {@code IOException} or a 5xx, say, gets an exception instead of a second copy of the message.
 *
 * <p>A write before the attempt reached the network (before {@link Attempt.Marker}, the last network
 * interceptor, ran) is an interceptor copying the body to log it, and is allowed.
 */
final class OneShotBody extends RequestBody {
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final byte[] bytes;
  private final Attempt attempt;
  private final AtomicBoolean sentToNetwork = new AtomicBoolean();

  OneShotBody(byte[] bytes, Attempt attempt) {
    this.bytes = bytes;
    this.attempt = attempt;
  }

  /** The attempt that sends this body: the network interceptor finds it here (see {@link Attempt.Marker}). */
  Attempt attempt() {
    return attempt;
  }

  @Override
  public MediaType contentType() {
    return JSON;
  }

  @Override
  public long contentLength() {
    return bytes.length;
  }

  @Override
  public boolean isOneShot() {
    return true;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    if (!attempt.requestStarted) {
      sink.write(bytes); // a copy for an interceptor: nothing goes to the server
      return;
    }
    if (!sentToNetwork.compareAndSet(false, true)) {
      throw new IOException("refused to send this request body a second time (an interceptor tried to"
          + " send it again): the first copy may have reached the server");
    }
    sink.write(bytes);
    attempt.bodyWritten = true;
  }
}
