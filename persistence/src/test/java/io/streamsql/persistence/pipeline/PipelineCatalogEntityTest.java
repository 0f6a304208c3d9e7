package io.streamsql.persistence.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.Lifecycle;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.Pipeline;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.ProgramError;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.ProgramStatus;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineCatalogEntityTest {
  private final ActorTestKit testKit =
      ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private EventSourcedBehaviorTestKit<PipelineCatalogEntity.Command, PipelineCatalogEntity.Event, PipelineCatalogEntity.State> kit;

  @BeforeEach
  void fresh() {
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), new PipelineCatalogEntity("default"));
    kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private StatusReply<Pipeline> put(String name, String program, boolean mustBeNew) {
    return kit.<StatusReply<Pipeline>>runCommand(r -> new PipelineCatalogEntity.Put(name, "d", program, "{}", mustBeNew, 1L, r)).reply();
  }

  private StatusReply<Pipeline> deployed(String name, long version) {
    return kit.<StatusReply<Pipeline>>runCommand(r -> new PipelineCatalogEntity.MarkDeployed(name, version, "ns" + version, 2L, r)).reply();
  }

  private StatusReply<Pipeline> lifecycle(String name, Lifecycle l) {
    return kit.<StatusReply<Pipeline>>runCommand(r -> new PipelineCatalogEntity.SetLifecycle(name, l, 3L, r)).reply();
  }

  @Test
  void aNewPipelineIsPendingAndStoppedUntilDeployedAndSurvivesRestart() {
    Pipeline p = put("p", "CREATE TABLE t (id INT)", false).getValue();
    assertEquals(1, p.programVersion());
    assertEquals(ProgramStatus.PENDING, p.programStatus());
    assertEquals(Lifecycle.STOPPED, p.lifecycle());
    Pipeline d = deployed("p", 1).getValue();
    assertEquals(ProgramStatus.SUCCESS, d.programStatus());
    assertEquals("ns1", d.deployed().namespace());
    kit.restart();
    Pipeline again = kit.<StatusReply<Pipeline>>runCommand(r -> new PipelineCatalogEntity.Get("p", r)).reply().getValue();
    assertEquals(d, again);
  }

  @Test
  void aChangedProgramIsTheNextVersionAndAFailureKeepsThePreviousDeployment() {
    put("p", "v1", false);
    deployed("p", 1);
    lifecycle("p", Lifecycle.RUNNING);
    Pipeline v2 = put("p", "v2", false).getValue();
    assertEquals(2, v2.programVersion());
    assertEquals(ProgramStatus.PENDING, v2.programStatus());
    assertEquals(1, v2.deployed().programVersion());
    Pipeline failed = kit.<StatusReply<Pipeline>>runCommand(
        r -> new PipelineCatalogEntity.MarkFailed("p", 2, new ProgramError("bad", 3, 7), 4L, r)).reply().getValue();
    assertEquals(ProgramStatus.SQL_ERROR, failed.programStatus());
    assertEquals(new ProgramError("bad", 3, 7), failed.programError());
    assertEquals(1, failed.deployed().programVersion());
    assertEquals("v1", failed.deployed().programCode());
    assertEquals(Lifecycle.RUNNING, failed.lifecycle());
  }

  @Test
  void theSameProgramKeepsItsVersion() {
    put("p", "v1", false);
    deployed("p", 1);
    Pipeline same = put("p", "v1", false).getValue();
    assertEquals(1, same.programVersion());
    assertEquals(ProgramStatus.SUCCESS, same.programStatus());
  }

  @Test
  void aStaleDeploymentIsRefusedWithoutAnEvent() {
    put("p", "v1", false);
    put("p", "v2", false);
    var result = kit.<StatusReply<Pipeline>>runCommand(r -> new PipelineCatalogEntity.MarkDeployed("p", 1, "ns1", 2L, r));
    assertTrue(result.reply().isError());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void aPipelineWithoutADeployedProgramCannotStart() {
    put("p", "v1", false);
    assertTrue(lifecycle("p", Lifecycle.RUNNING).isError());
    deployed("p", 1);
    assertEquals(Lifecycle.PAUSED, lifecycle("p", Lifecycle.PAUSED).getValue().lifecycle());
  }

  @Test
  void postRefusesAnExistingNameAndDeleteForgetsIt() {
    put("p", "v1", false);
    assertTrue(put("p", "v1", true).isError());
    kit.<StatusReply<Pipeline>>runCommand(r -> new PipelineCatalogEntity.Delete("p", r));
    assertTrue(kit.<StatusReply<Pipeline>>runCommand(r -> new PipelineCatalogEntity.Get("p", r)).reply().isError());
    assertNull(kit.getState().pipelines().get("p"));
  }
}
