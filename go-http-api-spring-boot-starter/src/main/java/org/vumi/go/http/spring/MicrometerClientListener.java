package org.vumi.go.http.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import java.util.Locale;
import org.vumi.go.http.AttemptInfo;
import org.vumi.go.http.ClientListener;

/**
 * Records each attempt's duration in the timer {@value #NAME}. The tags have few values each (no
 * path, no key, no address), so the number of series stays small: {@code api} (such as
 * {@code conversation}, {@code opt_outs}), {@code operation} (such as {@code sendText}),
 * {@code method}, {@code status} (the HTTP status, or {@code IO_ERROR} when no answer came, as
 * Micrometer's OkHttp listener has it) and {@code outcome} ({@code SUCCESS}, {@code CLIENT_ERROR},
 * {@code SERVER_ERROR}, ..., or {@code UNKNOWN} without an answer).
 */
final class MicrometerClientListener implements ClientListener {
  /** The timer's name; OkHttp's own Micrometer listener uses another ({@code okhttp.requests}). */
  static final String NAME = "vumi.go.client.requests";

  private final MeterRegistry registry;

  MicrometerClientListener(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void attemptEnded(AttemptInfo attempt) {
    boolean answered = attempt.status().isPresent();
    Timer.builder(NAME)
        .description("One attempt of a request to Vumi Go's HTTP APIs by go-http-api, retries counted one by one")
        .tag("api", attempt.api().name().toLowerCase(Locale.ROOT))
        .tag("operation", attempt.operation())
        .tag("method", attempt.method())
        .tag("status", answered ? Integer.toString(attempt.status().getAsInt()) : "IO_ERROR")
        .tag("outcome", answered ? Outcome.forStatus(attempt.status().getAsInt()).name() : Outcome.UNKNOWN.name())
        .register(registry)
        .record(attempt.duration());
  }

  @Override
  public String toString() {
    return "MicrometerClientListener{" + NAME + "}";
  }
}
