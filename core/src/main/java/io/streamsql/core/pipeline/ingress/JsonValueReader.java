package io.streamsql.core.pipeline.ingress;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.format.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Splits a JSON body, fed in chunks of any size, into records: each top-level value, or with
 * {@code array=true} each element of a top-level array. Jackson's non-blocking parser takes the
 * bytes, so a chunk may end mid-token or mid-character; the tokens of the record in progress are
 * kept in a {@link TokenBuffer} and turned into a tree when the record closes. Nothing else of the
 * body is kept, which bounds memory by one record (checked against {@code maxRecordBytes}).
 */
final class JsonValueReader {
  /** Receives each complete record with its 1-based number. */
  interface Sink {
    void record(long number, JsonNode value);
  }

  private final JsonParser parser;
  private final ByteArrayFeeder feeder;
  private final boolean array;
  private final int maxRecordBytes;

  private long records;
  private long bytesFed;
  private boolean inTopArray;
  private long topArrayLine;
  /** Tokens of the record in progress, or null between records. */
  private TokenBuffer buffer;
  private int nesting;
  private long recordStartByte;
  private long recordLine;
  private long recordColumn;

  JsonValueReader(boolean array, int maxRecordBytes) {
    try {
      this.parser = Json.MAPPER.getFactory().createNonBlockingByteArrayParser();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    this.array = array;
    this.maxRecordBytes = maxRecordBytes;
  }

  void feed(byte[] chunk, Sink sink) {
    if (chunk.length == 0) return;
    try {
      feeder.feedInput(chunk, 0, chunk.length);
      bytesFed += chunk.length;
      drain(sink);
      // The record may still be open, possibly mid-token inside Jackson: its bytes so far count.
      if (buffer != null && bytesFed - recordStartByte > maxRecordBytes) throw tooLarge();
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void finish(Sink sink) {
    try {
      feeder.endOfInput();
      drain(sink);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (buffer != null) {
      throw new IngressFormatException(
          records,
          "Record " + records + ": the body ends inside the JSON value that starts at line " + recordLine
              + ", column " + recordColumn + " (truncated)",
          Map.of("line", recordLine, "column", recordColumn),
          null);
    }
    if (inTopArray) {
      throw new IngressFormatException(
          records + 1,
          "Record " + (records + 1) + ": the body ends inside the JSON array that starts at line " + topArrayLine + " (truncated)",
          Map.of("line", topArrayLine),
          null);
    }
  }

  private void drain(Sink sink) throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
      if (buffer == null && !startRecord(token)) continue;
      buffer.copyCurrentEvent(parser);
      if (token.isStructStart()) nesting++;
      else if (token.isStructEnd()) nesting--;
      if (nesting == 0) endRecord(sink);
    }
  }

  /** Handles a token between records; false if it opens or closes a top-level array instead. */
  private boolean startRecord(JsonToken token) {
    JsonLocation at = parser.currentTokenLocation();
    if (array && !inTopArray) {
      if (token != JsonToken.START_ARRAY) {
        throw new IngressFormatException(
            records + 1,
            "Record " + (records + 1) + ": with array=true each top-level value must be a JSON array of updates, found "
                + describe(token) + " at line " + at.getLineNr() + ", column " + at.getColumnNr(),
            Map.of("line", at.getLineNr(), "column", at.getColumnNr()),
            null);
      }
      inTopArray = true;
      topArrayLine = at.getLineNr();
      return false;
    }
    if (array && token == JsonToken.END_ARRAY) {
      inTopArray = false;
      return false;
    }
    records++;
    // The non-blocking parser places a token just after its first byte.
    recordStartByte = Math.max(0, at.getByteOffset() - 1);
    recordLine = at.getLineNr();
    recordColumn = at.getColumnNr();
    buffer = new TokenBuffer(parser);
    nesting = 0;
    return true;
  }

  private void endRecord(Sink sink) throws IOException {
    if (parser.currentLocation().getByteOffset() - recordStartByte > maxRecordBytes) throw tooLarge();
    JsonNode value;
    try (JsonParser tokens = buffer.asParser(Json.MAPPER)) {
      value = Json.MAPPER.readTree(tokens);
    }
    buffer = null;
    sink.record(records, value);
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name().toLowerCase();
    };
  }

  private IngressFormatException tooLarge() {
    return new IngressFormatException(
        records,
        "Record " + records + ": the JSON value starting at line " + recordLine + ", column " + recordColumn
            + " is larger than the limit of " + maxRecordBytes + " bytes",
        Map.of("line", recordLine, "column", recordColumn, "max_record_bytes", maxRecordBytes),
        null);
  }

  private IngressFormatException malformed(JsonProcessingException e) {
    long record = buffer != null ? records : records + 1;
    JsonLocation loc = e.getLocation();
    long line = loc == null ? -1 : loc.getLineNr();
    long column = loc == null ? -1 : loc.getColumnNr();
    long offset = loc == null ? -1 : loc.getByteOffset();
    return new IngressFormatException(
        record,
        "Record " + record + ": malformed JSON at line " + line + ", column " + column + " (byte " + offset + "): "
            + Excerpt.ofMessage(e.getOriginalMessage(), 200),
        Map.of("line", line, "column", column, "byte", offset),
        e);
  }
}
