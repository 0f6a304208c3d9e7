package io.streamsql.cluster.connectors.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLocationTest {
  private static final MessageType SCHEMA = ParquetFixtures.schema("message t { required int64 id; optional binary name (STRING); }");

  @TempDir Path dir;
  private Path file;
  private byte[] bytes;
  private HttpServer server;

  @BeforeEach
  void writeFile() throws IOException {
    List<Group> rows = new ArrayList<>();
    for (long id = 1; id <= 3; id++) {
      long row = id;
      rows.add(ParquetFixtures.row(SCHEMA, g -> {
        g.add("id", row);
        g.add("name", "n" + row);
      }));
    }
    file = ParquetFixtures.write(dir.resolve("t.parquet"), SCHEMA, rows, CompressionCodecName.SNAPPY);
    bytes = Files.readAllBytes(file);
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aLocalPathOrFileUrlGivesSizeStreamAndParquetInput() throws IOException {
    for (String path : List.of(file.toString(), file.toUri().toString(), "file://" + file)) {
      FileLocation location = FileLocation.parse(path);
      assertEquals(path, location.path());
      assertEquals(bytes.length, location.size(), path);
      try (InputStream in = location.open()) {
        assertArrayEquals(bytes, in.readAllBytes(), path);
      }
      assertEquals(List.of("{\"id\":1,\"name\":\"n1\"}", "{\"id\":2,\"name\":\"n2\"}", "{\"id\":3,\"name\":\"n3\"}"), readParquet(location, path));
    }
  }

  @Test
  void aMissingLocalFileIsNotFoundNamingThePath() {
    String path = dir.resolve("missing.parquet").toString();
    FileLocation location = FileLocation.parse(path);
    for (Runnable read : List.<Runnable>of(location::size, () -> location.open(), () -> location.parquetInput(dir))) {
      StreamSqlException error = assertThrows(StreamSqlException.class, read::run);
      assertEquals(ErrorCode.NOT_FOUND, error.code());
      assertTrue(error.getMessage().contains(path), error.getMessage());
      assertEquals(path, error.details().get("path"));
    }
  }

  @Test
  void aDirectoryIsAnInvalidRequest() {
    StreamSqlException error = assertThrows(StreamSqlException.class, () -> FileLocation.parse(dir.toString()).size());
    assertEquals(ErrorCode.INVALID_REQUEST, error.code());
    assertTrue(error.getMessage().contains("not a regular file"), error.getMessage());
  }

  @Test
  void anUnsupportedSchemeIsAnInvalidRequestNamingIt() {
    StreamSqlException error = assertThrows(StreamSqlException.class, () -> FileLocation.parse("ftp://files.example.com/t.parquet"));
    assertEquals(ErrorCode.INVALID_REQUEST, error.code());
    assertTrue(error.getMessage().contains("unsupported scheme ftp"), error.getMessage());
    assertEquals("ftp://files.example.com/t.parquet", error.details().get("path"));
  }

  @Test
  void malformedPathsAreInvalidRequests() {
    for (String path : List.of("", "data/t.parquet", "file://otherhost/t.parquet", "http:///t.parquet", "hdfs:///t.parquet", "hdfs://nn:8020", "http://bad host/x")) {
      StreamSqlException error = assertThrows(StreamSqlException.class, () -> FileLocation.parse(path), path);
      assertEquals(ErrorCode.INVALID_REQUEST, error.code(), path);
    }
  }

  @Test
  void anHttpUrlGivesSizeFromHeadStreamAndADownloadedParquetInputDeletedOnClose() throws IOException {
    String url = serve("/data/t.parquet", 200, bytes);
    FileLocation location = FileLocation.parse(url);
    assertEquals(bytes.length, location.size());
    try (InputStream in = location.open()) {
      assertArrayEquals(bytes, in.readAllBytes());
    }

    Path spool = dir.resolve("spool");
    try (ParquetFile parquet = ParquetFile.open(location.parquetInput(spool), url)) {
      assertEquals(1, filesIn(spool), "the download is in the spool directory while the file is open");
      assertEquals(3, parquet.rows());
      assertEquals("{\"id\":1,\"name\":\"n1\"}", new String(parquet.rows(0).next(), StandardCharsets.UTF_8));
    }
    assertEquals(0, filesIn(spool), "closing the ParquetFile deletes the download");
  }

  @Test
  void aDownloadThatIsNotParquetIsAnInvalidRequestAndIsDeleted() throws IOException {
    String url = serve("/fake.parquet", 200, "id,name\n1,a\n".getBytes(StandardCharsets.UTF_8));
    Path spool = dir.resolve("spool");
    CloseableInputFile download = FileLocation.parse(url).parquetInput(spool);
    assertEquals(1, filesIn(spool));
    StreamSqlException error = assertThrows(StreamSqlException.class, () -> ParquetFile.open(download, url));
    assertEquals(ErrorCode.INVALID_REQUEST, error.code());
    assertTrue(error.getMessage().contains(url), error.getMessage());
    assertEquals(0, filesIn(spool), "a failed open closes the input, which deletes the download");
  }

  @Test
  void anHttp404IsNotFoundAndOtherErrorsAreInvalidRequests() throws IOException {
    String missing = serve("/missing.parquet", 404, "no".getBytes(StandardCharsets.UTF_8));
    for (Runnable read : List.<Runnable>of(() -> FileLocation.parse(missing).size(), () -> FileLocation.parse(missing).open())) {
      StreamSqlException error = assertThrows(StreamSqlException.class, read::run);
      assertEquals(ErrorCode.NOT_FOUND, error.code());
      assertTrue(error.getMessage().contains(missing), error.getMessage());
    }
    Path spool = dir.resolve("spool");
    assertEquals(ErrorCode.NOT_FOUND, assertThrows(StreamSqlException.class, () -> FileLocation.parse(missing).parquetInput(spool)).code());
    assertEquals(0, filesIn(spool), "a failed download leaves nothing in the spool directory");

    String broken = url("/broken.parquet");
    server.createContext("/broken.parquet", exchange -> respond(exchange, 500, "boom".getBytes(StandardCharsets.UTF_8)));
    StreamSqlException error = assertThrows(StreamSqlException.class, () -> FileLocation.parse(broken).open());
    assertEquals(ErrorCode.INVALID_REQUEST, error.code());
    assertTrue(error.getMessage().contains("HTTP 500"), error.getMessage());
  }

  private List<String> readParquet(FileLocation location, String path) {
    List<String> rows = new ArrayList<>();
    try (ParquetFile parquet = ParquetFile.open(location.parquetInput(dir.resolve("spool")), path)) {
      for (RowGroupInfo group : parquet.rowGroups()) {
        parquet.rows(group.index()).forEachRemaining(row -> rows.add(new String(row, StandardCharsets.UTF_8)));
      }
    }
    return rows;
  }

  /** Starts the server on first use and serves {@code body} with {@code status} at {@code path}; HEAD gets the headers only. */
  private String serve(String path, int status, byte[] body) throws IOException {
    if (server == null) {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.start();
    }
    server.createContext(path, exchange -> respond(exchange, status, body));
    return url(path);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    try (exchange) {
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static long filesIn(Path spool) throws IOException {
    if (!Files.exists(spool)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(spool)) {
      return files.count();
    }
  }
}
