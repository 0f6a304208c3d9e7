package io.streamsql.cluster.connectors.files;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/** The SQL type text (docs/connectors.md, Files) of each Parquet column. */
final class ParquetSqlTypes {
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ParquetSqlTypes() {}

  static List<FileColumn> columns(MessageType schema) {
    List<FileColumn> columns = new ArrayList<>(schema.getFieldCount());
    for (Type field : schema.getFields()) {
      columns.add(new FileColumn(field.getName(), ofField(field)));
    }
    return columns;
  }

  /** A field's type: a repeated field without a LIST annotation is an array of its type. */
  static String ofField(Type field) {
    String type = of(field);
    return field.isRepetition(Type.Repetition.REPEATED) ? "ARRAY<" + type + ">" : type;
  }

  /** A type regardless of its repetition. */
  static String of(Type type) {
    if (type.isPrimitive()) {
      return primitive(type.asPrimitiveType());
    }
    GroupType group = type.asGroupType();
    LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
    if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      return "ARRAY<" + of(ListShape.of(group).element()) + ">";
    }
    if (isMap(annotation)) {
      MapShape map = MapShape.of(group);
      // A key-only map (a set) has no value type; its values read as null.
      String value = map.value() == null ? "STRING" : of(map.value());
      return "MAP<" + of(map.key()) + ", " + value + ">";
    }
    StringBuilder struct = new StringBuilder("STRUCT<");
    for (int i = 0; i < group.getFieldCount(); i++) {
      Type field = group.getType(i);
      if (i > 0) {
        struct.append(", ");
      }
      struct.append(fieldName(field.getName())).append(' ').append(ofField(field));
    }
    return struct.append('>').toString();
  }

  static boolean isMap(LogicalTypeAnnotation annotation) {
    return annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
        || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation;
  }

  private static String primitive(PrimitiveType type) {
    LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
    if (annotation instanceof DecimalLogicalTypeAnnotation decimal) {
      return "DECIMAL(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
    }
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return "BOOLEAN";
      case INT32:
        if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return "DATE";
        }
        if (annotation instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
          return "TIME";
        }
        // An unsigned 32-bit value can exceed INT.
        return isUnsigned(annotation) && ((IntLogicalTypeAnnotation) annotation).getBitWidth() == 32 ? "BIGINT" : "INT";
      case INT64:
        if (annotation instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
          return "TIME";
        }
        if (annotation instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
          return "TIMESTAMP";
        }
        // An unsigned 64-bit value can exceed BIGINT.
        return isUnsigned(annotation) ? "DECIMAL(20,0)" : "BIGINT";
      case INT96:
        return "TIMESTAMP";
      case FLOAT:
      case DOUBLE:
        return "DOUBLE";
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        return isText(annotation) ? "STRING" : "BYTES";
      default:
        throw new IllegalStateException("unknown Parquet type " + type);
    }
  }

  static boolean isUnsigned(LogicalTypeAnnotation annotation) {
    return annotation instanceof IntLogicalTypeAnnotation integer && !integer.isSigned();
  }

  /** Binary values read as JSON text rather than base64. */
  static boolean isText(LogicalTypeAnnotation annotation) {
    return annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
        || annotation instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
        || annotation instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation;
  }

  private static String fieldName(String name) {
    return PLAIN_NAME.matcher(name).matches() ? name : "`" + name.replace("`", "``") + "`";
  }
}
