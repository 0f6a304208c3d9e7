package io.streamsql.cluster.connectors.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** Writes Parquet files for tests with parquet-hadoop's example writer. */
public final class ParquetFixtures {
  private ParquetFixtures() {}

  public static MessageType schema(String text) {
    return MessageTypeParser.parseMessageType(text);
  }

  /** A row built by {@code fill} on an empty group of {@code schema}. */
  public static Group row(MessageType schema, Consumer<Group> fill) {
    Group group = new SimpleGroupFactory(schema).newGroup();
    fill.accept(group);
    return group;
  }

  /** One row group (the writer's default size is far above what tests write). */
  public static Path write(Path file, MessageType schema, List<Group> rows, CompressionCodecName codec) throws IOException {
    return write(file, schema, rows, codec, ParquetWriter.DEFAULT_BLOCK_SIZE);
  }

  /**
   * {@code rowGroupBytes}: a row group is closed once its buffered data reaches about this size; the
   * writer checks after every row so small sizes give many row groups.
   */
  public static Path write(Path file, MessageType schema, List<Group> rows, CompressionCodecName codec, long rowGroupBytes)
      throws IOException {
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withType(schema)
            .withCompressionCodec(codec)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withRowGroupSize(rowGroupBytes)
            .withPageSize(1024)
            .withMinRowCountForPageSizeCheck(1)
            .withMaxRowCountForPageSizeCheck(10)
            .build()) {
      for (Group row : rows) {
        writer.write(row);
      }
    }
    return file;
  }
}
