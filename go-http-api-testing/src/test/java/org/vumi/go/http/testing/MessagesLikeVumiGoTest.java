package org.vumi.go.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Message bodies are read as Python 2's {@code json.loads} reads them and checked as vumi-go's
 * {@code resource.py} checks them; where that code raises, the request is never answered.
 */
class MessagesLikeVumiGoTest {
  final VumiGoEmulator vumiGo = VumiGoEmulatorTest.start();
  final Http http = new Http(vumiGo);

  @AfterEach
  void stop() {
    vumiGo.close();
  }

  String inbound() {
    return vumiGo.addInboundMessage("conv-key", "+27831234567", "*120*123#", "ussd").messageId();
  }

  @Test
  void whatPythonsJsonRefusesIsAnInvalidMessage() throws IOException {
    String valid = "{\"to_addr\": \"+2345\", \"content\": \"x\"}";
    List<byte[]> bodies = List.of((valid + " trailing").getBytes(StandardCharsets.UTF_8),
        (valid + valid).getBytes(StandardCharsets.UTF_8),
        ("\uFEFF" + valid).getBytes(StandardCharsets.UTF_8),
        valid.getBytes(StandardCharsets.UTF_16LE),
        valid.getBytes(StandardCharsets.UTF_16),
        "{\"to_addr\": \"+2345\", \"content\": +Infinity}".getBytes(StandardCharsets.UTF_8),
        "{\"to_addr\": \"+2345\", \"content\": -INF}".getBytes(StandardCharsets.UTF_8));
    for (byte[] body : bodies) {
      VumiGoEmulatorTest.Answer answer = http.put("messages.json", body);
      assertEquals("400 Invalid Message", answer.code() + " " + answer.reason(), new String(body, StandardCharsets.UTF_8));
    }
    assertEquals(List.of(), vumiGo.messages());
    assertEquals(200, http.put("messages.json", valid + " \r\n\t").code(), "trailing whitespace is fine");
  }

  @Test
  void nanAndInfinityAreNumbersToPython() throws IOException {
    for (String literal : List.of("NaN", "Infinity", "-Infinity")) {
      assertEquals("400 Invalid or missing value for payload key 'content'",
          http.reason("messages.json", "{\"to_addr\": \"+2345\", \"content\": " + literal + "}"), literal);
    }
  }

  @Test
  void aLoneSurrogateComesBackAsTheSameEscape() throws IOException {
    VumiGoEmulatorTest.Answer answer = http.put("messages.json", "{\"to_addr\": \"+2345\", \"content\": \"a\\ud83db\"}");
    assertEquals(200, answer.code());
    assertTrue(answer.body().toLowerCase().contains("\"a\\ud83db\""), answer.body());
    assertEquals("a\ud83db", answer.json().get("content").asText());
    assertTrue(answer.body().chars().allMatch(c -> c < 0x80), "json.dumps escapes all but ASCII");
    assertEquals("a\ud83db", vumiGo.messages().get(0).content());
  }

  @Test
  void anExplicitNullAddressTypeIsLookedUpAsNone() throws IOException {
    vumiGo.optOut("acc-key", "+5432");
    VumiGoEmulatorTest.Answer answer = http.put("messages.json",
        "{\"to_addr\": \"+5432\", \"content\": \"foo\", \"to_addr_type\": null}");
    assertEquals(200, answer.code(), "the opt-out looked up is None:+5432");
    assertEquals(1, vumiGo.messages().size());
    vumiGo.optOut("acc-key", "None", "+5432");
    assertEquals("400 Recipient with None +5432 has opted out",
        http.reason("messages.json", "{\"to_addr\": \"+5432\", \"content\": \"foo\", \"to_addr_type\": null}"));
  }

  @Test
  void optOutsAreLookedUpByPythonsStringOfTheAddress() throws IOException {
    vumiGo.optOut("acc-key", "4321").optOut("acc-key", "True").optOut("acc-key", "[u'+1']");
    assertEquals("400 Recipient with msisdn 4321 has opted out", http.reason("messages.json", "{\"to_addr\": 4321}"));
    assertEquals("400 Recipient with msisdn True has opted out", http.reason("messages.json", "{\"to_addr\": true}"));
    assertEquals("400 Recipient with msisdn [u'+1'] has opted out",
        http.reason("messages.json", "{\"to_addr\": [\"+1\"]}"));
  }

