package org.vumi.consumer.okhttp4;

import okhttp3.OkHttp;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.testing.VumiGoEmulator;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.http.GET;

/**
 * Sends one text through the library and makes one call through Retrofit (built on OkHttp 4), both on
 * the one OkHttp that the BOM left on the class path.
 */
public final class Main {
  /** The other SDK's API: any path on the emulator will do; without credentials it answers 401. */
  interface OtherSdk {
    @GET("status")
    retrofit2.Call<ResponseBody> status();
  }

  public static void main(String[] args) throws Exception {
    // Which OkHttp runs must not depend on class-path order: only the 5.x okhttp-jvm may be there.
    String location = OkHttpClient.class.getProtectionDomain().getCodeSource().getLocation().toString();
    if (!OkHttp.VERSION.startsWith("5.") || !location.contains("okhttp-jvm")) {
      throw new AssertionError("OkHttp " + OkHttp.VERSION + " loaded from " + location);
    }
    try (VumiGoEmulator vumiGo = VumiGoEmulator.start()) {
      vumiGo.addConversation("acc-key", "conv-key", "conv-token");
      ConversationSender sender =
          new HttpApiSender("acc-key", "conv-key", "conv-token", vumiGo.apiUrl(), null);
      SentMessage sent = sender.sendText("+27831234567", "Hello beside OkHttp 4");
      if (vumiGo.messages().size() != 1 || !sent.messageId().equals(vumiGo.messages().get(0).messageId())) {
        throw new AssertionError("the emulator did not record the message sent: " + vumiGo.messages());
      }

      // The other SDK, compiled against OkHttp 4, calling through the same OkHttp 5.
      OkHttpClient otherClient = new OkHttpClient();
      OtherSdk otherSdk = new Retrofit.Builder().baseUrl(vumiGo.apiUrl() + "/").client(otherClient).build()
          .create(OtherSdk.class);
      Response<ResponseBody> response = otherSdk.status().execute();
      if (response.code() != 401) {
        throw new AssertionError("Retrofit's call did not reach the emulator: HTTP " + response.code());
      }
      response.errorBody().close();
      otherClient.dispatcher().executorService().shutdown();
      otherClient.connectionPool().evictAll();
      System.out.println("okhttp4: Retrofit got HTTP " + response.code() + " from the emulator, as expected");
      System.out.println("okhttp4: OkHttp " + OkHttp.VERSION + "; sent message id " + sent.messageId());
    }
  }
}
