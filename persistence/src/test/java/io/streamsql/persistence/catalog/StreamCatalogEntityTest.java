package io.streamsql.persistence.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamsql.core.log.RetentionPolicy;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamCatalogEntityTest {
  private final ActorTestKit testKit =
      ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private EventSourcedBehaviorTestKit<StreamCatalogEntity.Command, StreamCatalogEntity.Event, StreamCatalogEntity.State> kit;

  @BeforeEach
  void fresh() {
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), new StreamCatalogEntity("default"));
    kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private StatusReply<StreamDefinition> create(String name) {
    return kit.<StatusReply<StreamDefinition>>runCommand(
        r -> new StreamCatalogEntity.CreateStream(name, 4, RetentionPolicy.parse("7d"), 1L, r)).reply();
  }

  @Test
  void createdStreamsAreListedAndSurviveRestart() {
    StreamDefinition a = create("a").getValue();
    create("b");
    assertEquals(4, a.partitions());
    assertEquals(RetentionPolicy.parse("7d"), a.retention());
    kit.restart();
    List<StreamDefinition> list = kit.<StreamCatalogEntity.StreamList>runCommand(StreamCatalogEntity.ListStreams::new).reply().streams();
    assertEquals(List.of("a", "b"), list.stream().map(StreamDefinition::name).toList());
    assertEquals(a, kit.<StreamCatalogEntity.StreamLookup>runCommand(r -> new StreamCatalogEntity.GetStream("a", r)).reply().definition());
  }

  @Test
  void duplicateNamesAreRefusedWithoutAnEvent() {
    create("a");
    var result = kit.<StatusReply<StreamDefinition>>runCommand(
        r -> new StreamCatalogEntity.CreateStream("a", 1, RetentionPolicy.FOREVER, 2L, r));
    assertTrue(result.reply().isError());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void deleteFreesTheNameAndARecreatedStreamHasANewIncarnation() {
    String first = create("a").getValue().incarnation();
    assertTrue(kit.<StatusReply<StreamDefinition>>runCommand(r -> new StreamCatalogEntity.DeleteStream("a", r)).reply().isSuccess());
    assertNull(kit.<StreamCatalogEntity.StreamLookup>runCommand(r -> new StreamCatalogEntity.GetStream("a", r)).reply().definition());
    assertTrue(kit.<StatusReply<StreamDefinition>>runCommand(r -> new StreamCatalogEntity.DeleteStream("a", r)).reply().isError());
    assertNotEquals(first, create("a").getValue().incarnation());
  }
}
