package io.streamsql.cluster.connectors.files;

import org.apache.parquet.io.api.Converter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

/** Builds the converter tree that writes each Parquet value as JSON, type by type. */
final class JsonConverters {
  private final JsonOut out;

  JsonConverters(JsonOut out) {
    this.out = out;
  }

  /** A converter for one value of {@code type}, whatever its repetition (its container handles that). */
  Converter value(Type type, JsonSlot slot) {
    if (type.isPrimitive()) {
      return JsonLeafConverters.of(type.asPrimitiveType(), out, slot);
    }
    GroupType group = type.asGroupType();
    LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
    if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      return new ListJsonConverter(ListShape.of(group), slot, out, this);
    }
    if (ParquetSqlTypes.isMap(annotation)) {
      return new MapJsonConverter(MapShape.of(group), slot, out, this);
    }
    return new StructJsonConverter(group, slot, out, this);
  }

  /** A converter writing a map key as a JSON object key; {@link MapShape} checked it is primitive. */
  Converter key(Type type) {
    return JsonLeafConverters.of(type.asPrimitiveType(), out, null);
  }
}
