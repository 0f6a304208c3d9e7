package io.streamsql.loadtests;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes the files of the file connector benchmark: {@code csv|parquet <path> <bytes> <noteChars>}
 * writes rows (id, user, amount, day, note) until the file reaches about {@code bytes}, and prints
 * the row count. The note is random text, so Parquet cannot compress it away.
 */
public final class BenchmarkFiles {
  private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message sales { required int64 id; required binary user (STRING); required double amount; "
          + "required int32 day (DATE); required binary note (STRING); }");
  private static final char[] LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ".toCharArray();

  private BenchmarkFiles() {}

  public static void main(String[] args) throws IOException {
    String type = args[0];
    Path path = Path.of(args[1]);
    long bytes = Long.parseLong(args[2]);
    int noteChars = Integer.parseInt(args[3]);
    long rows = type.equals("csv") ? csv(path, bytes, noteChars) : parquet(path, bytes, noteChars);
    System.out.println(rows);
  }

  private static String note(SplittableRandom random, int chars) {
    char[] c = new char[chars];
    for (int i = 0; i < chars; i++) c[i] = LETTERS[random.nextInt(LETTERS.length)];
    return new String(c);
  }

  private static long csv(Path path, long bytes, int noteChars) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    long rows = 0;
    long written = 0;
    try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      String header = "id,user,amount,day,note\n";
      out.write(header);
      written += header.length();
      while (written < bytes) {
        rows++;
        String line = rows + ",user" + random.nextInt(100_000) + "," + random.nextInt(1_000_000) / 100.0 + ",2026-11-"
            + (10 + random.nextInt(18)) + "," + note(random, noteChars) + "\n";
        out.write(line);
        written += line.length();
      }
    }
    return rows;
  }

  private static long parquet(Path path, long bytes, int noteChars) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    long rows = 0;
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(path)).withType(SCHEMA)
        .withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
      // The writer's data size is checked every 10,000 rows: the file ends within one row group of the target.
      while (rows % 10_000 != 0 || writer.getDataSize() < bytes) {
        rows++;
        Group g = groups.newGroup();
        g.add("id", rows);
        g.add("user", "user" + random.nextInt(100_000));
        g.add("amount", random.nextInt(1_000_000) / 100.0);
        g.add("day", 20_765 + random.nextInt(18));
        g.add("note", note(random, noteChars));
        writer.write(g);
      }
    }
    return rows;
  }
}
