package io.streamsql.cluster.connectors.files;

import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/**
 * Turns each Parquet record straight into compact JSON object bytes, without building an object
 * tree: the converters write to a Jackson generator as record assembly walks the columns.
 */
final class JsonRecordMaterializer extends RecordMaterializer<byte[]> {
  private final JsonOut out = new JsonOut();
  private final GroupConverter root;

  JsonRecordMaterializer(MessageType schema) {
    root = new StructJsonConverter(schema, JsonSlot.NONE, out, new JsonConverters(out));
  }

  @Override
  public byte[] getCurrentRecord() {
    return out.takeRecord();
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }
}
