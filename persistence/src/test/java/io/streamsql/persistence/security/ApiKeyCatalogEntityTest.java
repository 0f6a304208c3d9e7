package io.streamsql.persistence.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamsql.persistence.security.ApiKeyCatalogEntity.StoredKey;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyCatalogEntityTest {
  private final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private EventSourcedBehaviorTestKit<ApiKeyCatalogEntity.Command, ApiKeyCatalogEntity.Event, ApiKeyCatalogEntity.State> kit;

  @BeforeEach
  void fresh() {
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), new ApiKeyCatalogEntity("default"));
    kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static StoredKey key(String id) {
    return new StoredKey(id, "ci-" + id, "ab".repeat(32), List.of("write"), List.of("orders_"), 7L);
  }

  private StatusReply<StoredKey> create(StoredKey k) {
    return kit.<StatusReply<StoredKey>>runCommand(r -> new ApiKeyCatalogEntity.Create(k, r)).reply();
  }

  private StatusReply<StoredKey> get(String id) {
    return kit.<StatusReply<StoredKey>>runCommand(r -> new ApiKeyCatalogEntity.Get(id, r)).reply();
  }

  @Test
  void aKeySurvivesARestartWithItsHashRolesAndScopesAndItsIdIsTaken() {
    assertEquals(key("k1"), create(key("k1")).getValue());
    kit.restart();
    assertEquals(key("k1"), get("k1").getValue());
    assertEquals(ApiKeyCatalogEntity.taken("k1"), create(key("k1")).getError().getMessage());
  }

  @Test
  void keyEventsAndStateAreCborWithAVersionedManifest() {
    var serialization = org.apache.pekko.serialization.SerializationExtension.get(
        org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(testKit.system()));
    for (Object o : List.of(new ApiKeyCatalogEntity.KeyCreated(key("k1")), new ApiKeyCatalogEntity.KeyRevoked("k1"),
        new ApiKeyCatalogEntity.State(java.util.Map.of("k1", key("k1"))))) {
      var serializer = serialization.findSerializerFor(o);
      String manifest = org.apache.pekko.serialization.Serializers.manifestFor(serializer, o);
      assertEquals(o.getClass().getName() + "#1", manifest);
      byte[] bytes = serialization.serialize(o).get();
      assertEquals(o, serialization.deserialize(bytes, serializer.identifier(), manifest).get());
    }
  }

  @Test
  void aRevokedKeyIsGoneAfterARestartAndUnknownIdsAreErrorsWithoutEvents() {
    create(key("k1"));
    create(key("k2"));
    assertEquals("k2", kit.<StatusReply<StoredKey>>runCommand(r -> new ApiKeyCatalogEntity.Revoke("k2", r)).reply().getValue().id());
    kit.restart();
    assertEquals(ApiKeyCatalogEntity.unknown("k2"), get("k2").getError().getMessage());
    var all = kit.<ApiKeyCatalogEntity.State>runCommand(ApiKeyCatalogEntity.GetAll::new).reply();
    assertEquals(List.of("k1"), all.all().stream().map(StoredKey::id).toList());
    var unknown = kit.<StatusReply<StoredKey>>runCommand(r -> new ApiKeyCatalogEntity.Revoke("zz", r));
    assertTrue(unknown.reply().isError());
    assertTrue(unknown.events().isEmpty());
  }
}
