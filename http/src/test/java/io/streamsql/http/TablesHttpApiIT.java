package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static io.streamsql.http.HttpClients.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The native tables API over real HTTP, on a node backed by the real Cassandra. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TablesHttpApiIT {
  private InProcessServer server;
  private String base;

  @BeforeAll
  void startServer() throws Exception {
    server = new InProcessServer("""
        streamsql.http.max-record-bytes = 4KiB
        """);
    base = server.baseUrl();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  private String newTable() throws Exception {
    String name = "t_" + UUID.randomUUID().toString().substring(0, 8);
    var r = post(base + "/v1/tables", "{\"name\":\"" + name + "\",\"primary_key\":\"id\",\"partitions\":3}");
    assertEquals(201, r.status(), r.body());
    return name;
  }

  @Test
  void dynamicTableUpsertGetDeleteScanWithReadYourWrites() throws Exception {
    String t = newTable();
    String rows = IntStream.range(0, 200).mapToObj(i -> "{\"id\":\"u" + i + "\",\"n\":" + i + "}").collect(Collectors.joining("\n"));
    var ack = post(base + "/v1/tables/" + t + "/rows", rows);
    assertEquals(200, ack.status(), ack.body());
    assertEquals(200, ack.json().get("records").asInt());
    assertEquals(7, get(base + "/v1/tables/" + t + "/rows/u7").json().get("n").asInt());

    // upsert, then read your write at once
    assertEquals(200, post(base + "/v1/tables/" + t + "/rows", "{\"id\":\"u7\",\"n\":700}").status());
    assertEquals(700, get(base + "/v1/tables/" + t + "/rows/u7").json().get("n").asInt());
    assertEquals(200, send("DELETE", base + "/v1/tables/" + t + "/rows/u7", null).status());
    var gone = get(base + "/v1/tables/" + t + "/rows/u7");
    assertEquals(404, gone.status());
    assertEquals("row_not_found", gone.json().get("error_code").asText());

    List<JsonNode> scanned = get(base + "/v1/tables/" + t + "/rows").lines();
    assertEquals(199, scanned.size());
    Set<String> ids = new HashSet<>();
    scanned.forEach(r -> ids.add(r.get("id").asText()));
    assertEquals(199, ids.size());

    JsonNode described = get(base + "/v1/tables/" + t).json();
    assertEquals(199, described.get("rows").asInt());
    assertEquals("dynamic", described.get("kind").asText());
    assertEquals(202, described.get("changelog_records").asInt(), "200 inserts, 1 update, 1 tombstone");
  }

  @Test
  void theChangelogHoldsEveryUpsertAndTombstoneInOrder() throws Exception {
    String t = newTable();
    post(base + "/v1/tables/" + t + "/rows", "{\"id\":\"k\",\"v\":1}");
    post(base + "/v1/tables/" + t + "/rows", "{\"id\":\"k\",\"v\":2}");
    send("DELETE", base + "/v1/tables/" + t + "/rows/k", null);
    List<JsonNode> changes = get(base + "/v1/tables/" + t + "/changes?from=earliest").lines();
    assertEquals(3, changes.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(i, changes.get(i).get("offset").asInt());
      assertEquals("k", changes.get(i).get("key").asText());
    }
    assertEquals(1, changes.get(0).get("value").get("v").asInt());
    assertEquals(2, changes.get(1).get("value").get("v").asInt());
    assertTrue(changes.get(2).get("value").isNull(), "a delete is a tombstone");
    assertEquals(1, get(base + "/v1/tables/" + t + "/changes?from=2").lines().size());
  }

  @Test
  void stringAndNumberKeysAreDistinct() throws Exception {
    String t = newTable();
    assertEquals(200, post(base + "/v1/tables/" + t + "/rows", "{\"id\":1,\"kind\":\"number\"}\n{\"id\":\"1\",\"kind\":\"string\"}").status());
    assertEquals("number", get(base + "/v1/tables/" + t + "/rows/1").json().get("kind").asText());
    assertEquals("string", get(base + "/v1/tables/" + t + "/rows/%221%22").json().get("kind").asText());
  }

  @Test
  void versionsAreImmutableAndOlderOnesStayReadable() throws Exception {
    String t = newTable();
    post(base + "/v1/tables/" + t + "/rows", "{\"id\":\"a\",\"v\":1}");
    assertEquals(400, get(base + "/v1/tables/" + t + "/rows/a?version=1").status(), "dynamic tables are not versioned");
    var sealed = post(base + "/v1/tables/" + t + "/versions", "{\"version\":1}");
    assertEquals(201, sealed.status(), sealed.body());
    var refused = post(base + "/v1/tables/" + t + "/rows", "{\"id\":\"a\",\"v\":99}");
    assertEquals(409, refused.status());
    assertEquals("table_immutable", refused.json().get("error_code").asText());
    assertEquals(409, send("DELETE", base + "/v1/tables/" + t + "/rows/a", null).status());

    var v2 = post(base + "/v1/tables/" + t + "/versions?version=2", "{\"id\":\"a\",\"v\":2}\n{\"id\":\"b\",\"v\":2}");
    assertEquals(201, v2.status(), v2.body());
    assertEquals(2, get(base + "/v1/tables/" + t + "/rows/a").json().get("v").asInt(), "the newest version by default");
    assertEquals(1, get(base + "/v1/tables/" + t + "/rows/a?version=1").json().get("v").asInt());
    assertEquals(404, get(base + "/v1/tables/" + t + "/rows/b?version=1").status());
    assertEquals(404, get(base + "/v1/tables/" + t + "/rows/a?version=7").status());
    assertEquals(409, post(base + "/v1/tables/" + t + "/versions?version=2", "{\"id\":\"a\"}").status(), "a sealed version never changes");
    assertEquals(409, post(base + "/v1/tables/" + t + "/versions?version=1", "{\"id\":\"a\"}").status());
    assertEquals(2, get(base + "/v1/tables/" + t + "/rows?version=2").lines().size());
    JsonNode versions = get(base + "/v1/tables/" + t + "/versions").json();
    assertEquals("[1,2]", versions.get("versions").toString());
  }

  @Test
  void immutableTableCreatedWithItsData() throws Exception {
    String name = "cities_" + UUID.randomUUID().toString().substring(0, 8);
    var created = post(base + "/v1/tables", "{\"name\":\"" + name + "\",\"primary_key\":\"code\",\"immutable\":true,\"version\":1,"
        + "\"data\":[{\"code\":\"NYC\",\"name\":\"New York\"},{\"code\":\"SF\",\"name\":\"San Francisco\"}]}");
    assertEquals(201, created.status(), created.body());
    assertEquals("[1]", created.json().get("versions").toString());
    assertEquals("New York", get(base + "/v1/tables/" + name + "/rows/NYC").json().get("name").asText());
    assertEquals(409, post(base + "/v1/tables/" + name + "/rows", "{\"code\":\"LA\"}").status());
  }

  @Test
  void badInputGetsClearErrors() throws Exception {
    String t = newTable();
    var noKey = post(base + "/v1/tables/" + t + "/rows", "{\"id\":\"ok\"}\n{\"name\":\"no key\"}");
    assertEquals(400, noKey.status());
    assertEquals(2, noKey.json().get("details").get("line").asInt());
    assertEquals(1, noKey.json().get("details").get("appended").get("records").asInt());
    var objectKey = post(base + "/v1/tables/" + t + "/rows", "{\"id\":{\"a\":1}}");
    assertEquals(400, objectKey.status());
    assertTrue(objectKey.json().get("message").asText().contains("must be a string, number or boolean"));
    assertEquals(413, post(base + "/v1/tables/" + t + "/rows", "{\"id\":\"big\",\"x\":\"" + "x".repeat(5000) + "\"}").status());
    assertEquals(404, post(base + "/v1/tables/nope_nope/rows", "{\"id\":1}").status());
    assertEquals(404, get(base + "/v1/tables/nope_nope/rows/1").status());
    assertEquals(400, post(base + "/v1/tables", "{\"name\":\"x_no_key\"}").status());
    assertEquals(400, post(base + "/v1/tables", "{\"name\":\"x_dyn\",\"primary_key\":\"id\",\"version\":1}").status());
    assertEquals(400, post(base + "/v1/tables", "{\"name\":\"x_dyn\",\"primary_key\":\"id\",\"data\":[]}").status());
    assertEquals(409, post(base + "/v1/tables", "{\"name\":\"" + t + "\",\"primary_key\":\"id\"}").status());
    assertEquals(400, get(base + "/v1/tables/" + t + "/rows/%5B1%5D").status(), "array keys are refused");
    assertEquals(200, post(base + "/v1/tables/" + t + "/rows", "{\"id\":\"still-serving\"}").status());
    assertEquals(200, get(base + "/v1/tables/" + t + "/rows/still-serving").status());
  }
}
