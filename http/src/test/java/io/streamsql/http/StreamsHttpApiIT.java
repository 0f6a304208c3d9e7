package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static io.streamsql.http.HttpClients.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The native streams API over real HTTP, on a node backed by the real Cassandra. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsHttpApiIT {
  private InProcessServer server;
  private String base;

  @BeforeAll
  void startServer() throws Exception {
    server = new InProcessServer("""
        streamsql.http.max-record-bytes = 4KiB
        streamsql.http.max-body-bytes = 256KiB
        """);
    base = server.baseUrl();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  private String newStream(int partitions) throws Exception {
    String name = "s_" + UUID.randomUUID().toString().substring(0, 8);
    var r = post(base + "/v1/streams", "{\"name\":\"" + name + "\",\"partitions\":" + partitions + "}");
    assertEquals(201, r.status(), r.body());
    return name;
  }

  private static String ndjson(int from, int count) {
    return IntStream.range(from, from + count)
        .mapToObj(i -> "{\"id\":" + i + ",\"user\":\"u" + (i % 5) + "\"}")
        .collect(Collectors.joining("\n", "", "\n"));
  }

  @Test
  void createListDescribeDelete() throws Exception {
    var created = post(base + "/v1/streams", "{\"name\":\"orders_x1\",\"partitions\":3,\"retention_policy\":\"7d\"}");
    if (created.status() == 409) {
      assertEquals(200, send("DELETE", base + "/v1/streams/orders_x1", null).status());
      created = post(base + "/v1/streams", "{\"name\":\"orders_x1\",\"partitions\":3,\"retention_policy\":\"7d\"}");
    }
    assertEquals(201, created.status(), created.body());
    assertEquals("7d", created.json().get("retention_policy").asText());
    assertEquals(409, post(base + "/v1/streams", "{\"name\":\"orders_x1\"}").status());

    var list = get(base + "/v1/streams");
    assertEquals(200, list.status());
    List<String> names = new ArrayList<>();
    list.json().get("streams").forEach(s -> names.add(s.get("name").asText()));
    assertTrue(names.contains("orders_x1"));

    assertEquals(200, post(base + "/v1/streams/orders_x1/events?key_field=user", ndjson(0, 50)).status());
    var described = get(base + "/v1/streams/orders_x1").json();
    assertEquals(3, described.get("partitions").asInt());
    assertEquals(50, described.get("records").asLong());
    assertEquals(3, described.get("partition_details").size());

    assertEquals(200, send("DELETE", base + "/v1/streams/orders_x1", null).status());
    assertEquals(404, get(base + "/v1/streams/orders_x1").status());
    // A new stream of the same name starts empty.
    assertEquals(201, post(base + "/v1/streams", "{\"name\":\"orders_x1\",\"partitions\":3}").status());
    assertEquals(0, get(base + "/v1/streams/orders_x1").json().get("records").asLong());
    assertEquals(200, send("DELETE", base + "/v1/streams/orders_x1", null).status());
  }

  @Test
  void uploadedEventsAreAcknowledgedWithOffsetsAndReadBack() throws Exception {
    String s = newStream(2);
    long before = System.currentTimeMillis();
    var r = post(base + "/v1/streams/" + s + "/events?key_field=user", ndjson(0, 100));
    assertEquals(200, r.status(), r.body());
    JsonNode ack = r.json();
    assertEquals(100, ack.get("records").asLong());
    long sum = 0;
    for (JsonNode p : ack.get("partitions")) {
      assertEquals(0, p.get("first_offset").asLong());
      assertEquals(p.get("records").asLong() - 1, p.get("last_offset").asLong());
      sum += p.get("records").asLong();
    }
    assertEquals(100, sum);

    var read = get(base + "/v1/streams/" + s + "/events?from=earliest");
    assertEquals(200, read.status());
    assertTrue(read.body().startsWith("{\"partition\":"));
    List<JsonNode> lines = read.lines();
    assertEquals(100, lines.size());
    for (JsonNode line : lines) {
      assertEquals(line.get("value").get("user"), line.get("key"), "key taken from key_field");
      long ts = line.get("timestamp").asLong();
      assertTrue(ts >= before && ts <= System.currentTimeMillis(), "stamped with the server's arrival time");
    }

    assertEquals(10, get(base + "/v1/streams/" + s + "/events?limit=10").lines().size());
    List<JsonNode> p1 = get(base + "/v1/streams/" + s + "/events?partition=1&from=3").lines();
    assertTrue(p1.stream().allMatch(l -> l.get("partition").asInt() == 1 && l.get("offset").asLong() >= 3));
    assertEquals(0, get(base + "/v1/streams/" + s + "/events?from=latest").lines().size());
    String future = Instant.now().plusSeconds(3600).toString();
    assertEquals(0, get(base + "/v1/streams/" + s + "/events?from=" + future).lines().size());
    String past = Instant.ofEpochMilli(before - 1000).toString();
    assertEquals(100, get(base + "/v1/streams/" + s + "/events?from=" + past).lines().size());
  }

  @Test
  void jsonArraysSingleObjectsAndCsvAreAccepted() throws Exception {
    String s = newStream(1);
    assertEquals(200, post(base + "/v1/streams/" + s + "/events", "{\"one\":1}").status());
    assertEquals(200, post(base + "/v1/streams/" + s + "/events", "[{\"two\":2},{\"three\":3}]").status());
    var csv = post(base + "/v1/streams/" + s + "/events?format=csv", "id,name\n1,\"Doe, J\"\n2,x\n");
    assertEquals(200, csv.status(), csv.body());
    List<JsonNode> lines = get(base + "/v1/streams/" + s + "/events").lines();
    assertEquals(5, lines.size());
    assertEquals("Doe, J", lines.get(3).get("value").get("name").asText());
    for (int i = 0; i < 5; i++) assertEquals(i, lines.get(i).get("offset").asLong());
  }

  @Test
  void followDeliversEventsAsTheyArePersisted() throws Exception {
    String s = newStream(2);
    post(base + "/v1/streams/" + s + "/events", ndjson(0, 3));
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/streams/" + s + "/events?from=latest&follow=true")).build();
    CompletableFuture<HttpResponse<Stream<String>>> response =
        HttpClients.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> open = response.get(30, TimeUnit.SECONDS);
    assertEquals(200, open.statusCode());
    Iterator<String> lines = open.body().filter(l -> !l.isBlank()).iterator();
    // The response is open before the events exist; they arrive once persisted.
    assertEquals(200, post(base + "/v1/streams/" + s + "/events", ndjson(100, 4)).status());
    List<Integer> ids = new ArrayList<>();
    CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
      while (ids.size() < 4 && lines.hasNext()) {
        ids.add(new HttpClients.Reply(200, lines.next()).json().get("value").get("id").asInt());
      }
    });
    reading.get(30, TimeUnit.SECONDS);
    ids.sort(Integer::compare);
    assertEquals(List.of(100, 101, 102, 103), ids);
    open.body().close();
  }

  @Test
  void badInputGetsItsErrorAndTheServerKeepsServing() throws Exception {
    String s = newStream(1);
    var malformed = post(base + "/v1/streams/" + s + "/events", "{\"a\":1}\n{\"a\":2}\n{\"a\" 3}\n");
    assertEquals(400, malformed.status());
    JsonNode err = malformed.json();
    assertEquals("malformed_record", err.get("error_code").asText());
    assertEquals(3, err.get("details").get("line").asInt());
    assertTrue(err.get("message").asText().contains("line 3"));
    assertEquals(2, err.get("details").get("appended").get("records").asInt(), "records before the fault are reported");

    var badCsv = post(base + "/v1/streams/" + s + "/events?format=csv", "a,b\n1,2\n1,2,3\n");
    assertEquals(400, badCsv.status());
    assertEquals(3, badCsv.json().get("details").get("line").asInt());

    var unknown = post(base + "/v1/streams/no_such_stream/events", "{\"a\":1}");
    assertEquals(404, unknown.status());
    assertEquals("stream_not_found", unknown.json().get("error_code").asText());
    assertEquals(404, get(base + "/v1/streams/no_such_stream/events").status());

    var hugeLine = post(base + "/v1/streams/" + s + "/events", "{\"a\":\"" + "x".repeat(5000) + "\"}\n");
    assertEquals(413, hugeLine.status());
    assertEquals("record_too_large", hugeLine.json().get("error_code").asText());

    var hugeBody = post(base + "/v1/streams/" + s + "/events", ndjson(0, 20_000));
    assertEquals(413, hugeBody.status(), hugeBody.body());
    assertEquals("body_too_large", hugeBody.json().get("error_code").asText());

    assertEquals(400, post(base + "/v1/streams", "{\"name\":\"bad name!\"}").status());
    assertEquals(400, post(base + "/v1/streams", "{\"name\":\"ok_name\",\"retention_policy\":\"soon\"}").status());
    assertEquals(400, post(base + "/v1/streams", "not json").status());
    assertEquals(400, post(base + "/v1/streams", "{\"name\":\"ok_name\",\"partitions\":0}").status());
    assertEquals(400, get(base + "/v1/streams/" + s + "/events?from=yesterday").status());
    assertEquals(400, get(base + "/v1/streams/" + s + "/events?partition=5").status());

    // Still serving, and nothing acknowledged was lost.
    assertEquals(200, post(base + "/v1/streams/" + s + "/events", "{\"ok\":true}").status());
    List<JsonNode> lines = get(base + "/v1/streams/" + s + "/events").lines();
    assertEquals(true, lines.get(lines.size() - 1).get("value").get("ok").asBoolean());
    assertEquals(200, get(base + "/healthz").status());
  }

  @Test
  void rawTopicRecordsKeepTheirKeyTimestampPartitionAndTombstones() throws Exception {
    String s = newStream(2);
    var ack = post(base + "/v1/topics/" + s + "/records",
        "{\"key\":\"a\",\"value\":{\"x\":1},\"timestamp\":1000,\"partition\":1}\n{\"key\":\"a\",\"value\":null,\"partition\":1}\n");
    assertEquals(200, ack.status(), ack.body());
    List<JsonNode> records = get(base + "/v1/topics/" + s + "/records?from=earliest&timeout_ms=300").lines();
    assertEquals(2, records.size());
    assertEquals(1, records.get(0).get("partition").asInt());
    assertEquals(1000, records.get(0).get("timestamp").asLong());
    assertEquals("a", records.get(0).get("key").asText());
    assertEquals(1, records.get(0).get("value").get("x").asInt());
    assertTrue(records.get(1).get("value").isNull(), "value null is a tombstone");
    var badPartition = post(base + "/v1/topics/" + s + "/records", "{\"key\":1,\"value\":1,\"partition\":9}");
    assertEquals(400, badPartition.status());
    assertTrue(get(base + "/v1/topics").json().get("topics").toString().contains(s));
  }

  @Test
  void numbersKeepEveryDigitOnTheWayIn() throws Exception {
    String s = newStream(1);
    String value = "{\"x\":10.1234512345123451234,\"y\":1.10,\"z\":123456789012345678901234567890,\"e\":1e400}";
    assertEquals(200, post(base + "/v1/streams/" + s + "/events", value).status());
    assertEquals(200, post(base + "/v1/topics/" + s + "/records", "{\"key\":2.50,\"value\":" + value + "}").status());
    String body = get(base + "/v1/topics/" + s + "/records?from=earliest&timeout_ms=300").body();
    assertTrue(body.contains("\"key\":null,\"value\":" + value + "}"), body);
    assertTrue(body.contains("\"key\":2.50,\"value\":" + value + "}"), body);
  }

  @Test
  void topicsTakeObjectAndArrayKeysAlsoInTombstones() throws Exception {
    String s = newStream(4);
    String structKey = "{\"ID\":1,\"NAME\":\"a\"}";
    var ack = post(base + "/v1/topics/" + s + "/records",
        "{\"key\": {\"ID\": 1, \"NAME\": \"a\"}, \"value\": {\"v\": 1}}\n"
            + "{\"key\": [1, \"b\"], \"value\": {\"v\": 2}}\n"
            + "{\"key\": {\"ID\": 1, \"NAME\": \"a\"}, \"value\": null}\n");
    assertEquals(200, ack.status(), ack.body());
    List<String> lines = get(base + "/v1/topics/" + s + "/records?from=earliest&timeout_ms=300").body().lines().toList();
    int structPartition = io.streamsql.core.log.Partitioner.partitionForKey(structKey, 4);
    int tombstoneOffset = io.streamsql.core.log.Partitioner.partitionForKey("[1,\"b\"]", 4) == structPartition ? 2 : 1;
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("{\"partition\":" + structPartition + ",\"offset\":0,")
        && l.endsWith("\"key\":" + structKey + ",\"value\":{\"v\":1}}")), "placed by murmur2 of the key's JSON: " + lines);
    assertTrue(lines.stream().anyMatch(l -> l.contains("\"key\":[1,\"b\"],\"value\":{\"v\":2}")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("{\"partition\":" + structPartition + ",\"offset\":" + tombstoneOffset + ",")
        && l.endsWith("\"key\":" + structKey + ",\"value\":null}")), "the tombstone goes with its key: " + lines);
  }

  @Test
  void keylessRecordsGoRoundRobin() throws Exception {
    String s = newStream(4);
    var ack = post(base + "/v1/streams/" + s + "/events", ndjson(0, 8).replaceAll(",\"user\":\"u\\d\"", ""));
    assertEquals(200, ack.status(), ack.body());
    JsonNode partitions = ack.json().get("partitions");
    assertEquals(4, partitions.size(), ack.body());
    for (JsonNode p : partitions) assertEquals(2, p.get("records").asInt(), ack.body());
  }

  @Test
  void badCsvIsA400NamingLineAndColumnWithAShortExcerpt() throws Exception {
    String s = newStream(1);
    var badQuote = post(base + "/v1/streams/" + s + "/events?format=csv", "a,b\n\"x\"\"\"x\"\"" + "y".repeat(4000) + "\",1\n");
    assertEquals(400, badQuote.status(), badQuote.body());
    JsonNode err = badQuote.json();
    assertEquals("malformed_record", err.get("error_code").asText());
    assertEquals(2, err.get("details").get("line").asInt());
    assertEquals(6, err.get("details").get("column").asInt());
    assertTrue(err.get("message").asText().length() < 300, err.get("message").asText());
    assertTrue(badQuote.body().length() < 1000, badQuote.body());
    assertTrue(!badQuote.body().contains("fasterxml") && !badQuote.body().contains("Exception"), badQuote.body());

    var duplicate = post(base + "/v1/streams/" + s + "/events?format=csv", "a,a\n1,2\n");
    assertEquals(400, duplicate.status(), duplicate.body());
    assertEquals("malformed_record", duplicate.json().get("error_code").asText());
    assertTrue(duplicate.json().get("message").asText().contains("'a' twice"), duplicate.body());
    var empty = post(base + "/v1/streams/" + s + "/events?format=csv", "a,\n1,2\n");
    assertEquals(400, empty.status(), empty.body());
    assertTrue(empty.json().get("message").asText().contains("empty column name"), empty.body());
    assertEquals(0, get(base + "/v1/streams/" + s + "/events").lines().size(), "nothing was appended");

    var longFormat = post(base + "/v1/streams/" + s + "/events?format=" + "q".repeat(1000), "{}");
    assertEquals(400, longFormat.status());
    assertTrue(longFormat.body().length() < 600, longFormat.body());
  }

  @Test
  void http2PriorKnowledgeIsServedOnTheSamePort() throws Exception {
    Process curl = new ProcessBuilder("curl", "-s", "--http2-prior-knowledge", "-o", "/dev/null", "-w", "%{http_version} %{http_code}", base + "/readyz")
        .redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes()).trim();
    assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
    assertEquals("2 200", out);
  }

  @Test
  void readinessReportsJournalAndMembership() throws Exception {
    var ready = get(base + "/readyz");
    assertEquals(200, ready.status());
    assertEquals("up", ready.json().get("journal").asText());
    assertEquals("Up", ready.json().get("member_status").asText());
  }
}
