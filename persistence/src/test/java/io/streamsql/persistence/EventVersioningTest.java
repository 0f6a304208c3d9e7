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
}
