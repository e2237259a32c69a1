package org.vumi.go.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH microbenchmarks of the library's own work per message: building the request body and
 * reading the answer (the bytes copied out first, as OkHttp hands them over). Run with
 * {@code mvn -B -q -pl go-http-api test-compile exec:exec@jmh}, which adds {@code -prof gc} for bytes allocated
 * per operation ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
  private final byte[] answer = ("{\"from_addr_type\": null, \"transport_name\": null, \"transport_metadata\": {},"
      + " \"group\": null, \"timestamp\": \"2016-03-22 13:50:23.123456\", \"from_addr\": null, \"message_type\": \"user_message\","
      + " \"provider\": null, \"to_addr\": \"+27831234567\", \"to_addr_type\": null, \"content\": \"Your code is 123456\","
      + " \"routing_metadata\": {\"endpoint_name\": \"default\"}, \"message_version\": \"20110921\", \"transport_type\": null,"
      + " \"helper_metadata\": {\"go\": {\"conversation_type\": \"http_api_nostream\", \"user_account\": \"acc-key\","
      + " \"conversation_key\": \"conv-key\"}}, \"in_reply_to\": null, \"session_event\": null,"
      + " \"message_id\": \"4802dff631854967a4e27cca50f73e6b\"}").getBytes(UTF_8);
  private final String content = "Your code is 123456";

  /** The message value and its JSON body, as {@code sendText} makes them. */
  @Benchmark
  public byte[] buildBody() {
    return Json.messageBody(OutboundMessage.text("+27831234567", content), null);
  }

  /** The answer read into a {@link SentMessage}. */
  @Benchmark
  public SentMessage readAnswer() throws IOException {
    byte[] received = answer.clone();
    return new SentMessage(received, Json.readMessageId(received));
  }

  /** The fair floor's body: the same JSON from a generator of one shared factory, no value object, no checks. */
  @Benchmark
  public byte[] floorBuildBody() {
    return org.vumi.go.http.bench.FairFloor.messageBody("+27831234567", content);
  }

  /** The fair floor's read: {@code message_id} in one streaming pass (the bytes copied out first, as here). */
  @Benchmark
  public String floorReadAnswer() throws IOException {
    return org.vumi.go.http.bench.FairFloor.messageId(answer.clone());
  }

  /** Both: the library's whole own work for one message. */
  @Benchmark
  public SentMessage buildAndRead() throws IOException {
    byte[] body = Json.messageBody(OutboundMessage.text("+27831234567", content), null);
    byte[] received = answer.clone();
    return body.length > 0 ? new SentMessage(received, Json.readMessageId(received)) : null;
  }
}
