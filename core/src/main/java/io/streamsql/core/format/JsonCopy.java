package io.streamsql.core.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Copies JSON tokens from a parser to a generator without changing any number: numbers are
 * written as the text they were read from ({@code 1.10} stays {@code 1.10},
 * {@code 10.1234512345123451234} keeps every digit), never passed through {@code double}.
 * Copying the text is also cheaper than converting it.
 */
public final class JsonCopy {
  private JsonCopy() {}

  /** Copies the parser's current token. */
  public static void copyToken(JsonParser parser, JsonGenerator out) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      out.writeNumber(parser.getText());
    } else {
      out.copyCurrentEvent(parser);
    }
  }

  /**
   * Copies the value that starts at the parser's current token (a scalar, or a whole object or
   * array); leaves the parser on its last token. The parser must hold the whole value (a
   * blocking parser over complete input).
   */
  public static void copyValue(JsonParser parser, JsonGenerator out) throws IOException {
    int depth = 0;
    do {
      JsonToken token = parser.currentToken();
      copyToken(parser, out);
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) depth++;
      else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) depth--;
      if (depth == 0) return;
    } while (parser.nextToken() != null);
    throw new IllegalStateException("JSON value ended early");
  }
}
