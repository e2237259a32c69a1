package org.vumi.go.http.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.vumi.go.http.HttpApiSender;
import org.vumi.go.http.UserOptedOutException;
import org.vumi.go.http.account.AccountApiClient;
import org.vumi.go.http.account.Campaign;
import org.vumi.go.http.account.Conversation;
import org.vumi.go.http.account.RoutingEntry;
import org.vumi.go.http.account.RoutingTable;
import org.vumi.go.http.metrics.MetricPoint;
import org.vumi.go.http.metrics.MetricsApiClient;
import org.vumi.go.http.optouts.OptOut;
import org.vumi.go.http.optouts.OptOutsApiClient;
import org.vumi.go.http.testing.VumiGoEmulator;

/**
 * The demo's steps for the opt-outs, metrics and account APIs, on the emulator's one account world:
 * an opt-out recorded through the opt-outs API refuses a send through the conversation API; a
 * metric fired is read back; the account's conversations and routing table are listed and changed.
 */
public final class OtherApisDemo {
  private OtherApisDemo() {}

  /**
   * Runs the steps on a running emulator; adds its own account, token and conversation.
   *
   * @param vumiGo the emulator
   * @param out where to print
   * @throws Exception if a step fails
   */
  public static void run(VumiGoEmulator vumiGo, PrintStream out) throws Exception {
    vumiGo.addConversation("other-apis-account", "other-apis-conversation", "conversation-token")
        .addAuthToken("other-apis-account", "api-token")
        .addCampaignChannel("other-apis-account", "longcode", "27831230000")
        .addCampaignConversation("other-apis-account", "survey", "jsbox", "Survey", "A short survey", "running")
        .addCampaignConversation("other-apis-account", "helpdesk", "http_api", "Help desk", "Questions in", "running");
    OkHttpClient client = new OkHttpClient();
    try {
      optOuts(vumiGo, client, out);
      metrics(vumiGo, client, out);
      account(vumiGo, client, out);
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private static void optOuts(VumiGoEmulator vumiGo, OkHttpClient client, PrintStream out) throws Exception {
    section(out, "Opt-outs API: opt a number out, and see a send refused");
    OptOutsApiClient optOuts = new OptOutsApiClient("api-token", vumiGo.goApiUrl(), client);
    HttpApiSender sender = new HttpApiSender("other-apis-account", "other-apis-conversation", "conversation-token",
        vumiGo.apiUrl(), client);
    OptOut optOut = optOuts.setOptOut("msisdn", "+27831239999");
    out.println("setOptOut(msisdn, +27831239999) <= " + optOut);
    out.println("getOptOut(msisdn, +27831239999) <= " + optOuts.getOptOut("msisdn", "+27831239999").orElseThrow());
    out.println("count() <= " + optOuts.count());
    try {
      sender.sendText("+27831239999", "Our weekly news");
      throw new IllegalStateException("the send should have been refused");
    } catch (UserOptedOutException e) {
      out.println("sendText(+27831239999) <= UserOptedOutException: " + e.reason());
    }
    out.println("deleteOptOut(msisdn, +27831239999) <= " + optOuts.deleteOptOut("msisdn", "+27831239999"));
    out.println("sendText(+27831239999) <= " + sender.sendText("+27831239999", "Welcome back").messageId());
  }

  private static void metrics(VumiGoEmulator vumiGo, OkHttpClient client, PrintStream out) throws Exception {
    section(out, "Metrics API: fire a metric, read it back");
    MetricsApiClient metrics = new MetricsApiClient("api-token", vumiGo.goApiUrl(), client);
    out.println("fire({signups.sum: 2}) <= " + metrics.fire(Map.of("signups.sum", 2.0)));
    out.println("fire({signups.sum: 3}) <= " + metrics.fire(Map.of("signups.sum", 3.0)));
    List<MetricPoint> points = metrics.getMetric("signups.sum", "-1h", "1h", "omit").points();
    out.println("getMetric(signups.sum, -1h, 1h, omit) <= " + points);
    new HttpApiSender("other-apis-account", "other-apis-conversation", "conversation-token", vumiGo.apiUrl(), client)
        .fireMetric("answers", 1, "sum");
    out.println("fired through the conversation API, read as stores.default.answers.sum <= "
        + metrics.getMetric("stores.default.answers.sum", "-1h", "1h", "omit").points());
  }

  private static void account(VumiGoEmulator vumiGo, OkHttpClient client, PrintStream out) throws Exception {
    section(out, "Account API: list the conversations, show and change the routing table");
    AccountApiClient account = new AccountApiClient("api-token", vumiGo.goApiUrl(), client);
    Campaign campaign = account.campaigns().get(0);
    out.println("campaigns() <= " + campaign);
    for (Conversation conversation : account.conversations(campaign.key())) {
      out.println("conversation " + conversation.uuid() + " (" + conversation.type() + ") \"" + conversation.name()
          + "\" " + conversation.status() + ", endpoint " + conversation.endpoints().get(0).uuid());
    }
    RoutingTable table = account.routingTable(campaign.key());
    out.println("routingTable() <= " + table);
    String channel = table.channels().get(0).endpoints().get(0).uuid();
    String survey = table.conversations().get(0).endpoints().get(0).uuid();
    account.updateRoutingTable(campaign.key(), table.withRoutingEntries(List.of(RoutingEntry.of(channel, survey),
        RoutingEntry.of(survey, channel))));
    for (RoutingEntry entry : account.routingTable(campaign.key()).routingEntries()) {
      out.println("route " + entry.source() + " -> " + entry.target());
    }
  }

  private static void section(PrintStream out, String title) {
    out.println();
    out.println("== " + title);
  }

  /**
   * Runs the steps alone, on an emulator of their own ({@link Demo} runs them after its own).
   *
   * @param args ignored
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    try (VumiGoEmulator vumiGo = VumiGoEmulator.start()) {
      run(vumiGo, System.out);
    }
  }
}
