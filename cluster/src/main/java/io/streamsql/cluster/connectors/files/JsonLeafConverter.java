package io.streamsql.cluster.connectors.files;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;

/**
 * A primitive column's values as JSON. A leaf either writes values (after asking its slot to
 * begin one) or, as a map's key, writes JSON object keys; subclasses only convert the Parquet
 * value and call one of the {@code emit} methods, which handle both cases.
 */
abstract class JsonLeafConverter extends PrimitiveConverter {
  private final JsonOut out;
  /** Null for a map key. */
  private final JsonSlot slot;

  JsonLeafConverter(JsonOut out, JsonSlot slot) {
    this.out = out;
    this.slot = slot;
  }

  final void emitBoolean(boolean value) {
    if (slot == null) {
      out.field(Boolean.toString(value));
    } else {
      slot.beginValue();
      out.bool(value);
    }
  }

  final void emitInt(int value) {
    if (slot == null) {
      out.field(Integer.toString(value));
    } else {
      slot.beginValue();
      out.number(value);
    }
  }

  final void emitLong(long value) {
    if (slot == null) {
      out.field(Long.toString(value));
    } else {
      slot.beginValue();
      out.number(value);
    }
  }

  final void emitRawNumber(String digits) {
    if (slot == null) {
      out.field(digits);
    } else {
      slot.beginValue();
      out.rawNumber(digits);
    }
  }

  final void emitDecimal(BigDecimal value) {
    if (slot == null) {
      out.field(value.toPlainString());
    } else {
      slot.beginValue();
      out.number(value);
    }
  }

  /** JSON has no NaN or infinities; they are written as the strings Java names them by. */
  final void emitFloat(float value) {
    if (slot == null || !Float.isFinite(value)) {
      emitString(Float.toString(value));
    } else {
      slot.beginValue();
      out.number(value);
    }
  }

  final void emitDouble(double value) {
    if (slot == null || !Double.isFinite(value)) {
      emitString(Double.toString(value));
    } else {
      slot.beginValue();
      out.number(value);
    }
  }

  final void emitString(String value) {
    if (slot == null) {
      out.field(value);
    } else {
      slot.beginValue();
      out.string(value);
    }
  }

  final void emitBase64(Binary value) {
    ByteBuffer bytes = value.toByteBuffer();
    if (slot == null) {
      out.field(Base64.getEncoder().encodeToString(value.getBytes()));
    } else if (bytes.hasArray()) {
      slot.beginValue();
      out.binary(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
    } else {
      slot.beginValue();
      byte[] copy = value.getBytes();
      out.binary(copy, 0, copy.length);
    }
  }
}
