package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static io.streamsql.http.HttpClients.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import io.streamsql.cluster.connectors.files.ParquetFixtures;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The file connector against a real server and Cassandra: CSV files as versions of immutable
 * tables or as streams, typed columns, failed loads that commit nothing, multi-part uploads,
 * files the server reads from a path, the 1 GB rule, and the Kumo-style table API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileConnectorIT {
  private static final MessageType USERS = ParquetFixtures.schema(
      "message users { required int64 id; optional binary name (STRING); optional group tags (LIST) { repeated group list { optional binary element (STRING); } } }");

  private InProcessServer server;
  private String base;
  private MiniDFSCluster hdfs;
  private Path dir;

  @BeforeAll
  void startServer() throws Exception {
    String tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString();
    server = new InProcessServer("streamsql.connectors.files.local-roots = [\"" + tmp + "\"]\n");
    base = server.baseUrl() + "/v1/connectors/files";
    dir = Files.createTempDirectory("file-connector-it");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
  }

  @AfterAll
  void stopServer() {
    server.close();
    if (hdfs != null) hdfs.shutdown();
  }

  /** Users 1..n, in row groups of about {@code rowGroupBytes}. */
  private Path usersParquet(String file, int n, long rowGroupBytes) throws Exception {
    List<Group> rows = new ArrayList<>();
    for (long id = 1; id <= n; id++) {
      long row = id;
      rows.add(ParquetFixtures.row(USERS, g -> {
        g.add("id", row);
        g.add("name", "user" + row);
        Group tags = g.addGroup("tags");
        tags.addGroup("list").add("element", "t" + row);
      }));
    }
    return ParquetFixtures.write(dir.resolve(file), USERS, rows, CompressionCodecName.SNAPPY, rowGroupBytes);
  }

  private static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  private HttpClients.Reply put(String name, String query, String csv) throws Exception {
    return send("PUT", base + "/" + name + "?" + query, csv);
  }

  @Test
  void aCsvWithAPrimaryKeyBecomesVersionsOfAnImmutableTableAndOldVersionsStayReadable() throws Exception {
    String name = unique("users");
    HttpClients.Reply v1 = put(name, "file_type=csv&primary_key=id", "id,name,score\n1,ann,2.5\n2,bob,3\n");
    assertEquals(201, v1.status(), v1.body());
    JsonNode t1 = v1.json();
    assertEquals("immutable_table", t1.get("kind").asText());
    assertEquals(1, t1.get("loaded").get("number").asInt());
    assertEquals("[{\"name\":\"id\",\"type\":\"BIGINT\"},{\"name\":\"name\",\"type\":\"STRING\"},{\"name\":\"score\",\"type\":\"DOUBLE\"}]",
        t1.get("columns").toString());
    HttpClients.Reply v2 = put(name, "file_type=csv&primary_key=id", "id,name,score\n1,ann,9.5\n3,cid,1\n");
    assertEquals(201, v2.status(), v2.body());
    assertEquals("[1,2]", v2.json().get("versions").toString());
    assertEquals("CREATE SOURCE TABLE " + name + " (id BIGINT PRIMARY KEY, name STRING, score DOUBLE) WITH (KAFKA_TOPIC='" + name
        + "', VALUE_FORMAT='JSON');", v1.json().get("sql").get("statement").asText());
    HttpClients.Reply described = post(server.baseUrl() + "/ksql", "{\"ksql\":\"DESCRIBE " + name + ";\"}");
    assertEquals(200, described.status(), described.body());

    String tables = server.baseUrl() + "/v1/tables/" + name;
    assertEquals("{\"id\":1,\"name\":\"ann\",\"score\":2.5}", get(tables + "/rows/1?version=1").body());
    assertEquals("{\"id\":1,\"name\":\"ann\",\"score\":9.5}", get(tables + "/rows/1").body());
    assertEquals(404, get(tables + "/rows/2").status());
    assertEquals(200, get(tables + "/rows/2?version=1").status());

    JsonNode table = get(base + "/" + name).json();
    assertEquals(2, table.get("rows").asLong());
    assertEquals(2, table.get("sample").size());
    assertEquals(2, table.get("loads").size());
    assertTrue(get(base).json().get("tables").toString().contains("\"" + name + "\""));
    assertTrue(get(base + "?file_type=csv").json().get("tables").toString().contains("\"" + name + "\""));
    assertTrue(!get(base + "?file_type=parquet").json().get("tables").toString().contains("\"" + name + "\""));
  }

  @Test
  void aCsvWithoutPrimaryKeyAppendsItsRowsToAStream() throws Exception {
    String name = unique("events");
    assertEquals(201, put(name, "file_type=csv&partitions=2", "a,b\n1,x\n2,y\n").status());
    HttpClients.Reply second = put(name, "file_type=csv", "a,b\n3,z\n");
    assertEquals(201, second.status(), second.body());
    assertEquals("stream", second.json().get("kind").asText());
    assertEquals(3, second.json().get("rows").asLong());
    JsonNode sql = second.json().get("sql");
    assertEquals(name.toUpperCase(java.util.Locale.ROOT), sql.get("source").asText(), second.body());
    assertTrue(sql.get("statement").asText().startsWith("CREATE SOURCE STREAM " + name + " (a BIGINT, b STRING)"), sql.toString());
    HttpClients.Reply rows = post(server.baseUrl() + "/query-stream", "{\"sql\":\"SELECT b FROM " + name + " WHERE a >= 2;\"}");
    assertEquals(200, rows.status(), rows.body());
    List<String> bs = new ArrayList<>(rows.lines().subList(1, rows.lines().size()).stream().map(JsonNode::toString).toList());
    bs.sort(null);
    assertEquals(List.of("[\"y\"]", "[\"z\"]"), bs);
    List<JsonNode> events = get(server.baseUrl() + "/v1/streams/" + name + "/events?from=earliest").lines();
    List<String> values = new ArrayList<>();
    for (JsonNode e : events) values.add(e.get("value").toString());
    values.sort(null);
    assertEquals(List.of("{\"a\":1,\"b\":\"x\"}", "{\"a\":2,\"b\":\"y\"}", "{\"a\":3,\"b\":\"z\"}"), values);
  }

  @Test
  void aBadRowFailsTheLoadAndCommitsNothing() throws Exception {
    String name = unique("typed");
    String query = "file_type=csv&primary_key=id&columns=" + java.net.URLEncoder.encode("n INT", StandardCharsets.UTF_8);
    assertEquals(201, put(name, query, "id,n\n1,5\n").status());
    HttpClients.Reply bad = put(name, query, "id,n\n1,6\n2,seven\n");
    assertEquals(400, bad.status());
    assertEquals("malformed_record", bad.json().get("error_code").asText());
    assertEquals(3, bad.json().get("details").get("line").asInt());
    assertEquals("[1]", get(base + "/" + name).json().get("versions").toString());
    assertEquals("{\"id\":1,\"n\":5}", get(server.baseUrl() + "/v1/tables/" + name + "/rows/1").body());

    String fresh = unique("never");
    assertEquals(400, put(fresh, "file_type=csv&primary_key=id", "id,v\n,1\n").status());
    assertEquals("file_table_not_found", get(base + "/" + fresh).json().get("error_code").asText());
    assertEquals(404, get(server.baseUrl() + "/v1/tables/" + fresh).status());
    assertEquals(400, put(fresh, "file_type=csv", "a,b\n1\n").status());
    assertEquals(404, get(server.baseUrl() + "/v1/streams/" + fresh).status());
  }

  @Test
  void aFileOverOneGigabyteWithoutAutoPartitionIsRefusedBeforeAnyByteIsSent() throws Exception {
    String name = unique("huge");
    URI uri = URI.create(base);
    // Only the headers are sent: the answer must come from the declared length alone.
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /v1/connectors/files/" + name + "?file_type=csv&auto_partition=false HTTP/1.1\r\nHost: x\r\n"
          + "Content-Length: 1200000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readNBytes(400), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 400"), response);
      assertTrue(response.contains("file_too_large"), response);
    }
    HttpClients.Reply multipart = post(base + "/" + name + "/uploads", "{\"file_type\":\"csv\",\"auto_partition\":false,\"total_bytes\":1200000000}");
    assertEquals(400, multipart.status());
    assertEquals("file_too_large", multipart.json().get("error_code").asText());
    assertEquals(404, get(base + "/" + name).status());
    assertEquals(404, get(server.baseUrl() + "/v1/streams/" + name).status());
  }

  @Test
  void aMultiPartUploadLoadsItsPartsInOrderAsOneFile() throws Exception {
    String name = unique("parts");
    String csv = "id,city\n1,Paris\n2,\"New\nYork\"\n3,Rome\n";
    String id = post(base + "/" + name + "/uploads", "{\"file_type\":\"csv\",\"primary_key\":\"id\"}").json().get("upload_id").asText();
    String uploads = base + "/" + name + "/uploads/" + id;
    // Parts are byte ranges: they split rows and even a quoted field.
    assertEquals(200, send("PUT", uploads + "/parts/1", csv.substring(0, 12)).status());
    HttpClients.Reply outOfOrder = send("PUT", uploads + "/parts/3", csv.substring(12, 25));
    assertEquals(400, outOfOrder.status());
    assertTrue(outOfOrder.body().contains("expects part 2"), outOfOrder.body());
    assertEquals(200, send("PUT", uploads + "/parts/2", csv.substring(12, 25)).status());
    HttpClients.Reply part3 = send("PUT", uploads + "/parts/3", csv.substring(25));
    assertEquals(csv.length(), part3.json().get("total_bytes").asLong());
    HttpClients.Reply done = post(uploads + "/complete", null);
    assertEquals(201, done.status(), done.body());
    assertEquals(3, done.json().get("rows").asLong());
    assertEquals("{\"id\":2,\"city\":\"New\\nYork\"}", get(server.baseUrl() + "/v1/tables/" + name + "/rows/2").body());
    assertEquals("upload_not_found", post(uploads + "/complete", null).json().get("error_code").asText());

    String abandoned = post(base + "/" + name + "/uploads", "{\"file_type\":\"csv\",\"primary_key\":\"id\"}").json().get("upload_id").asText();
    assertEquals(200, send("DELETE", base + "/" + name + "/uploads/" + abandoned, null).status());
    assertEquals(404, send("PUT", base + "/" + name + "/uploads/" + abandoned + "/parts/1", "x").status());
  }

  @Test
  void theServerReadsFilesFromALocalPathAndAnHttpUrl() throws Exception {
    String name = unique("local");
    Path file = Files.createTempFile("streamsql-it", ".csv");
    Files.writeString(file, "code,name\nNYC,New York\nPAR,Paris\n");
    try {
      HttpClients.Reply r = post(base, "{\"name\":\"" + name + "\",\"path\":\"" + file.toUri() + "\",\"primary_key\":\"code\"}");
      assertEquals(201, r.status(), r.body());
      assertEquals("csv", r.json().get("file_type").asText());
      assertEquals(file.toUri().toString(), r.json().get("source").asText());
      assertEquals("{\"code\":\"PAR\",\"name\":\"Paris\"}", get(server.baseUrl() + "/v1/tables/" + name + "/rows/PAR").body());
    } finally {
      Files.deleteIfExists(file);
    }
    // The same over HTTP, served by the JDK's server, with a Parquet file downloaded to the spool.
    com.sun.net.httpserver.HttpServer web = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    Path parquet = usersParquet(name + ".parquet", 3, 1024);
    web.createContext("/users.parquet", exchange -> {
      byte[] body = Files.readAllBytes(parquet);
      exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
      if (!exchange.getRequestMethod().equals("HEAD")) exchange.getResponseBody().write(body);
      exchange.close();
    });
    web.start();
    try {
      String url = "http://127.0.0.1:" + web.getAddress().getPort() + "/users.parquet";
      HttpClients.Reply r = post(base, "{\"name\":\"" + name + "_web\",\"path\":\"" + url + "\",\"primary_key\":\"id\"}");
      assertEquals(201, r.status(), r.body());
      assertEquals("parquet", r.json().get("file_type").asText());
      assertEquals("{\"id\":3,\"name\":\"user3\",\"tags\":[\"t3\"]}", get(server.baseUrl() + "/v1/tables/" + name + "_web/rows/3").body());
    } finally {
      web.stop(0);
    }
    Path none = Path.of(System.getProperty("java.io.tmpdir"), "no-such-" + name + ".csv");
    HttpClients.Reply missing = post(base, "{\"name\":\"" + name + "x\",\"path\":\"" + none.toUri() + "\"}");
    assertEquals(404, missing.status(), missing.body());
    HttpClients.Reply outside = post(base, "{\"name\":\"" + name + "z\",\"path\":\"/etc/hostname\",\"file_type\":\"csv\"}");
    assertEquals(400, outside.status(), outside.body());
    assertTrue(outside.body().contains("local-roots"), outside.body());
    assertEquals(404, get(base + "/" + name + "x").status());
    HttpClients.Reply scheme = post(base, "{\"name\":\"" + name + "y\",\"path\":\"ftp://host/file.csv\"}");
    assertEquals(400, scheme.status(), scheme.body());
  }

  @Test
  void deleteChecksTheFileTypeAndRemovesTheTable() throws Exception {
    String name = unique("gone");
    assertEquals(201, put(name, "file_type=csv&primary_key=id", "id\n1\n").status());
    HttpClients.Reply wrongType = send("DELETE", base + "/" + name + "?file_type=parquet", null);
    assertEquals(400, wrongType.status());
    assertEquals(200, send("DELETE", base + "/" + name + "?file_type=csv", null).status());
    assertEquals(404, get(base + "/" + name).status());
    assertEquals(404, get(server.baseUrl() + "/v1/tables/" + name).status());
    HttpClients.Reply sourceGone = post(server.baseUrl() + "/ksql", "{\"ksql\":\"DESCRIBE " + name + ";\"}");
    assertEquals(400, sourceGone.status(), sourceGone.body());
    assertEquals("file_table_not_found", send("DELETE", base + "/" + name, null).json().get("error_code").asText());
  }

  @Test
  void aLaterLoadMustKeepTheFileTypeAndPrimaryKey() throws Exception {
    String name = unique("kept");
    assertEquals(201, put(name, "file_type=csv&primary_key=id", "id\n1\n").status());
    HttpClients.Reply otherKey = put(name, "file_type=csv&primary_key=other", "other\n1\n");
    assertEquals(400, otherKey.status());
    assertTrue(otherKey.body().contains("has the primary key 'id'"), otherKey.body());
    HttpClients.Reply noKey = put(name, "file_type=csv", "id\n1\n");
    assertEquals(400, noKey.status());
    assertEquals(400, put(name, "file_type=xlsx&primary_key=id", "id\n1\n").status());
  }

  @Test
  void aParquetUploadBecomesAVersionWithItsTypesMappedAndReadByRowGroups() throws Exception {
    String name = unique("pq");
    Path file = usersParquet(name + ".parquet", 500, 2048);
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/" + name + "?file_type=parquet&primary_key=id"))
        .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
    HttpResponse<String> r = HttpClients.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    JsonNode t = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(r.body());
    assertEquals(500, t.get("rows").asLong());
    assertEquals("[{\"name\":\"id\",\"type\":\"BIGINT\"},{\"name\":\"name\",\"type\":\"STRING\"},{\"name\":\"tags\",\"type\":\"ARRAY<STRING>\"}]",
        t.get("columns").toString());
    assertEquals("{\"id\":250,\"name\":\"user250\",\"tags\":[\"t250\"]}", get(server.baseUrl() + "/v1/tables/" + name + "/rows/250").body());
    assertTrue(t.get("sql").get("statement").asText().contains("tags ARRAY<STRING>"), t.toString());
    assertEquals(name.toUpperCase(java.util.Locale.ROOT), t.get("sql").get("source").asText(), t.toString());

    HttpResponse<String> notParquet = HttpClients.CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/" + name + "?file_type=parquet&primary_key=id"))
        .PUT(HttpRequest.BodyPublishers.ofString("id,name\n1,a\n")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, notParquet.statusCode(), notParquet.body());
    assertEquals("[1]", get(base + "/" + name).json().get("versions").toString());
  }

  @Test
  void theServerReadsParquetAndCsvFilesFromHdfs() throws Exception {
    String users = unique("hdfs_users");
    Path local = usersParquet(users + ".parquet", 20, 512);
    hdfs.getFileSystem().copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path("/data/" + users + ".parquet"));
    String nn = "hdfs://localhost:" + hdfs.getNameNodePort();
    HttpClients.Reply parquet = post(base, "{\"name\":\"" + users + "\",\"path\":\"" + nn + "/data/" + users + ".parquet\",\"primary_key\":\"id\"}");
    assertEquals(201, parquet.status(), parquet.body());
    assertEquals("parquet", parquet.json().get("file_type").asText());
    assertEquals(20, parquet.json().get("rows").asLong());
    assertEquals("{\"id\":7,\"name\":\"user7\",\"tags\":[\"t7\"]}", get(server.baseUrl() + "/v1/tables/" + users + "/rows/7").body());

    String clicks = unique("hdfs_clicks");
    try (var out = hdfs.getFileSystem().create(new org.apache.hadoop.fs.Path("/data/" + clicks + ".csv"))) {
      out.write("user,page\nann,/\nbob,/docs\n".getBytes(StandardCharsets.UTF_8));
    }
    HttpClients.Reply csv = post(base, "{\"name\":\"" + clicks + "\",\"path\":\"" + nn + "/data/" + clicks + ".csv\"}");
    assertEquals(201, csv.status(), csv.body());
    assertEquals("stream", csv.json().get("kind").asText());
    assertEquals(2, get(server.baseUrl() + "/v1/streams/" + clicks + "/events?from=earliest").lines().size());

    HttpClients.Reply missing = post(base, "{\"name\":\"" + clicks + "x\",\"path\":\"" + nn + "/data/none.csv\"}");
    assertEquals(404, missing.status(), missing.body());
  }
}
