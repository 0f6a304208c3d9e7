package io.streamsql.persistence.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamsql.persistence.connector.KafkaConnectorCatalogEntity.Connector;
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
class KafkaConnectorCatalogEntityTest {
  private final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private EventSourcedBehaviorTestKit<KafkaConnectorCatalogEntity.Command, KafkaConnectorCatalogEntity.Event, KafkaConnectorCatalogEntity.State> kit;

  @BeforeEach
  void fresh() {
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), new KafkaConnectorCatalogEntity("default"));
    kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static Connector connector(String name) {
    return new Connector(name, "inc1", name, "topic-" + name, "h:9092", "csv", "none", List.of("a", "b"), Map.of("client.id", "x"), 3,
        false, 7L);
  }

  private StatusReply<Connector> create(Connector c) {
    return kit.<StatusReply<Connector>>runCommand(r -> new KafkaConnectorCatalogEntity.Create(c, r)).reply();
  }

  private StatusReply<Connector> get(String name) {
    return kit.<StatusReply<Connector>>runCommand(r -> new KafkaConnectorCatalogEntity.Get(name, r)).reply();
  }

  @Test
  void aCreatedConnectorSurvivesARestartAndItsNameCannotBeTakenAgain() {
    assertEquals(connector("a"), create(connector("a")).getValue());
    kit.restart();
    assertEquals(connector("a"), get("a").getValue());
    StatusReply<Connector> again = create(connector("a"));
    assertTrue(again.isError());
    assertEquals(KafkaConnectorCatalogEntity.taken("a"), again.getError().getMessage());
    assertEquals(3, get("a").getValue().spec(2).partition() + 1);
  }

  @Test
  void pausingIsJournaledAndAnUnknownNameIsAnError() {
    create(connector("a"));
    var paused = kit.<StatusReply<Connector>>runCommand(r -> new KafkaConnectorCatalogEntity.SetPaused("a", true, r));
    assertTrue(paused.reply().getValue().paused());
    assertEquals(new KafkaConnectorCatalogEntity.PausedChanged("a", true), paused.event());
    kit.restart();
    assertTrue(get("a").getValue().paused());
    var unknown = kit.<StatusReply<Connector>>runCommand(r -> new KafkaConnectorCatalogEntity.SetPaused("zz", true, r));
    assertEquals(KafkaConnectorCatalogEntity.unknown("zz"), unknown.reply().getError().getMessage());
    assertTrue(unknown.events().isEmpty());
  }

  @Test
  void aDeletedConnectorIsGoneAndItsNameIsFreeAgain() {
    create(connector("a"));
    create(connector("b"));
    var deleted = kit.<StatusReply<Connector>>runCommand(r -> new KafkaConnectorCatalogEntity.Delete("a", r));
    assertEquals("a", deleted.reply().getValue().name());
    kit.restart();
    assertTrue(get("a").isError());
    var all = kit.<KafkaConnectorCatalogEntity.State>runCommand(KafkaConnectorCatalogEntity.GetAll::new).reply();
    assertEquals(List.of("b"), all.all().stream().map(Connector::name).toList());
    assertTrue(create(connector("a")).isSuccess());
  }
}
