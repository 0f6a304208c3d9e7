package io.streamsql.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of malformed requests (JSON, CSV, SQL, names, query parameters, headers, raw HTTP)
 * thrown at every endpoint of one server: none is answered with a server error, the server keeps
 * serving after each, and every valid record sent between them is stored exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  static final String VALID = "bad_valid_" + SUFFIX;
  static final String TARGET = "bad_target_" + SUFFIX;
  static final String TABLE = "bad_table_" + SUFFIX;
  static final String SQL_STREAM = "BADSQL_" + SUFFIX.toUpperCase();
  private static final Pattern ID = Pattern.compile("\"id\":\"v(\\d+)\"");

  private InProcessServer server;
  private int port;
  private final AtomicInteger validSent = new AtomicInteger();

  @BeforeAll
  void start() throws Exception {
    // Fixed ports of this helper's range rather than random ones.
    server = new InProcessServer("streamsql.http.port = 19301\npekko.remote.artery.canonical.port = 26301\n");
    port = URI.create(server.baseUrl()).getPort();
    Polling.until(java.time.Duration.ofSeconds(180), java.time.Duration.ofMillis(500), "the node is ready",
        () -> exchange(request("GET", "/readyz", null, null)).status == 200);
    createOnce("/v1/streams", "{\"name\":\"" + VALID + "\",\"partitions\":2}", 201);
    createOnce("/v1/streams", "{\"name\":\"" + TARGET + "\",\"partitions\":2}", 201);
    createOnce("/v1/tables", "{\"name\":\"" + TABLE + "\",\"primary_key\":\"id\"}", 201);
    createOnce("/ksql", "{\"ksql\":\"CREATE STREAM " + SQL_STREAM
        + " (ID STRING KEY, V INT) WITH (kafka_topic='" + SQL_STREAM.toLowerCase() + "', partitions=1, value_format='JSON');\"}", 200);
  }

  /** Setup on a busy shared Cassandra may meet a 503 first; a retry that finds the thing created (409, 400 for SQL) is fine. */
  private void createOnce(String path, String body, int created) throws Exception {
    AtomicInteger tries = new AtomicInteger();
    Polling.until(java.time.Duration.ofSeconds(120), java.time.Duration.ofSeconds(1), "created " + body, () -> {
      Reply reply = exchange(request("POST", path, "application/json", body));
      if (reply.status >= 500 || reply.status == 0) {
        tries.incrementAndGet();
        return false;
      }
      assertTrue(reply.status == created || tries.get() > 0, path + " answered " + reply.status + ": " + reply.body);
      return true;
    });
  }

  @AfterAll
  void stop() {
    if (server != null) server.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  @Order(1)
  void badRequestGetsNoServerErrorAndTheServerKeepsServing(BadRequest bad) throws Exception {
    Reply reply = exchange(bad);
    if (bad.mustAnswer()) assertTrue(reply.status > 0, "answered: " + bad.name());
    // 501 (unknown method) and 505 (unknown version) are what HTTP prescribes for a request line Pekko cannot parse.
    boolean prescribed = !bad.mustAnswer() && (reply.status == 501 || reply.status == 505);
    assertTrue(reply.status < 500 || prescribed || bad.allowedServerStatus() == reply.status
            || (reply.status == 503 && reply.body.contains("journal_unavailable")),
        bad.name() + " answered " + reply.status + ": " + reply.body);
    assertEquals(200, exchange(request("GET", "/healthz", null, null)).status, "alive after " + bad.name());
    int n = validSent.getAndIncrement();
    Reply valid = exchange(request("POST", "/v1/streams/" + VALID + "/events", "application/x-ndjson", "{\"id\":\"v" + n + "\"}\n"));
    assertEquals(200, valid.status, "a valid upload after " + bad.name() + ": " + valid.body);
  }

  @Test
  @Order(2)
  void everyValidRecordSentBetweenTheBadOnesIsStoredExactlyOnce() throws Exception {
    HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/streams/" + VALID + "/events")).build(),
        HttpResponse.BodyHandlers.ofLines());
    Map<Integer, Integer> stored = new HashMap<>();
    response.body().forEach(line -> {
      Matcher m = ID.matcher(line);
      if (m.find()) stored.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
    });
    assertTrue(validSent.get() > 100, "the corpus ran first: " + validSent.get());
    for (int i = 0; i < validSent.get(); i++) assertEquals(1, stored.getOrDefault(i, 0), "record v" + i + " stored once");
    assertEquals(validSent.get(), stored.size());
  }

  // ---- the corpus ----

  /** A request as bytes; mustAnswer when it is well-formed HTTP; allowedServerStatus: a 5xx HTTP itself prescribes. */
  record BadRequest(String name, byte[] bytes, boolean halfClose, boolean mustAnswer, int allowedServerStatus) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<String> BAD_JSON = List.of("", " ", "{", "}", "[", "[{]", "null", "0", "-", "\"str\"", "{\"a\":}",
      "{\"a\" 1}", "{'a':1}", "{\"a\":1,}", "[1,2", "{\"a\":NaN}", "{\"a\":1e999999}", "{\"a\":\"\\uZZZZ\"}", "\u0000",
      "{}{}{}garbage", "[[[[[[[[[[[[[[[[", "[".repeat(100_000), "{\"a\":".repeat(30_000) + "1",
      "{\"name\":123}", "{\"name\":null}", "{\"name\":\"x y\",\"partitions\":2}", "{\"name\":\"bad_n\",\"partitions\":-1}",
      "{\"name\":\"bad_n\",\"partitions\":1e9}", "{\"name\":\"bad_n\",\"partitions\":99999999999999999999}",
      "{\"name\":\"bad_n\",\"retention_policy\":\"-5d\"}", "{\"name\":\"bad_n\",\"primary_key\":[]}",
      "{\"sql\":123}", "{\"ksql\":[\"a\"]}", "{\"queryId\":{}}", "{\"target\":1}", "{\"key\":1,\"value\":1,\"timestamp\":\"x\",\"partition\":-7}",
      "{\"key\":1,\"value\":1,\"headers\":{\"h\":\"%%%\"}}", "{\"id\":{\"deep\":[1,2]}}",
      "{\"name\":\"bad_f\",\"path\":\"/etc/shadow\",\"file_type\":\"csv\"}", "{\"name\":\"bad_f\",\"path\":\"nope://x\"}",
      "{\"name\":\"bad_k\",\"bootstrap_servers\":123}", "{\"a\":\"" + "x".repeat(1_100_000) + "\"}");
  static final List<String> BAD_CSV = List.of("", "a,a\n1,2\n", "a,,b\n1,2,3\n", "\"a\n1\n", "a\n\"1\"x\n", "a,b\n1\n",
      "a\n" + "\"".repeat(3) + "\n", "\u0000,\u0001\n", "id\n" + "x".repeat(1_100_000) + "\n");
  static final List<String> BAD_SQL = List.of("", " ", ";", "SELECT", "SELECT * FROM", "SELECT * FROM nope;",
      "SELECT * FROM nope EMIT CHANGES;", "DROP STREAM nope;", "CREATE STREAM (", "'unterminated", "\"unterminated",
      "CREATE STREAM bad_x (a INT) WITH (kafka_topic='bad_x', value_format='XML');",
      "SELECT " + "(".repeat(3_000) + "1" + ")".repeat(3_000) + " FROM " + SQL_STREAM + ";",
      "SELECT " + "1 + ".repeat(5_000) + "1 FROM " + SQL_STREAM + ";",
      "SELECT V / 0, CAST('x' AS INT), SUBSTRING(ID, -5, -1) FROM " + SQL_STREAM + " LIMIT 1;",
      "SELECT * FROM " + SQL_STREAM + " WHERE ID = 'a' LIMIT -1;", "SELECT * FROM `" + "a".repeat(50_000) + "`;",
      "INSERT INTO nope VALUES (1);", "INSERT INTO " + SQL_STREAM + " (V) VALUES ('x');", "\u0000",
      "SELECT * FROM " + SQL_STREAM + " WINDOW TUMBLING (SIZE -1 SECONDS) GROUP BY ID;", "SET 'x'='y'; UNSET 'z';",
      "DESCRIBE nope EXTENDED;", "EXPLAIN nope;", "TERMINATE nope;", "PRINT 'nope' FROM BEGINNING LIMIT 1;");
  static final List<String> BAD_NAMES = List.of("%00", "..", "%2e%2e", "a%2Fb", "x".repeat(300), "%C3%BC", "%ZZ", "%",
      "%FF%FE", "'", "~!$&'()*+,;=", "-1", "null", "%20", "a%0Ab");

  static Stream<BadRequest> corpus() {
    List<BadRequest> all = new ArrayList<>();
    List<String> jsonBodyEndpoints = List.of("/v1/streams", "/v1/streams/" + TARGET + "/events", "/v1/streams/nope/events",
        "/v1/topics/" + TARGET + "/records", "/v1/tables", "/v1/tables/" + TABLE + "/rows", "/v1/tables/" + TABLE + "/versions",
        "/v1/connectors/files", "/v1/connectors/files/bad_f/uploads", "/v1/connectors/kafka", "/v1/connectors/kafka-sinks",
        "/ksql", "/ksql/terminate", "/query-stream", "/query", "/close-query", "/inserts-stream", "/v0/pipelines",
        "/v0/pipelines/default/ingress/" + TABLE, "/v0/pipelines/default/egress/nope", "/v0/pipelines/nope/start");
    List<String> everyJsonCase = List.of("/v1/streams", "/v1/streams/" + TARGET + "/events", "/v1/topics/" + TARGET + "/records",
        "/v1/tables/" + TABLE + "/rows", "/ksql", "/query-stream", "/inserts-stream");
    for (String path : jsonBodyEndpoints) {
      // The whole corpus where bodies are parsed most; every third case elsewhere, to keep the run short.
      for (int i = 0; i < BAD_JSON.size(); i += everyJsonCase.contains(path) ? 1 : 3) {
        all.add(answered("json#" + i + " POST " + path, request("POST", path, "application/json", BAD_JSON.get(i))));
      }
    }
    for (int i = 0; i < BAD_CSV.size(); i++) {
      all.add(answered("csv#" + i + " events", request("POST", "/v1/streams/" + TARGET + "/events?format=csv", "text/csv", BAD_CSV.get(i))));
      all.add(answered("csv#" + i + " rows", request("POST", "/v1/tables/" + TABLE + "/rows?format=csv", "text/csv", BAD_CSV.get(i))));
      all.add(answered("csv#" + i + " file", request("PUT", "/v1/connectors/files/bad_csv_" + i + "?file_type=csv&primary_key=nope", "text/csv", BAD_CSV.get(i))));
    }
    for (int i = 0; i < BAD_SQL.size(); i++) {
      String sql = jsonString(BAD_SQL.get(i));
      all.add(answered("sql#" + i + " /ksql", request("POST", "/ksql", "application/json", "{\"ksql\":" + sql + "}")));
      all.add(answered("sql#" + i + " /query", request("POST", "/query", "application/json", "{\"sql\":" + sql + "}")));
      all.add(answered("sql#" + i + " /query-stream", request("POST", "/query-stream", "application/json", "{\"sql\":" + sql + "}")));
      if (BAD_SQL.get(i).length() < 4_000) {
        all.add(answered("sql#" + i + " pipeline query", request("GET", "/v0/pipelines/default/query?sql="
            + java.net.URLEncoder.encode(BAD_SQL.get(i), StandardCharsets.UTF_8), null, null)));
      }
    }
    List<String> namedPaths = List.of("GET /v1/streams/%s", "DELETE /v1/streams/%s", "GET /v1/streams/%s/events",
        "POST /v1/streams/%s/events", "GET /v1/topics/%s/records", "POST /v1/topics/%s/records", "GET /v1/tables/%s",
        "GET /v1/tables/" + TABLE + "/rows/%s", "DELETE /v1/tables/" + TABLE + "/rows/%s", "GET /v1/tables/%s/changes",
        "GET /v1/connectors/files/%s", "PUT /v1/connectors/files/%s?file_type=csv", "GET /v1/connectors/kafka/%s",
        "GET /v1/connectors/kafka-sinks/%s", "GET /status/%s", "GET /v0/pipelines/%s", "POST /v0/pipelines/%s/pause",
        "POST /v0/pipelines/default/ingress/%s", "PUT /v1/connectors/files/bad_f/uploads/%s/parts/1");
    for (String template : namedPaths) {
      for (String name : template.startsWith("GET /v1/streams/%s") ? BAD_NAMES : BAD_NAMES.subList(0, 8)) {
        String method = template.substring(0, template.indexOf(' '));
        String path = String.format(template.substring(template.indexOf(' ') + 1), name);
        all.add(answered("name " + method + " " + path.substring(0, Math.min(path.length(), 60)),
            request(method, path, method.equals("GET") || method.equals("DELETE") ? null : "application/json",
                method.equals("GET") || method.equals("DELETE") ? null : "{\"id\":\"n\"}")));
      }
    }
    List<String> params = List.of(
        "/v1/streams/" + TARGET + "/events?from=garbage", "/v1/streams/" + TARGET + "/events?from=-1",
        "/v1/streams/" + TARGET + "/events?from=99999999999999999999", "/v1/streams/" + TARGET + "/events?from=2026-13-45T00:00:00Z",
        "/v1/streams/" + TARGET + "/events?from=", "/v1/streams/" + TARGET + "/events?partition=-1",
        "/v1/streams/" + TARGET + "/events?partition=99999", "/v1/streams/" + TARGET + "/events?partition=x",
        "/v1/streams/" + TARGET + "/events?partition=1e3", "/v1/streams/" + TARGET + "/events?limit=-1",
        "/v1/streams/" + TARGET + "/events?limit=x", "/v1/streams/" + TARGET + "/events?limit=9999999999999999999",
        "/v1/streams/" + TARGET + "/events?follow=maybe", "/v1/streams/" + TARGET + "/events?from=%ZZ",
        "/v1/streams/" + TARGET + "/events?from=earliest&from=latest", "/v1/streams/" + TARGET + "/events?&&&=&=",
        "/v1/topics/" + TARGET + "/records?timeout_ms=-1", "/v1/topics/" + TARGET + "/records?timeout_ms=x",
        "/v1/topics/" + TARGET + "/records?timeout_ms=99999999999999999999", "/v1/topics/" + TARGET + "/records?partition=-3",
        "/v1/tables/" + TABLE + "/rows?version=x", "/v1/tables/" + TABLE + "/rows?version=-1",
        "/v1/tables/" + TABLE + "/rows?version=99999999999", "/v1/tables/" + TABLE + "/rows/1?version=0",
        "/v1/tables/" + TABLE + "/changes?from=x", "/v1/tables/" + TABLE + "/changes?limit=-1&partition=77",
        "/v1/connectors/files?file_type=xml", "/v0/pipelines/default/query", "/v0/pipelines/default/query?sql=",
        "/v0/pipelines/default/query?sql=SELECT%201&format=xml", "/v0/pipelines/default/completion_status",
        "/v0/pipelines/default/completion_status?token=%00garbage", "/status/stream/%60NOPE%60/create");
    for (String path : params) all.add(answered("param GET " + path, request("GET", path, null, null)));
    all.add(answered("param POST format=xml", request("POST", "/v1/streams/" + TARGET + "/events?format=xml", "application/json", "{}")));
    all.add(answered("param POST key_field", request("POST", "/v1/streams/" + TARGET + "/events?key_field=", "application/json", "{\"a\":1}")));
    all.add(answered("param POST key_field object", request("POST", "/v1/streams/" + TARGET + "/events?key_field=a", "application/json", "{\"a\":{}}")));
    all.add(answered("param DELETE file_type", request("DELETE", "/v1/connectors/files/nope?file_type=xml", null, null)));
    all.addAll(badHeaders());
    all.addAll(rawHttp());
    return all.stream();
  }

  static List<BadRequest> badHeaders() {
    String events = "/v1/streams/" + TARGET + "/events";
    List<BadRequest> all = new ArrayList<>();
    for (String type : List.of("garbage", "application/json; charset=ebcdic", "text/csv", "", "multipart/form-data; boundary=",
        "application/json; charset=\"", "*/*")) {
      all.add(answered("header Content-Type " + type, raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
          + type + "\r\nContent-Length: 8\r\n\r\n{\"a\":1}\n")));
      all.add(answered("header Content-Type /query-stream " + type, raw("POST /query-stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
          + type + "\r\nContent-Length: 10\r\n\r\n{\"sql\":1}\n")));
    }
    for (String accept : List.of("garbage", "application/vnd.ksqlapi.delimited.v1;q=x", "text/html", ",,,", "*/*;q=0")) {
      all.add(answered("header Accept " + accept, raw("POST /query-stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAccept: " + accept
          + "\r\nContent-Type: application/json\r\nContent-Length: 44\r\n\r\n{\"sql\":\"SELECT * FROM " + SQL_STREAM.substring(0, 7) + "nope LIMIT 1;\"}")));
    }
    String body = "{\"a\":1}\n";
    all.add(answered("header gzip encoding, plain body", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Encoding: gzip\r\nContent-Length: 8\r\n\r\n" + body)));
    all.add(answered("header unknown encoding", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Encoding: br, zz\r\nContent-Length: 8\r\n\r\n" + body)));
    all.add(answered("header Transfer-Encoding gzip", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: gzip\r\n\r\n" + body)));
    all.add(answered("header chunked and Content-Length", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\nContent-Length: 8\r\n\r\n8\r\n" + body + "\r\n0\r\n\r\n")));
    all.add(answered("header Content-Length -1", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: -1\r\n\r\n" + body)));
    all.add(answered("header Content-Length abc", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: abc\r\n\r\n" + body)));
    all.add(answered("header Content-Length huge", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 99999999999999999999\r\n\r\n" + body)));
    all.add(answered("header two Content-Lengths", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 8\r\nContent-Length: 9\r\n\r\n" + body)));
    all.add(answered("header Expect 100-continue", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nExpect: 100-continue\r\nContent-Length: 8\r\n\r\n" + body)));
    all.add(answered("header Expect garbage", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nExpect: teapot\r\nContent-Length: 8\r\n\r\n" + body)));
    all.add(answered("header 100 KB", raw("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: " + "a".repeat(100_000) + "\r\n\r\n")));
    StringBuilder many = new StringBuilder("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    for (int i = 0; i < 500; i++) many.append("X-H").append(i).append(": v\r\n");
    all.add(answered("header 500 headers", raw(many.append("\r\n").toString())));
    all.add(answered("header without colon", raw("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nNoColonHere\r\n\r\n")));
    all.add(answered("header obs-fold", raw("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-A: a\r\n b\r\n\r\n")));
    all.add(answered("header NUL in value", raw("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-A: a\u0000b\r\n\r\n")));
    all.add(answered("header Upgrade h2c with bad settings", raw("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings, close\r\nUpgrade: h2c\r\nHTTP2-Settings: %%%\r\n\r\n")));
    all.add(answered("header Upgrade websocket", raw("GET /query-stream HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")));
    all.add(answered("header Host garbage", raw("GET /healthz HTTP/1.1\r\nHost: [::::\r\nConnection: close\r\n\r\n")));
    return all;
  }

  static List<BadRequest> rawHttp() {
    String events = "/v1/streams/" + TARGET + "/events";
    List<BadRequest> all = new ArrayList<>();
    all.add(silentOk("raw garbage line", raw("garbage\r\n\r\n")));
    all.add(silentOk("raw method only", raw("GET\r\n\r\n")));
    all.add(new BadRequest("raw HTTP/9.9", raw("GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n"), false, false, 505));
    all.add(new BadRequest("raw unknown method", raw("FOO /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), false, false, 501));
    all.add(silentOk("raw lowercase method", raw("get /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
    all.add(silentOk("raw no Host", raw("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n")));
    all.add(silentOk("raw blank lines", raw("\r\n\r\n\r\n")));
    all.add(silentOk("raw URI 100 KB", raw("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")));
    all.add(silentOk("raw space in path", raw("GET /v1/streams/a b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
    all.add(silentOk("raw UTF-8 in path", raw("GET /v1/streams/\u00fc\u00df HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
    all.add(silentOk("raw absolute URI", raw("GET http://evil.example/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
    all.add(silentOk("raw asterisk", raw("OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
    all.add(silentOk("raw HTTP/2 preface then garbage", raw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0012\u0004garbage-frames")));
    all.add(silentOk("raw bad chunk size", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")));
    all.add(silentOk("raw short chunk", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n{\"a\":1}\r\n0\r\n\r\n")));
    all.add(silentOk("raw huge chunk size", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{}\r\n0\r\n\r\n")));
    all.add(silentOk("raw chunk extension garbage", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n8;;;===\"\r\n{\"a\":1}\n\r\n0\r\n\r\n")));
    all.add(new BadRequest("raw truncated chunked", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n{\"a\":1}\n\r\n10\r\n{\"a\":"), true, false, 0));
    all.add(new BadRequest("raw truncated Content-Length", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":1}\n{\"a\""), true, false, 0));
    all.add(new BadRequest("raw truncated head", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nContent-Le"), true, false, 0));
    all.add(new BadRequest("raw truncated /ksql", raw("POST /ksql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"ksql\":\"SHOW"), true, false, 0));
    all.add(new BadRequest("raw truncated /inserts-stream", raw("POST /inserts-stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n14\r\n{\"target\":\"" + SQL_STREAM.substring(0, 6) + "\"}\n\r\n"), true, false, 0));
    // Regressions: a bad record followed by more chunks (the reader was fed on and answered 500);
    // an /inserts-stream first line over the framing limit (500).
    all.add(answered("regression bad record then more chunks", raw("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "12\r\n{\"a\":1}\n{\"b\":NaN}\r\n9\r\n\n{\"c\":2}\r\n5\r\n{\"d\":\r\n0\r\n\r\n")));
    all.add(answered("regression /inserts-stream first line too long", request("POST", "/inserts-stream", "application/json",
        "{\"target\":\"" + "x".repeat(2_000_000) + "\"}\n")));
    Random random = new Random(14);
    for (int i = 0; i < 20; i++) {
      byte[] noise = new byte[1 + random.nextInt(4_000)];
      random.nextBytes(noise);
      all.add(new BadRequest("raw random bytes #" + i, noise, false, false, 0));
      byte[] afterLine = concat(("POST " + events + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " + noise.length + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1), noise);
      all.add(answered("raw random body #" + i, afterLine));
    }
    return all;
  }

  private static BadRequest answered(String name, byte[] bytes) {
    return new BadRequest(name, bytes, false, true, 0);
  }

  private static BadRequest answered(String name, BadRequest request) {
    return answered(name, request.bytes());
  }

  private static BadRequest silentOk(String name, byte[] bytes) {
    return new BadRequest(name, bytes, false, false, 0);
  }

  static BadRequest request(String method, String path, String contentType, String body) {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + (body == null ? "" : "Content-Length: " + content.length + "\r\n") + "\r\n";
    return answered(method + " " + path, concat(head.getBytes(StandardCharsets.UTF_8), content));
  }

  private static byte[] raw(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String jsonString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }

  // ---- the wire ----

  record Reply(int status, String body) {}

  /**
   * Sends the bytes and reads the answer's status and at most 64 KiB of its body; a live response
   * (a follow read, a push query) is cut off after a short silence. Status 0: no answer.
   */
  private Reply exchange(BadRequest request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      // A request the server cannot make sense of may get no answer at all until the connection's
      // idle timeout: waiting a little shows that it is not answered with an error.
      socket.setSoTimeout(request.mustAnswer() ? 60_000 : 3_000);
      try {
        socket.getOutputStream().write(request.bytes());
        socket.getOutputStream().flush();
        if (request.halfClose()) socket.shutdownOutput();
      } catch (IOException closedWhileSending) {
        // The server may answer and close before reading a bad request whole.
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        int n;
        while (got.size() < 65_536 && (n = in.read(buffer)) > 0) {
          got.write(buffer, 0, n);
          if (got.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) socket.setSoTimeout(2_000);
        }
      } catch (SocketTimeoutException | java.net.SocketException silentOrReset) {
        // a live response, or a connection the server reset
      }
      String text = got.toString(StandardCharsets.UTF_8);
      if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) return new Reply(0, text);
      int headEnd = text.indexOf("\r\n\r\n");
      return new Reply(Integer.parseInt(text.substring(9, 12)), headEnd < 0 ? "" : text.substring(headEnd + 4));
    }
  }
}
