package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two server processes on this machine form one Pekko cluster over one Cassandra. */
class TwoNodeClusterIT {

  @Test
  void aStreamCreatedOnNodeAAcceptsEventsThroughNodeBAndReadsThemBackThroughA() throws Exception {
    ServerProcess a = new ServerProcess("cluster-a", 18181, 25611, null);
    ServerProcess b = new ServerProcess("cluster-b", 18182, 25612, "pekko://streamsql@127.0.0.1:25611");
    try (a; b) {
      a.start();
      b.start();
      String name = "shared_" + UUID.randomUUID().toString().substring(0, 8);
      assertEquals(201, post(a.baseUrl() + "/v1/streams", "{\"name\":\"" + name + "\",\"partitions\":6}").status());

      String body = IntStream.range(0, 600).mapToObj(i -> "{\"id\":" + i + ",\"k\":\"key" + i % 17 + "\"}")
          .collect(Collectors.joining("\n"));
      var ack = post(b.baseUrl() + "/v1/streams/" + name + "/events?key_field=k", body);
      assertEquals(200, ack.status(), ack.body());
      assertEquals(600, ack.json().get("records").asInt());

      List<JsonNode> lines = get(a.baseUrl() + "/v1/streams/" + name + "/events").lines();
      assertEquals(600, lines.size());
      Set<Integer> ids = new HashSet<>();
      for (JsonNode l : lines) ids.add(l.get("value").get("id").asInt());
      assertEquals(600, ids.size());
      // Both nodes see one catalog.
      assertEquals(6, get(b.baseUrl() + "/v1/streams/" + name).json().get("partitions").asInt());
    }
  }
}
