package io.streamsql.cluster.connectors.files;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDate;
import java.util.UUID;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/** The JSON leaf converter for each primitive and logical Parquet type (docs/connectors.md). */
final class JsonLeafConverters {
  /** Julian day number of 1970-01-01, the epoch of legacy INT96 timestamps' day part. */
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private JsonLeafConverters() {}

  /** {@code slot} null: the leaf is a map's key. */
  static JsonLeafConverter of(PrimitiveType type, JsonOut out, JsonSlot slot) {
    LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
    if (annotation instanceof DecimalLogicalTypeAnnotation decimal) {
      return decimal(decimal.getScale(), out, slot);
    }
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return new JsonLeafConverter(out, slot) {
          @Override
          public void addBoolean(boolean value) {
            emitBoolean(value);
          }
        };
      case INT32:
        return int32(annotation, out, slot);
      case INT64:
        return int64(annotation, out, slot);
      case INT96:
        return new JsonLeafConverter(out, slot) {
          @Override
          public void addBinary(Binary value) {
            emitString(int96Timestamp(value));
          }
        };
      case FLOAT:
        return new JsonLeafConverter(out, slot) {
          @Override
          public void addFloat(float value) {
            emitFloat(value);
          }
        };
      case DOUBLE:
        return new JsonLeafConverter(out, slot) {
          @Override
          public void addDouble(double value) {
            emitDouble(value);
          }
        };
      default:
        return binary(annotation, out, slot);
    }
  }

  private static JsonLeafConverter decimal(int scale, JsonOut out, JsonSlot slot) {
    // One converter serves the three physical layouts of DECIMAL: INT32, INT64 and big-endian
    // two's-complement bytes.
    return new JsonLeafConverter(out, slot) {
      @Override
      public void addInt(int value) {
        emitDecimal(BigDecimal.valueOf(value, scale));
      }

      @Override
      public void addLong(long value) {
        emitDecimal(BigDecimal.valueOf(value, scale));
      }

      @Override
      public void addBinary(Binary value) {
        emitDecimal(new BigDecimal(new BigInteger(value.getBytes()), scale));
      }
    };
  }

  private static JsonLeafConverter int32(LogicalTypeAnnotation annotation, JsonOut out, JsonSlot slot) {
    if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return new JsonLeafConverter(out, slot) {
        @Override
        public void addInt(int value) {
          emitString(LocalDate.ofEpochDay(value).toString());
        }
      };
    }
    if (annotation instanceof TimeLogicalTypeAnnotation time) {
      TimeUnit unit = time.getUnit();
      return new JsonLeafConverter(out, slot) {
        @Override
        public void addInt(int value) {
          emitString(TemporalText.time(value * TemporalText.nanosPer(unit), unit));
        }
      };
    }
    if (annotation instanceof IntLogicalTypeAnnotation integer && !integer.isSigned() && integer.getBitWidth() == 32) {
      return new JsonLeafConverter(out, slot) {
        @Override
        public void addInt(int value) {
          emitLong(Integer.toUnsignedLong(value));
        }
      };
    }
    return new JsonLeafConverter(out, slot) {
      @Override
      public void addInt(int value) {
        emitInt(value);
      }
    };
  }

  private static JsonLeafConverter int64(LogicalTypeAnnotation annotation, JsonOut out, JsonSlot slot) {
    if (annotation instanceof TimeLogicalTypeAnnotation time) {
      TimeUnit unit = time.getUnit();
      return new JsonLeafConverter(out, slot) {
        @Override
        public void addLong(long value) {
          emitString(TemporalText.time(value * TemporalText.nanosPer(unit), unit));
        }
      };
    }
    if (annotation instanceof TimestampLogicalTypeAnnotation timestamp) {
      TimeUnit unit = timestamp.getUnit();
      boolean utc = timestamp.isAdjustedToUTC();
      long perSecond = NANOS_PER_SECOND / TemporalText.nanosPer(unit);
      long nanosPerUnit = TemporalText.nanosPer(unit);
      return new JsonLeafConverter(out, slot) {
        @Override
        public void addLong(long value) {
          long seconds = Math.floorDiv(value, perSecond);
          int nanos = (int) (Math.floorMod(value, perSecond) * nanosPerUnit);
          emitString(TemporalText.dateTime(seconds, nanos, unit, utc));
        }
      };
    }
    if (ParquetSqlTypes.isUnsigned(annotation)) {
      return new JsonLeafConverter(out, slot) {
        @Override
        public void addLong(long value) {
          emitRawNumber(Long.toUnsignedString(value));
        }
      };
    }
    return new JsonLeafConverter(out, slot) {
      @Override
      public void addLong(long value) {
        emitLong(value);
      }
    };
  }

  private static JsonLeafConverter binary(LogicalTypeAnnotation annotation, JsonOut out, JsonSlot slot) {
    if (annotation instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
      return new JsonLeafConverter(out, slot) {
        @Override
        public void addBinary(Binary value) {
          // A copy of the buffer's position and order: the reader may share the buffer.
          ByteBuffer bytes = value.toByteBuffer().duplicate().order(ByteOrder.BIG_ENDIAN);
          emitString(new UUID(bytes.getLong(bytes.position()), bytes.getLong(bytes.position() + 8)).toString());
        }
      };
    }
    if (ParquetSqlTypes.isText(annotation)) {
      return new JsonLeafConverter(out, slot) {
        @Override
        public void addBinary(Binary value) {
          emitString(value.toStringUsingUTF8());
        }
      };
    }
    return new JsonLeafConverter(out, slot) {
      @Override
      public void addBinary(Binary value) {
        emitBase64(value);
      }
    };
  }

  /**
   * A legacy INT96 timestamp (Impala, Hive, older Spark): 8 little-endian bytes of nanoseconds
   * within the day, then 4 of the Julian day. Those writers store instants, so the text ends in Z.
   */
  static String int96Timestamp(Binary value) {
    ByteBuffer bytes = value.toByteBuffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = bytes.getLong(bytes.position());
    long julianDay = bytes.getInt(bytes.position() + 8);
    long epochSecond = (julianDay - JULIAN_EPOCH_DAY) * 86_400L + Math.floorDiv(nanosOfDay, NANOS_PER_SECOND);
    int nanos = (int) Math.floorMod(nanosOfDay, NANOS_PER_SECOND);
    return TemporalText.dateTime(epochSecond, nanos, TimeUnit.NANOS, true);
  }
}
