package io.streamsql.persistence.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamsql.persistence.connector.KafkaSinkCatalogEntity.Sink;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSinkCatalogEntityTest {
  private final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private EventSourcedBehaviorTestKit<KafkaSinkCatalogEntity.Command, KafkaSinkCatalogEntity.Event, KafkaSinkCatalogEntity.State> kit;

  @BeforeEach
  void fresh() {
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), new KafkaSinkCatalogEntity("default"));
    kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static Sink sink(String name) {
    return new Sink(name, "i1", "orders", 4, "h:9092", "orders_out", "latest", Map.of("acks", "all"), false, 5L);
  }

  private StatusReply<Sink> create(Sink s) {
    return kit.<StatusReply<Sink>>runCommand(r -> new KafkaSinkCatalogEntity.Create(s, r)).reply();
  }

  private StatusReply<Sink> get(String name) {
    return kit.<StatusReply<Sink>>runCommand(r -> new KafkaSinkCatalogEntity.Get(name, r)).reply();
  }

  @Test
  void aSinkSurvivesARestartItsNameIsTakenAndItsKafkaNamesAreDerivedFromItsIncarnation() {
    assertEquals(sink("a"), create(sink("a")).getValue());
    kit.restart();
    Sink a = get("a").getValue();
    assertEquals(sink("a"), a);
    assertEquals("streamsql-sink-a-i1", a.group());
    assertEquals("streamsql-sink-a-i1-3", a.transactionalId(3));
    assertEquals("streamsql-sink-offsets-a-i1", a.offsetsTopic());
    assertEquals(KafkaSinkCatalogEntity.taken("a"), create(sink("a")).getError().getMessage());
  }

  @Test
  void pauseAndDeleteAreJournaledAndUnknownNamesAreErrors() {
    create(sink("a"));
    create(sink("b"));
    assertTrue(kit.<StatusReply<Sink>>runCommand(r -> new KafkaSinkCatalogEntity.SetPaused("a", true, r)).reply().getValue().paused());
    kit.<StatusReply<Sink>>runCommand(r -> new KafkaSinkCatalogEntity.Delete("b", r));
    kit.restart();
    assertTrue(get("a").getValue().paused());
    assertEquals(KafkaSinkCatalogEntity.unknown("b"), get("b").getError().getMessage());
    var all = kit.<KafkaSinkCatalogEntity.State>runCommand(KafkaSinkCatalogEntity.GetAll::new).reply();
    assertEquals(List.of("a"), all.all().stream().map(Sink::name).toList());
    var unknown = kit.<StatusReply<Sink>>runCommand(r -> new KafkaSinkCatalogEntity.Delete("zz", r));
    assertTrue(unknown.reply().isError());
    assertTrue(unknown.events().isEmpty());
  }
}
