package org.vumi.go.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * The library's one JSON place: one {@link JsonFactory} for every body written and answer read, one
 * {@link ObjectMapper} for trees, and one loop over an object's top-level fields.
 */
public final class JsonCodec {
  /**
   * Emoji go out as UTF-8 bytes rather than as a pair of surrogate escapes; every object and array
   * is closed by the code that opened it, not patched up by the generator on close. Duplicated keys
   * are looked for only where they matter (a message's {@code message_id}): the general check
   * costs a hash set per object of every answer.
   */
  public static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
      .build();

  private JsonCodec() {}

  /** Created on first use: a tree is only needed when a caller asks for one. Trees are strict. */
  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper(FACTORY.rebuild()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * Returns the shared mapper: trailing content after the document is an error.
   *
   * @return the mapper; never reconfigure it
   */
  public static ObjectMapper mapper() {
    return Mapper.INSTANCE;
  }

  /**
   * Reads a whole document as a tree.
   *
   * @param body UTF-8 JSON
   * @return the tree
   * @throws IOException if the body is not exactly one JSON document
   */
  public static JsonNode readTree(byte[] body) throws IOException {
    JsonNode tree = Mapper.INSTANCE.readTree(body);
    if (tree == null || tree.isMissingNode()) {
      throw new IOException("no JSON document");
    }
    return tree;
  }

  /**
   * Reads a body already known to be JSON as a tree.
   *
   * @param body UTF-8 JSON read successfully before
   * @return the tree
   */
  public static JsonNode tree(byte[] body) {
    try {
      return readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("this body was read as JSON before", e);
    }
  }

  /** Takes one top-level field of an object; the parser is on its value. */
  @FunctionalInterface
  public interface FieldReader {
    /**
     * Reads or skips the value of one field.
     *
     * @param name the field's name
     * @param parser positioned on the field's value; leave it on the value's last token
     * @throws IOException if the value cannot be read
     */
    void field(String name, JsonParser parser) throws IOException;
  }

  /**
   * Walks the top-level fields of one JSON object, and refuses anything after it.
   *
   * @param body UTF-8 JSON
   * @param reader called once per field
   * @return false if the body is JSON but not an object (nothing was read)
   * @throws IOException if the body is not exactly one JSON document, or a key repeats
   */
  public static boolean readObject(byte[] body, FieldReader reader) throws IOException {
    try (JsonParser parser = FACTORY.createParser(body)) {
      if (!startObject(parser)) {
        return false;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        reader.field(name, parser);
        parser.skipChildren(); // whatever the reader left of a nested value
      }
      requireEnd(parser);
      return true;
    }
  }

  /**
   * Starts reading a document that should be one JSON object: for code that walks the fields itself
   * (as {@link #readObject} does), then ends with {@link #requireEnd}.
   *
   * @param parser a new parser over the document
   * @return true with the parser on the object's start; false if the document is JSON but not an
   *     object, which is then read to its end
   * @throws IOException if the document is not exactly one JSON document
   */
  public static boolean startObject(JsonParser parser) throws IOException {
    if (parser.nextToken() == JsonToken.START_OBJECT) {
      return true;
    }
    parser.skipChildren();
    requireEnd(parser);
    return false;
  }

  /**
   * Refuses anything after the document.
   *
   * @param parser a parser on the document's last token
   * @throws IOException if another token follows
   */
  public static void requireEnd(JsonParser parser) throws IOException {
    if (parser.nextToken() != null) {
      throw new IOException("trailing content after the JSON document");
    }
  }

  /**
   * Finds the server's explanation in an error body, in whichever envelope the API uses: a
   * top-level {@code reason} (conversation, metrics and contacts APIs), or {@code status.reason}
   * (opt-outs API).
   *
   * @param body the body as received
   * @return the reason, or null when the body is not such JSON
   */
  public static @Nullable String reasonOrNull(byte[] body) {
    try {
      JsonNode tree = readTree(body);
      JsonNode reason = tree.path("reason");
      if (!reason.isTextual()) {
        reason = tree.path("status").path("reason");
      }
      return reason.isTextual() ? reason.asText() : null;
    } catch (IOException | RuntimeException notJson) {
      return null;
    }
  }
}
