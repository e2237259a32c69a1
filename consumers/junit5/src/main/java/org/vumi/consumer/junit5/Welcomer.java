package org.vumi.consumer.junit5;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.DeliveryStatus;
import org.vumi.go.http.Event;
import org.vumi.go.http.EventType;
import org.vumi.go.http.push.PushReceiver;

/**
 * The application under test: welcomes new users by SMS, and keeps what Vumi Go pushes back about
 * each welcome (its events, given to {@link #onEvent} by the application's push endpoint).
 */
public final class Welcomer implements PushReceiver.Callback<Event> {
  private final ConversationSender sender;
  private final Map<String, DeliveryStatus> delivered = new ConcurrentHashMap<>();
  private final Map<String, String> acked = new ConcurrentHashMap<>();

  /**
   * Welcomes through this sender.
   *
   * @param sender the conversation to send from
   */
  public Welcomer(ConversationSender sender) {
    this.sender = sender;
  }

  /**
   * Sends the welcome.
   *
   * @param msisdn the new user's number
   * @param name the new user's name
   * @return the message id Vumi Go gave the welcome
   * @throws IOException if it could not be sent
   */
  public String welcome(String msisdn, String name) throws IOException {
    return sender.sendText(msisdn, "Welcome, " + name + "!").messageId();
  }

  /** Records an ack (with the transport's own id) or a delivery report (with its status). */
  @Override
  public void handle(Event event) {
    if (event.eventType() == EventType.ACK && event.sentMessageId() != null) {
      acked.put(event.userMessageId(), event.sentMessageId());
    } else if (event.eventType() == EventType.DELIVERY_REPORT && event.deliveryStatus() != null) {
      delivered.put(event.userMessageId(), event.deliveryStatus());
    }
  }

  /**
   * Says whether a welcome was acked by the transport.
   *
   * @param messageId the id {@link #welcome} returned
   * @return whether an ack for it arrived
   */
  public boolean acked(String messageId) {
    return acked.containsKey(messageId);
  }

  /**
   * Says what the network reported on a welcome's delivery.
   *
   * @param messageId the id {@link #welcome} returned
   * @return the status, or null when no delivery report arrived
   */
  public DeliveryStatus deliveryStatus(String messageId) {
    return delivered.get(messageId);
  }
}
