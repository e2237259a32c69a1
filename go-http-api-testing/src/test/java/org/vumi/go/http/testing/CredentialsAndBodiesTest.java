package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import okhttp3.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials are read as Twisted reads them, in UTF-8 and before any byte of the body; bodies are
 * bounded; the emulator's settings are checked.
 */
class CredentialsAndBodiesTest {
  final VumiGoEmulator vumiGo = VumiGoEmulatorTest.start();
  final Http http = new Http(vumiGo);

  @AfterEach
  void stop() {
    vumiGo.close();
  }

  static String basic(String credentials) {
    return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keysAndTokensAreUtf8() throws IOException {
    vumiGo.addConversation("\u00e4cc", "conv-\u00fc", "t\u00f6ken");
    VumiGoEmulatorTest.Answer answer = http.raw("PUT", VumiGoEmulator.API_PATH + "/conv-%C3%BC/messages.json",
        "{\"to_addr\": \"+1\"}".getBytes(StandardCharsets.UTF_8), Credentials.basic("\u00e4cc", "t\u00f6ken",
            StandardCharsets.UTF_8));
    assertEquals(200, answer.code());
    assertEquals(401, http.raw("PUT", VumiGoEmulator.API_PATH + "/conv-%C3%BC/messages.json", new byte[0],
        Credentials.basic("\u00e4cc", "t\u00f6ken", StandardCharsets.ISO_8859_1)).code(), "Latin-1 is not UTF-8");
  }

  @Test
  void theGuardReadsBase64AsPython2Does() {
    assertArrayEquals("ab".getBytes(StandardCharsets.UTF_8), BasicAuth.a2bBase64("Y!W\nI="));
    assertArrayEquals("ab".getBytes(StandardCharsets.UTF_8), BasicAuth.a2bBase64("YWI=trailing"));
    assertNull(BasicAuth.a2bBase64("YWI"), "Incorrect padding");
    assertArrayEquals("ab".getBytes(StandardCharsets.UTF_8), BasicAuth.a2bBase64("YWI==="));
    assertArrayEquals(new byte[] {'a', 0x0c}, BasicAuth.a2bBase64("YQ=x="), "a lone pad at the third place is skipped");
    assertArrayEquals("a".getBytes(StandardCharsets.UTF_8), BasicAuth.a2bBase64("YQ==x"), "two pads end it");
    assertNull(BasicAuth.a2bBase64("YQ=x"));
    assertEquals(new BasicAuth.Credentials("acc-key", "conv-token"), BasicAuth.guard(
        VumiGoEmulatorTest.AUTH.replace("=", "")));
    assertEquals(new BasicAuth.Credentials("acc-key", "conv-token"), BasicAuth.guard("basic  " + VumiGoEmulatorTest.AUTH
        .substring(6)));
    assertNull(BasicAuth.guard("Basic\t" + VumiGoEmulatorTest.AUTH.substring(6)));
    assertNull(BasicAuth.guard(basic("a:b").replace("Basic ", "Bearer ")));
    assertNull(BasicAuth.guard("Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', ':', (byte) 0xff})));
    assertEquals("acc-key", BasicAuth.requestUser(" BASIC\t" + VumiGoEmulatorTest.AUTH.substring(6) + " "));
    assertNull(BasicAuth.requestUser(Credentials.basic("acc-key", "conv-toke").replace("=", "")),
        "getUser decodes strictly");
    assertNull(BasicAuth.requestUser(VumiGoEmulatorTest.AUTH + " more"));
    assertNull(BasicAuth.requestUser(basic("nocolon")));
    assertNull(BasicAuth.requestUser(null));
  }

  @Test
  void credentialsTheGuardTakesButGetUserCannotReadAreNeverAnswered() throws IOException {
    String unpadded = Credentials.basic("acc-key", "conv-toke").replace("=", "");
    assertTrue(BasicAuth.requestUser(unpadded) == null && BasicAuth.guard(unpadded) != null, unpadded);
    vumiGo.addConversation("acc-key", "conv-key", "conv-toke");
    http.assertHeld("messages.json", "{\"to_addr\": \"+1\", \"content\": \"x\"}".getBytes(StandardCharsets.UTF_8), unpadded);
    http.assertHeld("metrics.json", "[[\"m\", 1, \"sum\"]]".getBytes(StandardCharsets.UTF_8), unpadded);
    assertEquals(List.of(), vumiGo.messages());
    assertEquals(List.of(), vumiGo.metrics());
    VumiGoEmulatorTest.Answer notJson = http.raw("PUT", VumiGoEmulator.API_PATH + "/conv-key/messages.json",
        "nope".getBytes(StandardCharsets.UTF_8), unpadded);
    assertEquals("Invalid Message", notJson.reason(), "the body is read before the account is used");
  }

  @Test
  void extraSpacesAndWordsInTheHeaderAreReadAsTwistedReadsThem() throws IOException {
    byte[] send = "{\"to_addr\": \"+1\", \"content\": \"x\"}".getBytes(StandardCharsets.UTF_8);
    String path = VumiGoEmulator.API_PATH + "/conv-key/messages.json";
    assertEquals(200, http.raw("PUT", path, send, "Basic  " + VumiGoEmulatorTest.AUTH.substring(6)).code());
    assertEquals(200, http.raw("PUT", path, send, VumiGoEmulatorTest.AUTH + "!!").code(), "base64 skips the rest");
    // Padded base64 ends at its pad for the guard, but getUser() wants exactly two words: account "".
    vumiGo.addConversation("acc-key", "conv-key", "conv-toke");
    http.assertHeld("messages.json", send, Credentials.basic("acc-key", "conv-toke") + " extra");
    assertEquals(401, http.raw("PUT", path, send, VumiGoEmulatorTest.AUTH + " extra").code(),
        "unpadded, the extra word is decoded too: incorrect padding");
  }

  @Test
  void credentialsAreCheckedBeforeTheBodyIsRead() throws IOException {
    String answer = http.headOnly("PUT " + VumiGoEmulator.API_PATH + "/conv-key/messages.json HTTP/1.1\r\n"
        + "Host: x\r\nAuthorization: " + Credentials.basic("acc-key", "wrong") + "\r\n"
        + "Content-Length: 1073741824\r\n\r\n", Duration.ofSeconds(5));
    assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
  }

  @Test
  void aDeclaredBodyPastTheLimitIs413BeforeItIsRead() throws IOException {
    String answer = http.headOnly("PUT " + VumiGoEmulator.API_PATH + "/conv-key/messages.json HTTP/1.1\r\n"
        + "Host: x\r\nAuthorization: " + VumiGoEmulatorTest.AUTH + "\r\n"
        + "Content-Length: " + (VumiGoEmulator.MAX_REQUEST_BODY_BYTES + 1L) + "\r\n\r\n", Duration.ofSeconds(5));
    assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
  }

  @Test
  void aChunkedBodyPastTheLimitIs413() throws IOException {
    byte[] body = new byte[VumiGoEmulator.MAX_REQUEST_BODY_BYTES + 1];
    java.util.Arrays.fill(body, (byte) ' ');
    okhttp3.RequestBody chunked = new okhttp3.RequestBody() {
      @Override
      public okhttp3.MediaType contentType() {
        return Http.JSON;
      }

      @Override
      public long contentLength() {
        return -1; // sent chunked: the emulator cannot know the size in advance
      }

      @Override
      public void writeTo(okio.BufferedSink sink) throws IOException {
        sink.write(body);
      }
    };
    okhttp3.Request request = new okhttp3.Request.Builder().url(vumiGo.apiUrl() + "/conv-key/messages.json")
        .header("Authorization", VumiGoEmulatorTest.AUTH).put(chunked).build();
    int code;
    try (okhttp3.Response response = http.client.newCall(request).execute()) {
      code = response.code();
      assertTrue(response.body().string().contains("at most " + VumiGoEmulator.MAX_REQUEST_BODY_BYTES + " bytes"));
    } catch (IOException resetWhileWriting) {
      code = 413; // the emulator may answer and close before the client has written it all
    }
    assertEquals(413, code);
    assertEquals(List.of(), vumiGo.messages());
    byte[] atTheLimit = new byte[VumiGoEmulator.MAX_REQUEST_BODY_BYTES];
    java.util.Arrays.fill(atTheLimit, (byte) ' ');
    byte[] json = "{\"to_addr\": \"+1\"}".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(json, 0, atTheLimit, 0, json.length);
    assertEquals(200, http.put("messages.json", atTheLimit).code(), "a body of exactly the limit is read");
  }

  @Test
  void settingsAreChecked() {
    assertEquals("responseDelay must not be negative, but was PT-0.001S", assertThrows(IllegalArgumentException.class,
        () -> vumiGo.responseDelay(Duration.ofMillis(-1))).getMessage());
    assertEquals("limit must be 0 or more, but was -1; use noConcurrencyLimit() for none",
        assertThrows(IllegalArgumentException.class, () -> vumiGo.concurrencyLimit(-1)).getMessage());
    assertEquals("contentLengthLimit must be 0 or more, but was -1; use noContentLengthLimit(conversationKey) for none",
        assertThrows(IllegalArgumentException.class, () -> vumiGo.contentLengthLimit("conv-key", -1)).getMessage());
    assertThrows(NullPointerException.class, () -> vumiGo.responseDelay(null));
    assertThrows(IllegalArgumentException.class, () -> vumiGo.noContentLengthLimit("nope"));
  }

  @Test
  void noConcurrencyLimitLetsAnyNumberThrough() throws IOException {
    vumiGo.concurrencyLimit(0);
    assertEquals(403, http.put("messages.json", "{\"to_addr\": \"+1\"}").code());
    assertSame(vumiGo, vumiGo.noConcurrencyLimit());
    assertEquals(200, http.put("messages.json", "{\"to_addr\": \"+1\"}").code());
    vumiGo.concurrencyLimit(0);
    assertEquals(403, http.put("messages.json", "{\"to_addr\": \"+1\"}").code(), "a limit again after none");
  }
}
