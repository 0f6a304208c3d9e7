package io.streamsql.cluster.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamsql.cluster.sql.query.QueryResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A query counts as started and active while its rows flow, and completed, with its outcome, when they end. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryMetersTest {
  private final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static double count(SimpleMeterRegistry registry, String name, String kind, String outcome) {
    var search = registry.find(name).tag("kind", kind);
    if (outcome != null) search = search.tag("outcome", outcome);
    var counter = search.counter();
    return counter == null ? 0 : counter.count();
  }

  private static double active(SimpleMeterRegistry registry, String kind) {
    return registry.find("streamsql.queries.active").tag("kind", kind).gauge().value();
  }

  private static QueryResult result(Source<List<JsonNode>, NotUsed> rows) {
    return new QueryResult(null, List.of(), List.of(), rows);
  }

  /** The termination callback runs after the stream ends, on a stream thread: ask until it did. */
  private static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError(what);
      Thread.onSpinWait();
    }
  }

  @Test
  void aPullQueryThatReturnsItsRowsCompletesWithSuccess() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    QueryMeters meters = new QueryMeters(registry);
    QueryResult tracked = meters.track(QueryMeters.Kind.PULL, result(Source.from(List.of(List.of(), List.of()))));
    assertEquals(0, count(registry, "streamsql.queries.started", "pull", null), "not started before its rows flow");

    tracked.rows().runWith(Sink.ignore(), testKit.system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(1, count(registry, "streamsql.queries.started", "pull", null));
    eventually("completed", () -> count(registry, "streamsql.queries.completed", "pull", "success") == 1);
    assertEquals(0, active(registry, "pull"));
  }

  @Test
  void aPushQueryIsActiveUntilItIsClosed() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    QueryMeters meters = new QueryMeters(registry);
    QueryResult tracked = meters.track(QueryMeters.Kind.PUSH, result(Source.<List<JsonNode>>never()));
    var kill = tracked.rows().viaMat(KillSwitches.single(), Keep.right()).to(Sink.ignore()).run(testKit.system());
    assertEquals(1, count(registry, "streamsql.queries.started", "push", null));
    assertEquals(1, active(registry, "push"));

    kill.shutdown();
    eventually("completed", () -> count(registry, "streamsql.queries.completed", "push", "success") == 1);
    assertEquals(0, active(registry, "push"));
  }

  @Test
  void aQueryWhoseRowsFailCompletesWithError() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    QueryMeters meters = new QueryMeters(registry);
    QueryResult tracked = meters.track(QueryMeters.Kind.PUSH, result(Source.failed(new IllegalStateException("boom"))));
    tracked.rows().runWith(Sink.ignore(), testKit.system());
    eventually("completed with error", () -> count(registry, "streamsql.queries.completed", "push", "error") == 1);
    assertEquals(0, active(registry, "push"));
  }
}
