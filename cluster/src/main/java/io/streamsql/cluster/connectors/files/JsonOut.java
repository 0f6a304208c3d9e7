package io.streamsql.cluster.connectors.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * Compact JSON for one record at a time, into a reused buffer. Parquet's converters cannot throw
 * checked exceptions, and writing to memory fails only on a bug (such as a value without a key),
 * so this rethrows unchecked.
 */
final class JsonOut {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private final JsonGenerator generator;

  JsonOut() {
    try {
      generator = FACTORY.createGenerator(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Records are handed out one by one, so no separator between root values.
    generator.setRootValueSeparator(null);
  }

  /** The bytes of the record written since the last call. */
  byte[] takeRecord() {
    try {
      generator.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] record = buffer.toByteArray();
    buffer.reset();
    return record;
  }

  void startObject() {
    try {
      generator.writeStartObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void endObject() {
    try {
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void startArray() {
    try {
      generator.writeStartArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void endArray() {
    try {
      generator.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void field(SerializableString name) {
    try {
      generator.writeFieldName(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void field(String name) {
    try {
      generator.writeFieldName(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void nullValue() {
    try {
      generator.writeNull();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void bool(boolean value) {
    try {
      generator.writeBoolean(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void number(int value) {
    try {
      generator.writeNumber(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void number(long value) {
    try {
      generator.writeNumber(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void number(float value) {
    try {
      generator.writeNumber(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void number(double value) {
    try {
      generator.writeNumber(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Plain notation with the value's exact scale: {@code 12.30}, never {@code 1.23E+1}. */
  void number(BigDecimal value) {
    try {
      generator.writeNumber(value.toPlainString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A number already in JSON notation. */
  void rawNumber(String digits) {
    try {
      generator.writeNumber(digits);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void string(String value) {
    try {
      generator.writeString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Base64, as JSON text. */
  void binary(byte[] bytes, int offset, int length) {
    try {
      generator.writeBinary(bytes, offset, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
