package io.streamsql.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventVersioningTest {
  private final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
      "pekko.persistence.journal.plugin = \"\"\npekko.persistence.snapshot-store.plugin = \"\"").withFallback(ConfigFactory.load()));

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void eventsAreCborWithAVersionedManifestAndRoundTrip() {
    Serialization serialization = SerializationExtension.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(testKit.system()));
    var event = new LogPartitionEntity.BatchAppended(7, 100,
        List.of(new StoredRecord("\"k\"", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), 5L, Map.of("h", "v"))));
    var serializer = serialization.findSerializerFor(event);
    assertEquals("JacksonCborSerializer", serializer.getClass().getSimpleName());
    String manifest = Serializers.manifestFor(serializer, event);
    assertEquals(LogPartitionEntity.BatchAppended.class.getName() + "#1", manifest);
    byte[] bytes = serialization.serialize(event).get();
    var back = (LogPartitionEntity.BatchAppended) serialization.deserialize(bytes, serializer.identifier(), manifest).get();
    assertEquals(event.seqNr(), back.seqNr());
    assertEquals(event.firstOffset(), back.firstOffset());
    assertArrayEquals(event.records().get(0).value(), back.records().get(0).value());
    assertEquals(event.records().get(0).headers(), back.records().get(0).headers());
  }

  /** A query definition journaled before plans were stored (no "plan" field) still reads, with a null plan to migrate. */
  @Test
  void aStartedEventWrittenBeforePlansExistedReadsWithANullPlan() throws Exception {
    Serialization serialization = SerializationExtension.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(testKit.system()));
    var current = new io.streamsql.persistence.sql.QueryEntity.Started(new io.streamsql.persistence.sql.QueryDefinition(
        "CSAS_T_0", "ns", "CREATE STREAM T AS SELECT * FROM S;", "CREATE STREAM `S` (`A` INT)", "CREATE STREAM `T` (`A` INT)",
        "ns.s", "ns.t", null));
    var serializer = serialization.findSerializerFor(current);
    String manifest = Serializers.manifestFor(serializer, current);
    Map<String, Object> legacyDefinition = new java.util.LinkedHashMap<>();
    legacyDefinition.put("queryId", "CSAS_T_0");
    legacyDefinition.put("namespace", "ns");
    legacyDefinition.put("statement", "CREATE STREAM T AS SELECT * FROM S;");
    legacyDefinition.put("sourceDdl", "CREATE STREAM `S` (`A` INT)");
    legacyDefinition.put("sinkDdl", "CREATE STREAM `T` (`A` INT)");
    legacyDefinition.put("sourceLog", "ns.s");
    legacyDefinition.put("sinkLog", "ns.t");
    byte[] legacyBytes = new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper().writeValueAsBytes(
        Map.of("definition", legacyDefinition));
    var back = (io.streamsql.persistence.sql.QueryEntity.Started) serialization.deserialize(legacyBytes, serializer.identifier(),
        manifest).get();
    assertEquals(current, back);
  }
}
