package io.streamsql.core.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON objects from a body that is one object, an array of objects, or newline-delimited
 * (or simply concatenated) objects. Uses Jackson's non-blocking parser so chunks can be fed as
 * they arrive. The parser validates each object and finds its key; the stored value is the
 * object's own bytes with the whitespace between tokens dropped ({@link CompactJson}), so numbers
 * and strings stay exactly as written and nothing is re-encoded.
 */
public final class JsonRecordReader implements RecordReader {
  private final JsonParser parser;
  private final ByteArrayFeeder feeder;
  private final String keyField;
  private final int maxRecordBytes;

  private boolean inTopArray;
  private boolean sawTopArray;
  private int depth;
  /** Bytes of the record in progress that came in earlier chunks. */
  private byte[] carried = new byte[256];
  private int carriedLength;
  /** The chunk being parsed and the body offset of its first byte. */
  private byte[] chunk = new byte[0];
  private long chunkStart;
  private long recordStartByte;
  private long recordLine;
  private boolean expectKeyValue;
  private String keyJson;
  private boolean finished;

  public JsonRecordReader(String keyField, int maxRecordBytes) {
    try {
      this.parser = Json.MAPPER.getFactory().createNonBlockingByteArrayParser();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    this.keyField = keyField == null || keyField.isBlank() ? null : keyField;
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public void feed(byte[] chunk, List<ParsedRecord> out) {
    try {
      this.chunkStart += this.chunk.length;
      this.chunk = chunk;
      feeder.feedInput(chunk, 0, chunk.length);
      drain(out);
      carryRecordInProgress();
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void finish(List<ParsedRecord> out) {
    if (finished) return;
    finished = true;
    try {
      chunkStart += chunk.length;
      chunk = new byte[0];
      feeder.endOfInput();
      drain(out);
      if (depth > 0 || inTopArray) {
        JsonLocation loc = parser.currentLocation();
        throw new StreamSqlException(
            ErrorCode.MALFORMED_RECORD,
            "Body ends inside a JSON value that starts at line " + (depth > 0 ? recordLine : loc.getLineNr()),
            Map.of("line", depth > 0 ? recordLine : loc.getLineNr()));
      }
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Keeps the bytes of this chunk that belong to a record not yet complete. */
  private void carryRecordInProgress() {
    if (depth == 0) return;
    int from = (int) Math.max(0, recordStartByte - chunkStart);
    int n = chunk.length - from;
    if (carriedLength + n > carried.length) carried = Arrays.copyOf(carried, Math.max(carried.length * 2, carriedLength + n));
    System.arraycopy(chunk, from, carried, carriedLength, n);
    carriedLength += n;
  }

  private void drain(List<ParsedRecord> records) throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
      if (depth == 0) {
        onTopLevel(token);
      } else {
        onInsideRecord(token, records);
      }
    }
    if (depth > 0 && parser.currentLocation().getByteOffset() - recordStartByte > maxRecordBytes) {
      throw tooLarge();
    }
  }

  private void onTopLevel(JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT -> startRecord();
      case START_ARRAY -> {
        if (inTopArray || sawTopArray) throw notAnObject("an array inside the top-level array");
        inTopArray = true;
        sawTopArray = true;
      }
      case END_ARRAY -> inTopArray = false;
      default -> throw notAnObject("a " + token.name().toLowerCase().replace('_', ' '));
    }
  }

  private void startRecord() throws IOException {
    JsonLocation loc = parser.currentTokenLocation();
    // Jackson's non-blocking parser locates a token after its first byte, here the '{'.
    recordStartByte = loc.getByteOffset() - 1;
    recordLine = loc.getLineNr();
    carriedLength = 0;
    depth = 1;
    keyJson = null;
    expectKeyValue = false;
  }

  private void onInsideRecord(JsonToken token, List<ParsedRecord> records) throws IOException {
    if (depth == 1 && token == JsonToken.FIELD_NAME) {
      expectKeyValue = keyField != null && keyField.equals(parser.currentName());
    } else if (depth == 1 && expectKeyValue) {
      captureKey(token);
      expectKeyValue = false;
    }
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      depth++;
    } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
      depth--;
      if (depth == 0) {
        long end = parser.currentLocation().getByteOffset();
        if (end - recordStartByte > maxRecordBytes) throw tooLarge();
        int from = (int) Math.max(0, recordStartByte - chunkStart);
        byte[] value = CompactJson.compact(carried, carriedLength, chunk, from, (int) (end - chunkStart));
        records.add(new ParsedRecord(value, keyJson, recordLine));
        carriedLength = 0;
      }
    }
  }

  private void captureKey(JsonToken token) throws IOException {
    switch (token) {
      case VALUE_STRING -> keyJson = quote(parser.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> keyJson = parser.getText();
      case VALUE_NULL -> keyJson = null;
      default -> throw new StreamSqlException(
          ErrorCode.MALFORMED_RECORD,
          "Key field '" + Excerpt.of(keyField) + "' of the record at line " + recordLine + " must be a string, number or boolean",
          Map.of("line", recordLine, "key_field", keyField));
    }
  }

  /** The JSON text of a string, as Jackson writes it (an ObjectMapper call per key was a top cost). */
  static String quote(String text) {
    StringBuilder json = new StringBuilder(text.length() + 2).append('"');
    JsonStringEncoder.getInstance().quoteAsString(text, json);
    return json.append('"').toString();
  }

  private StreamSqlException notAnObject(String what) {
    JsonLocation loc = parser.currentTokenLocation();
    return new StreamSqlException(
        ErrorCode.MALFORMED_RECORD,
        "Expected a JSON object at line " + loc.getLineNr() + ", column " + loc.getColumnNr() + " but found " + what,
        Map.of("line", loc.getLineNr(), "column", loc.getColumnNr()));
  }

  private StreamSqlException tooLarge() {
    return new StreamSqlException(
        ErrorCode.RECORD_TOO_LARGE,
        "The record starting at line " + recordLine + " is larger than the limit of " + maxRecordBytes + " bytes",
        Map.of("line", recordLine, "max_record_bytes", maxRecordBytes));
  }

  private StreamSqlException malformed(JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    long line = loc == null ? -1 : loc.getLineNr();
    long column = loc == null ? -1 : loc.getColumnNr();
    return new StreamSqlException(
        ErrorCode.MALFORMED_RECORD,
        "Malformed JSON at line " + line + ", column " + column + ": " + Excerpt.ofMessage(e.getOriginalMessage(), 200),
        Map.of("line", line, "column", column),
        e);
  }
}
