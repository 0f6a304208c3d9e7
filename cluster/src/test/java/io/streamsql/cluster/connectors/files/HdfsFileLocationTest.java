package io.streamsql.cluster.connectors.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hdfs:// paths against an in-process HDFS (one namenode, one datanode). */
class HdfsFileLocationTest {
  private static final MessageType SCHEMA = ParquetFixtures.schema("message t { required int64 id; optional binary name (STRING); }");

  @TempDir static Path dir;
  private static MiniDFSCluster hdfs;
  private static byte[] bytes;
  private static String url;

  @BeforeAll
  static void startHdfsWithAParquetFile() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();

    List<Group> rows = new ArrayList<>();
    for (long id = 1; id <= 3; id++) {
      long row = id;
      rows.add(ParquetFixtures.row(SCHEMA, g -> {
        g.add("id", row);
        g.add("name", "n" + row);
      }));
    }
    Path local = ParquetFixtures.write(dir.resolve("t.parquet"), SCHEMA, rows, CompressionCodecName.SNAPPY, 256);
    bytes = Files.readAllBytes(local);
    hdfs.getFileSystem().copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path("/data/t.parquet"));
    url = "hdfs://localhost:" + hdfs.getNameNodePort() + "/data/t.parquet";
  }

  @AfterAll
  static void stopHdfs() {
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void anHdfsUrlGivesSizeStreamAndParquetInputReadInPlace() throws IOException {
    FileLocation location = FileLocation.parse(url);
    assertEquals(bytes.length, location.size());
    try (InputStream in = location.open()) {
      assertArrayEquals(bytes, in.readAllBytes());
    }
    Path spool = dir.resolve("spool");
    List<String> rows = new ArrayList<>();
    try (ParquetFile parquet = ParquetFile.open(location.parquetInput(spool), url)) {
      assertEquals(List.of(new FileColumn("id", "BIGINT"), new FileColumn("name", "STRING")), parquet.columns());
      for (RowGroupInfo group : parquet.rowGroups()) {
        parquet.rows(group.index()).forEachRemaining(row -> rows.add(new String(row, StandardCharsets.UTF_8)));
      }
    }
    assertEquals(List.of("{\"id\":1,\"name\":\"n1\"}", "{\"id\":2,\"name\":\"n2\"}", "{\"id\":3,\"name\":\"n3\"}"), rows);
    assertTrue(Files.notExists(spool), "HDFS files are read in place, not downloaded");
  }

  @Test
  void aMissingHdfsFileIsNotFoundNamingThePath() {
    String missing = "hdfs://localhost:" + hdfs.getNameNodePort() + "/data/missing.parquet";
    FileLocation location = FileLocation.parse(missing);
    for (Runnable read : List.<Runnable>of(location::size, () -> location.open(), () -> location.parquetInput(dir))) {
      StreamSqlException error = assertThrows(StreamSqlException.class, read::run);
      assertEquals(ErrorCode.NOT_FOUND, error.code());
      assertTrue(error.getMessage().contains(missing), error.getMessage());
    }
  }

  @Test
  void anHdfsDirectoryIsAnInvalidRequest() {
    StreamSqlException error =
        assertThrows(StreamSqlException.class, () -> FileLocation.parse("hdfs://localhost:" + hdfs.getNameNodePort() + "/data").size());
    assertEquals(ErrorCode.INVALID_REQUEST, error.code());
  }
}
