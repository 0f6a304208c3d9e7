package io.streamsql.core.format;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * One JSON value given as bytes (a Kafka message, say), checked and stored the way uploads store
 * records: without whitespace between tokens and otherwise exactly as written, so numbers keep
 * their digits ({@code 1.10} stays {@code 1.10}) and nothing passes through a {@code double}.
 */
public final class JsonText {
  private JsonText() {}

  /**
   * The compact bytes of the single JSON value in {@code bytes}.
   *
   * @throws IOException when the bytes are not exactly one well-formed JSON value
   */
  public static byte[] compact(byte[] bytes) throws IOException {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(bytes)) {
      if (parser.nextToken() == null) throw new IOException("no JSON value (empty)");
      // Tokenizing the whole value checks its syntax without converting any number.
      parser.skipChildren();
      if (parser.nextToken() != null) throw new IOException("more than one JSON value");
    }
    return CompactJson.compact(new byte[0], 0, bytes, 0, bytes.length);
  }
}
