package org.vumi.go.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.vumi.go.http.testing.VumiGoEmulator;

/** One VumiGo drives all five APIs against the emulator, on one HTTP client, and closes cleanly. */
class VumiGoEndToEndTest {

  static List<Thread> libraryThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("go-http-api"))
        .collect(Collectors.toList());
  }

  @Test
  void oneVumiGoDrivesAllFiveApisOnOneClientAndLeavesNoThreadWhenClosed() throws Exception {
    try (VumiGoEmulator emulator = VumiGoEmulator.start()) {
      emulator.addAuthToken("acc-key", "api-token").addConversation("acc-key", "conv-key", "conv-token")
          .addCampaignConversation("acc-key", "survey", "jsbox", "Survey", "A short survey", "running");
      VumiGo vumiGo = VumiGo.builder().apiToken("api-token").apiUrl(emulator.goApiUrl()).build();

      HttpApiSender sender = vumiGo.conversation("acc-key", "conv-key", "conv-token");
      assertEquals("Hello", sender.sendText("+27831234567", "Hello").content());
      assertTrue(vumiGo.optOuts().setOptOut("msisdn", "+27831239999") != null);
      assertTrue(vumiGo.optOuts().getOptOut("msisdn", "+27831239999").isPresent());
      assertEquals(1, vumiGo.metrics().fire(Map.of("registrations.sum", 1.0)).size());
      String key = vumiGo.contacts().createContact(Map.of("msisdn", "+27831230001", "name", "Thandi")).key();
      assertEquals(1L, vumiGo.contacts().contacts().filter(c -> c.key().equals(key)).count());
      assertEquals(1, vumiGo.account().campaigns().size());

      OkHttpClient shared = sharedClient(sender);
      for (Object client : List.of(vumiGo.optOuts(), vumiGo.metrics(), vumiGo.contacts(), vumiGo.account())) {
        assertTrue(sharedClient(client).connectionPool() == shared.connectionPool(), client + " shares the pool");
      }

      vumiGo.close();
      for (Thread thread : libraryThreads()) {
        thread.join(30_000); // a pool winds down after its tasks: wait for it, bounded
      }
      assertEquals(List.of(), libraryThreads().stream().filter(Thread::isAlive).map(Thread::getName)
          .collect(Collectors.toList()), "threads of the library still running after close()");
      assertFalse(vumiGo.toString().contains("api-token"));
    }
  }

  /** The OkHttp client a client of this library sends with, read from its engine. */
  static OkHttpClient sharedClient(Object client) throws ReflectiveOperationException {
    java.lang.reflect.Field field = client.getClass().getDeclaredField("engine");
    field.setAccessible(true);
    return ((org.vumi.go.http.internal.Engine) field.get(client)).client();
  }
}
