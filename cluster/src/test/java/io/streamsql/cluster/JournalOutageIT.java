package io.streamsql.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.ops.cassandra.LocalCassandra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** While Cassandra is down requests are refused at once with journal_unavailable; after it returns they succeed. */
class JournalOutageIT {
  private static final LocalCassandra.Settings PRIVATE_NODE =
      new LocalCassandra.Settings(Path.of("target", "it-cassandra-outage"), "127.0.0.1", 9142, 7142, "512M", Duration.ofSeconds(180));

  @Test
  void requestsFailFastWhileTheJournalIsDownAndSucceedAgainAfter() throws Exception {
    LocalCassandra cassandra = LocalCassandra.startOrReuse(PRIVATE_NODE);
    assumeTrue(cassandra.startedHere(), "port 9142 is taken by a node this test cannot stop");
    try (StreamSqlNode node = StreamSqlNode.start(TestCassandra.nodeConfig("""
        datastax-java-driver.basic.contact-points = ["127.0.0.1:9142"]
        streamsql.journal.health-check-interval = 200ms
        """))) {
      node.streams().create("before_outage", 1, RetentionPolicy.FOREVER).toCompletableFuture().get(60, TimeUnit.SECONDS);

      cassandra.close();
      awaitTrue(() -> !node.journal().isHealthy(), Duration.ofSeconds(30));
      // Refused before any entity is asked: the call throws instead of returning a pending future.
      StreamSqlException refused = assertThrows(StreamSqlException.class,
          () -> node.streams().create("during_outage", 1, RetentionPolicy.FOREVER));
      assertEquals(ErrorCode.JOURNAL_UNAVAILABLE, refused.code());
      assertEquals(ErrorCode.JOURNAL_UNAVAILABLE,
          assertThrows(StreamSqlException.class, () -> node.streams().get("before_outage")).code());
      assertEquals(false, node.isReady().toCompletableFuture().get(10, TimeUnit.SECONDS));

      cassandra = LocalCassandra.startOrReuse(PRIVATE_NODE);
      awaitTrue(() -> node.journal().isHealthy(), Duration.ofSeconds(60));
      var def = node.streams().get("before_outage").toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertEquals(1, def.partitions());
      node.streams().create("after_outage", 1, RetentionPolicy.FOREVER).toCompletableFuture().get(60, TimeUnit.SECONDS);
    } finally {
      cassandra.close();
    }
  }

  private static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within " + timeout);
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }
}
