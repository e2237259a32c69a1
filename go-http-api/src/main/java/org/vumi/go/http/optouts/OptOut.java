package org.vumi.go.http.optouts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.vumi.go.http.internal.Text;

/**
 * An opt-out record as the opt-outs API returns it: on Vumi Go (the Riak backend),
 * {@code {"created_at": "2015-11-10 20:33:03.742409", "message": null, "user_account": "fxxxeee"}}.
 *
 * <p>The server's record does not hold the address or its type; its shape depends on the server's
 * backend (its in-memory test backend answers {@code {"id", "address_type", "address"}}), so the
 * record as received is kept whole in {@link #json()} and the accessors answer null for what it
 * lacks. Immutable.
 */
public final class OptOut {
  private static final DateTimeFormatter VUMI_DATE = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart()
      .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
      .optionalEnd()
      .toFormatter();

  private final @Nullable Instant createdAt;
  private final @Nullable String message;
  private final @Nullable String userAccount;
  private final String json;

  private OptOut(@Nullable Instant createdAt, @Nullable String message, @Nullable String userAccount,
      String json) {
    this.createdAt = createdAt;
    this.message = message;
    this.userAccount = userAccount;
    this.json = json;
  }

  /** Reads the server's {@code opt_out} object; null when it is not an object. */
  static @Nullable OptOut fromJson(@Nullable JsonNode record) {
    if (record == null || !record.isObject()) {
      return null;
    }
    // A tree's toString() is its JSON.
    return new OptOut(parseVumiDate(text(record, "created_at")), text(record, "message"),
        text(record, "user_account"), record.toString());
  }

  private static @Nullable String text(JsonNode record, String field) {
    JsonNode value = record.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /**
   * Vumi's {@code YYYY-MM-DD HH:MM:SS.ffffff}, UTC without a zone; null when absent or in another
   * form, so that a record from another backend still reads.
   */
  static @Nullable Instant parseVumiDate(@Nullable String timestamp) {
    if (timestamp == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(timestamp, VUMI_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Returns when the opt-out was recorded.
   *
   * @return the server's {@code created_at} (UTC), or null when the record has none in Vumi's form
   */
  public @Nullable Instant createdAt() {
    return createdAt;
  }

  /**
   * Returns the id of the inbound message the opt-out came from. Opt-outs set through this API have none.
   *
   * @return the message id, or null
   */
  public @Nullable String message() {
    return message;
  }

  /**
   * Returns the account the opt-out belongs to.
   *
   * @return the server's {@code user_account}, or null when the record has none
   */
  public @Nullable String userAccount() {
    return userAccount;
  }

  /**
   * Returns the record as the server sent it, whatever its backend's shape.
   *
   * @return a JSON object
   */
  public String json() {
    return json;
  }

  /**
   * Two opt-outs are equal when the server sent the same record.
   *
   * @param other another object
   * @return true for the same JSON record
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof OptOut that && json.equals(that.json);
  }

  @Override
  public int hashCode() {
    return Objects.hash(json);
  }

  /**
   * Shows the record.
   *
   * @return {@code OptOut{createdAt=…, message=…, userAccount=…}}
   */
  @Override
  public String toString() {
    return "OptOut{createdAt=" + createdAt + ", message=" + Text.quote(message) + ", userAccount="
        + Text.quote(userAccount) + "}";
  }
}
