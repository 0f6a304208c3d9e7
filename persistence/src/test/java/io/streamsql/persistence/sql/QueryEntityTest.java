package io.streamsql.persistence.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.streamsql.core.sql.plan.QueryPlan;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryEntityTest {
  private static final QueryPlan PLAN = new QueryPlan(QueryPlan.CURRENT_VERSION, "CREATE STREAM `S` (`A` INT) WITH (KAFKA_TOPIC='s', "
      + "KEY_FORMAT='NONE', VALUE_FORMAT='JSON')", null, "CREATE STREAM `T` (`A` INT) WITH (KAFKA_TOPIC='t', KEY_FORMAT='NONE', "
      + "VALUE_FORMAT='JSON')", "A > 1", List.of(new QueryPlan.Column("A", "A", false)), true);

  private final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());

  /** Records what the entity asks of its runner. */
  private static final class RecordingRunner implements QueryRunner {
    final List<QueryDefinition> runs = new CopyOnWriteArrayList<>();
    final AtomicInteger migrations = new AtomicInteger();
    final TestProbe<QueryDefinition> started;

    RecordingRunner(TestProbe<QueryDefinition> started) {
      this.started = started;
    }

    @Override
    public Running run(QueryDefinition definition, Map<Integer, Long> from, ActorRef<QueryEntity.Command> entity) {
      runs.add(definition);
      started.ref().tell(definition);
      return () -> {};
    }

    @Override
    public QueryPlan planOf(QueryDefinition legacy) {
      migrations.incrementAndGet();
      return PLAN;
    }
  }

  @BeforeEach
  void clear() {
    journal.clearAll();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static QueryDefinition definition(String id, QueryPlan plan) {
    return new QueryDefinition(id, "ns", "CREATE STREAM T AS SELECT A FROM S WHERE A > 1;", "CREATE STREAM `S` (`A` INT)",
        "CREATE STREAM `T` (`A` INT)", "ns.s", "ns.t", plan);
  }

  @Test
  void startJournalsTheDefinitionWithItsPlanAndRunsIt() {
    TestProbe<QueryDefinition> started = testKit.createTestProbe();
    RecordingRunner runner = new RecordingRunner(started);
    var entity = testKit.spawn(QueryEntity.create("ns/CSAS_T_0", runner, null));
    TestProbe<StatusReply<Done>> reply = testKit.createTestProbe();
    entity.tell(new QueryEntity.Start(definition("CSAS_T_0", PLAN), reply.ref()));
    assertEquals(StatusReply.ack(), reply.receiveMessage());
    assertEquals(PLAN, started.receiveMessage().plan());
    journal.expectNextPersisted(QueryEntity.persistenceId("ns/CSAS_T_0").id(), new QueryEntity.Started(definition("CSAS_T_0", PLAN)));
    assertEquals(0, runner.migrations.get());
  }

  @Test
  void aDefinitionJournaledWithoutAPlanIsMigratedOnceAndKeepsItsPositions() {
    String pid = QueryEntity.persistenceId("ns/CSAS_T_1").id();
    // The journal as the previous version wrote it: a definition without a plan, then progress.
    journal.persistForRecovery(pid, List.of(new QueryEntity.Started(definition("CSAS_T_1", null)),
        new QueryEntity.Progressed(Map.of(0, 42L))));
    TestProbe<QueryDefinition> started = testKit.createTestProbe();
    RecordingRunner runner = new RecordingRunner(started);
    var entity = testKit.spawn(QueryEntity.create("ns/CSAS_T_1", runner, null));

    assertEquals(PLAN, started.receiveMessage().plan());
    assertEquals(1, runner.migrations.get());
    journal.expectNextPersisted(pid, new QueryEntity.PlanMigrated(definition("CSAS_T_1", PLAN)));
    TestProbe<QueryEntity.Status> status = testKit.createTestProbe();
    entity.tell(new QueryEntity.GetStatus(status.ref()));
    assertEquals(Map.of(0, 42L), status.receiveMessage().nextOffsets());

    // After another restart the stored plan is used: no second migration.
    testKit.stop(entity);
    RecordingRunner again = new RecordingRunner(started);
    testKit.spawn(QueryEntity.create("ns/CSAS_T_1", again, null));
    assertEquals(PLAN, started.receiveMessage().plan());
    assertEquals(0, again.migrations.get());
    assertEquals(PLAN, again.runs.get(0).plan());
  }
}
