package io.streamsql.persistence.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TablePartitionEntityTest {
  private final ActorTestKit testKit =
      ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private EventSourcedBehaviorTestKit<TablePartitionEntity.Command, TablePartitionEntity.Event, TablePartitionState> kit;
  private final InMemoryChunks chunks = new InMemoryChunks();

  /** Snapshot chunks kept in memory, recording every chunk written. */
  static final class InMemoryChunks implements ChunkStore {
    final Map<String, List<byte[]>> sets = new java.util.concurrent.ConcurrentHashMap<>();

    public java.util.concurrent.CompletionStage<Done> write(String pid, String id, List<byte[]> chunks) {
      sets.put(pid + "/" + id, List.copyOf(chunks));
      return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
    }

    public java.util.concurrent.CompletionStage<List<byte[]>> read(String pid, String id, int n) {
      List<byte[]> set = sets.get(pid + "/" + id);
      if (set == null || set.size() != n) {
        return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("missing chunks"));
      }
      return java.util.concurrent.CompletableFuture.completedFuture(set);
    }

    public java.util.concurrent.CompletionStage<Done> delete(String pid, String id) {
      sets.remove(pid + "/" + id);
      return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
    }

    public java.util.concurrent.CompletionStage<Done> deleteAll(String pid) {
      sets.keySet().removeIf(k -> k.startsWith(pid + "/"));
      return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
    }
  }

  @BeforeEach
  void fresh() {
    chunks.sets.clear();
    kit = EventSourcedBehaviorTestKit.create(testKit.system(),
        TablePartitionEntity.create("t:inc:0", new LogPartitionEntity.Settings(10_000, 1 << 20, 100),
            new TablePartitionEntity.SnapshotSettings(300, 20), chunks),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyState(false));
    kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static StoredRecord row(String key, String json) {
    return new StoredRecord(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8), 1L, Map.of());
  }

  private StatusReply<LogPartitionEntity.Appended> write(StoredRecord... rows) {
    return kit.<StatusReply<LogPartitionEntity.Appended>>runCommand(r -> new TablePartitionEntity.Write(Arrays.asList(rows), r)).reply();
  }

  private String get(String key, int version) {
    byte[] v = kit.<TablePartitionEntity.RowValue>runCommand(r -> new TablePartitionEntity.GetRow(key, version, r)).reply().value();
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  @Test
  void upsertsDeletesAndReadsYourWrites() {
    assertEquals(0, write(row("\"a\"", "{\"id\":\"a\",\"n\":1}"), row("1", "{\"id\":1}")).getValue().firstOffset());
    assertEquals("{\"id\":\"a\",\"n\":1}", get("\"a\"", 0));
    assertEquals("{\"id\":1}", get("1", 0));
    assertNull(get("\"1\"", 0), "the string \"1\" and the number 1 are different keys");
    var second = write(row("\"a\"", "{\"id\":\"a\",\"n\":2}"), row("1", null));
    assertEquals(2, second.getValue().firstOffset(), "every change is a changelog record, tombstones included");
    assertEquals("{\"id\":\"a\",\"n\":2}", get("\"a\"", 0));
    assertNull(get("1", 0));
    kit.restart();
    assertEquals("{\"id\":\"a\",\"n\":2}", get("\"a\"", 0));
    assertNull(get("1", 0));
  }

  @Test
  void scanPagesInKeyOrder() {
    for (int i = 0; i < 25; i++) write(row(String.format("\"k%02d\"", i), "{}"));
    var first = kit.<TablePartitionEntity.RowPage>runCommand(r -> new TablePartitionEntity.ScanRows(0, null, 10, r)).reply();
    assertEquals(10, first.rows().size());
    assertTrue(first.more());
    String after = first.rows().get(9).keyJson();
    var rest = kit.<TablePartitionEntity.RowPage>runCommand(r -> new TablePartitionEntity.ScanRows(0, after, 100, r)).reply();
    assertEquals(15, rest.rows().size());
    assertFalse(rest.more());
    assertEquals("\"k10\"", rest.rows().get(0).keyJson());
  }

  @Test
  void sealingTheCurrentContentFreezesItAndTheVersionNeverChanges() {
    write(row("\"a\"", "{\"v\":1}"));
    kit.<StatusReply<Done>>runCommand(r -> new TablePartitionEntity.SealVersion(1, null, true, r));
    var refused = write(row("\"a\"", "{\"v\":2}"));
    assertTrue(refused.isError());
    assertEquals("{\"v\":1}", get("\"a\"", 1));
    // a new version is staged, invisible until sealed, and leaves version 1 alone
    kit.<StatusReply<LogPartitionEntity.Appended>>runCommand(r -> new TablePartitionEntity.StageVersion(2, "load-1", List.of(row("\"a\"", "{\"v\":3}"), row("\"b\"", "{}")), r));
    assertNull(get("\"b\"", 2));
    kit.<StatusReply<Done>>runCommand(r -> new TablePartitionEntity.SealVersion(2, "load-1", false, r));
    assertEquals("{\"v\":3}", get("\"a\"", 2));
    assertEquals("{\"v\":1}", get("\"a\"", 1));
    var restaged = kit.<StatusReply<LogPartitionEntity.Appended>>runCommand(r -> new TablePartitionEntity.StageVersion(2, "load-2", List.of(row("\"a\"", "{}")), r));
    assertTrue(restaged.reply().isError(), "a sealed version takes no more rows");
    kit.restart();
    assertEquals("{\"v\":1}", get("\"a\"", 1));
    assertEquals("{\"v\":3}", get("\"a\"", 2));
    assertTrue(write(row("\"c\"", "{}")).isError());
  }

  @Test
  void aNewLoadOfAVersionReplacesTheStagedRowsOfAnEarlierOne() {
    kit.<StatusReply<LogPartitionEntity.Appended>>runCommand(r -> new TablePartitionEntity.StageVersion(1, "first", List.of(row("\"old\"", "{}")), r));
    kit.<StatusReply<LogPartitionEntity.Appended>>runCommand(r -> new TablePartitionEntity.StageVersion(1, "second", List.of(row("\"new\"", "{}")), r));
    assertTrue(kit.<StatusReply<Done>>runCommand(r -> new TablePartitionEntity.SealVersion(1, "first", false, r)).reply().isError());
    assertTrue(kit.<StatusReply<Done>>runCommand(r -> new TablePartitionEntity.SealVersion(1, "second", false, r)).reply().isSuccess());
    assertNull(get("\"old\"", 1));
    assertEquals("{}", get("\"new\"", 1));
  }

  private String snapshotId() {
    return kit.<TablePartitionEntity.TablePartitionInfo>runCommand(TablePartitionEntity.GetTableInfo::new).reply().snapshotId();
  }

  @Test
  void snapshotsAreChunkedAndRecoveryReadsThemBackBeforeServing() throws InterruptedException {
    for (int i = 0; i < 30; i++) write(row("\"k" + i + "\"", "{\"i\":" + i + ",\"pad\":\"xxxxxxxxxxxxxxxxxxxx\"}"));
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (snapshotId() == null && System.nanoTime() < deadline) java.util.concurrent.TimeUnit.MILLISECONDS.sleep(20);
    String first = snapshotId();
    assertTrue(first != null, "30 changed rows > max(20, rows held) trigger a snapshot");
    List<byte[]> set = chunks.sets.get("TablePartition|t:inc:0/" + first);
    assertTrue(set.size() > 1, "the content is cut into chunks");
    for (byte[] chunk : set) assertTrue(chunk.length < 1000, "chunks stay near the configured size");
    // changes after the snapshot are replayed on top of it
    write(row("\"k0\"", "{\"i\":100}"), row("\"k1\"", null), row("\"new\"", "{}"));
    kit.restart();
    assertEquals("{\"i\":100}", get("\"k0\"", 0));
    assertNull(get("\"k1\"", 0));
    assertEquals("{}", get("\"new\"", 0));
    assertEquals("{\"i\":29,\"pad\":\"xxxxxxxxxxxxxxxxxxxx\"}", get("\"k29\"", 0));
    assertEquals(first, snapshotId(), "recovered from the chunked snapshot");
    assertEquals(33, kit.<TablePartitionEntity.TablePartitionInfo>runCommand(TablePartitionEntity.GetTableInfo::new).reply().changelog().nextOffset());
  }

  @Test
  void chunkSetsOlderThanThePreviousSnapshotAreDeleted() throws InterruptedException {
    java.util.List<String> taken = new java.util.ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 25; i++) write(row("\"r" + i + "\"", "{\"round\":" + round + "}")); // rewrites: rows held stay 25
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      while ((snapshotId() == null || taken.contains(snapshotId())) && System.nanoTime() < deadline) {
        java.util.concurrent.TimeUnit.MILLISECONDS.sleep(20);
      }
      taken.add(snapshotId());
    }
    assertEquals(3, new java.util.HashSet<>(taken).size(), "three snapshots were taken");
    deadlineWait(() -> !chunks.sets.containsKey("TablePartition|t:inc:0/" + taken.get(0)));
    assertFalse(chunks.sets.containsKey("TablePartition|t:inc:0/" + taken.get(0)), "the oldest set is deleted");
    assertTrue(chunks.sets.containsKey("TablePartition|t:inc:0/" + taken.get(1)), "the previous set is kept");
    assertTrue(chunks.sets.containsKey("TablePartition|t:inc:0/" + taken.get(2)));
  }

  private static void deadlineWait(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) java.util.concurrent.TimeUnit.MILLISECONDS.sleep(20);
  }

  @Test
  void changesAreJournaledAsLogBatches() {
    var result = kit.<StatusReply<LogPartitionEntity.Appended>>runCommand(r -> new TablePartitionEntity.Write(List.of(row("\"x\"", "{}")), r));
    var event = assertInstanceOf(TablePartitionEntity.RowsChanged.class, result.event());
    assertEquals(1, event.seqNr());
    assertEquals(0, event.firstOffset());
  }
}