  @Test
  void anyAddressTypeIsFormattedIntoTheOptOutId() throws IOException {
    vumiGo.optOut("acc-key", "+5432").optOut("acc-key", "5", "+1");
    assertEquals(200, http.put("messages.json", "{\"to_addr\": \"+5432\", \"to_addr_type\": 5}").code());
    assertEquals("400 Recipient with 5 +1 has opted out",
        http.reason("messages.json", "{\"to_addr\": \"+1\", \"to_addr_type\": 5}"));
  }

  @Test
  void aSessionEventOfAnotherTypeIsInvalid() throws IOException {
    String id = inbound();
    for (String event : List.of("true", "1.0", "\"CLOSE\"")) {
      assertEquals("400 Invalid or missing value for payload key 'session_event'", http.reason("messages.json",
          "{\"content\": \"x\", \"in_reply_to\": \"" + id + "\", \"session_event\": " + event + "}"), event);
    }
  }

  @Test
  void anOptedOutNonAsciiAddressIsNeverAnswered() throws IOException {
    vumiGo.optOut("acc-key", "\u00fcmlaut-addr");
    http.assertHeld("messages.json", "{\"to_addr\": \"\u00fcmlaut-addr\", \"content\": \"x\"}");
    assertEquals(200, http.put("messages.json", "{\"to_addr\": \"\u00fcber\", \"content\": \"x\"}").code(),
        "only the opt-out message fails");
    assertEquals(1, vumiGo.messages().size());
  }

  @Test
  void aReplyKeepsTheLoadBalancerMetadata() throws IOException {
    JsonNode reply = http.put("messages.json", "{\"content\": \"x\", \"in_reply_to\": \"" + inbound() + "\","
        + " \"helper_metadata\": {\"load_balancer\": {\"key\": \"v\"}, \"voice\": {}}}").json();
    assertEquals("{\"key\":\"v\"}", reply.get("helper_metadata").get("load_balancer").toString());
    assertTrue(reply.get("helper_metadata").get("voice") == null);
    assertEquals("conv-key", reply.get("helper_metadata").get("go").get("conversation_key").asText());
    assertEquals("{\"key\":\"v\"}", vumiGo.messages().get(0).json().get("helper_metadata").get("load_balancer").toString());
  }

  @Test
  void aReplyWhoseHelperMetadataIsNotAnObjectIsNeverAnswered() {
    String id = inbound();
    for (String helperMetadata : List.of("\"x\"", "null", "[]", "5")) {
      http.assertHeld("messages.json", "{\"content\": \"x\", \"in_reply_to\": \"" + id + "\", \"helper_metadata\": "
          + helperMetadata + "}");
    }
    assertEquals(List.of(), vumiGo.messages());
  }

  @Test
  void aSessionEventThatCannotBeHashedIsNeverAnswered() {
    String id = inbound();
    http.assertHeld("messages.json", "{\"content\": \"x\", \"in_reply_to\": \"" + id + "\", \"session_event\": [\"close\"]}");
    http.assertHeld("messages.json", "{\"content\": \"x\", \"in_reply_to\": \"" + id + "\", \"session_event\": {}}");
  }

  @Test
  void withALengthLimitContentMustBePresentAndHaveALength() throws IOException {
    vumiGo.contentLengthLimit("conv-key", 10);
    String id = inbound();
    http.assertHeld("messages.json", "{\"to_addr\": \"+1234\"}");
    http.assertHeld("messages.json", "{\"in_reply_to\": \"" + id + "\"}");
    http.assertHeld("messages.json", "{\"to_addr\": \"+1234\", \"content\": 2989}");
    http.assertHeld("messages.json", "{\"to_addr\": \"+1234\", \"content\": true}");
    assertEquals("400 Errors:\n* Invalid or missing value for payload key 'content'\n* Payload content too long: 11 > 10",
        http.reason("messages.json", "{\"to_addr\": \"+1234\", \"content\": [\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\","
            + "\"a\",\"a\",\"a\",\"a\"]}"));
    assertEquals("400 Invalid or missing value for payload key 'content'",
        http.reason("messages.json", "{\"to_addr\": \"+1234\", \"content\": {\"a\": 1}}"));
    assertEquals(200, http.put("messages.json", "{\"to_addr\": \"+1234\", \"content\": null}").code());
    vumiGo.noContentLengthLimit("conv-key");
    assertEquals(200, http.put("messages.json", "{\"to_addr\": \"+1234\"}").code());
  }
}
