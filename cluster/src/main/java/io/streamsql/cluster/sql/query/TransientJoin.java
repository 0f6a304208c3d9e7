package io.streamsql.cluster.sql.query;

import io.streamsql.cluster.sql.StageInput;
import io.streamsql.cluster.streams.LogEntry;
import io.streamsql.cluster.streams.LogReader;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.cluster.tables.TableService;
import io.streamsql.core.log.ReadPosition;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.core.sql.plan.OutputRecord;
import io.streamsql.core.sql.plan.PlannedQuery;
import io.streamsql.core.sql.plan.SourceSchemas;
import io.streamsql.core.sql.plan.StatefulProcessor;
import io.streamsql.core.sql.plan.join.JoinPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A join run in memory for one push query: each source's records are keyed by the side keyer and
 * fed to one join state, as the persistent join does through its input log and state partitions.
 * The order is the persistent join's: sealed table versions first, then (from {@code earliest})
 * what each table holds now, then the stream sides, all live.
 */
final class TransientJoin {
  private final PlannedQuery plan;
  private final List<StatefulProcessor> keyers;
  private final StatefulProcessor joiner;
  private long sequence;

  TransientJoin(PlannedQuery plan) {
    this.plan = plan;
    this.keyers = plan.join().keyers();
    this.joiner = plan.join().newPartition().get();
  }

  /** The joined output records, from {@code from} on every source. */
  CompletionStage<Source<OutputRecord, NotUsed>> run(ReadPosition from, StreamService streams, TableService tables, LogReader reader) {
    JoinPlan join = plan.plan().join();
    List<CompletableFuture<StageInput>> opened = new ArrayList<>();
    for (JoinPlan.Source s : join.sources()) opened.add(StageInput.open(s.log(), streams, tables, reader).toCompletableFuture());
    return CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new))
        .thenCompose(all -> {
          List<CompletableFuture<List<Long>>> ends = new ArrayList<>();
          for (CompletableFuture<StageInput> input : opened) ends.add(input.join().ends().toCompletableFuture());
          return CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<StageInput> inputs = opened.stream().map(CompletableFuture::join).toList();
            return records(join, inputs, ends.stream().map(CompletableFuture::join).toList(), from instanceof ReadPosition.Latest);
          });
        });
  }

  private Source<OutputRecord, NotUsed> records(JoinPlan join, List<StageInput> inputs, List<List<Long>> ends, boolean latest) {
    Source<Pair<Integer, LogEntry>, NotUsed> versions = Source.empty();
    Source<Pair<Integer, LogEntry>, NotUsed> tableSides = Source.empty();
    Source<Pair<Integer, LogEntry>, NotUsed> streamSides = Source.empty();
    TablesLoaded loaded = new TablesLoaded();
    for (int i = 0; i < inputs.size(); i++) {
      JoinPlan.Source source = join.sources().get(i);
      boolean version = source.log().contains("@");
      boolean table = SourceSchemas.fromDdl(source.ddl()).isTable();
      List<Long> end = ends.get(i);
      Source<Pair<Integer, LogEntry>, NotUsed> side = Source.empty();
      for (int p = 0; p < inputs.get(i).partitions(); p++) {
        long start = latest && !version && p < end.size() ? end.get(p) : 0L;
        int index = i;
        side = side.merge(inputs.get(i).read(p, start).map(e -> Pair.create(index, e)));
        if (table && !version && !latest && p < end.size() && end.get(p) > 0) loaded.expect(i, p, end.get(p));
      }
      if (version) versions = versions.concat(side);
      else if (table) tableSides = tableSides.merge(side);
      else streamSides = streamSides.merge(side);
    }
    Source<Pair<Integer, LogEntry>, NotUsed> streamsLater = streamSides;
    Source<Pair<Integer, LogEntry>, NotUsed> rest = tableSides.merge(
        Source.completionStage(loaded.done()).flatMapConcat(ready -> streamsLater));
    return versions.concat(Source.lazySource(() -> rest).mapMaterializedValue(m -> NotUsed.getInstance()))
        .mapConcat(pair -> {
          List<OutputRecord> out = new ArrayList<>(1);
          process(pair.first(), pair.second(), out);
          loaded.processed(pair.first(), pair.second());
          return out;
        });
  }

  private void process(int side, LogEntry entry, List<OutputRecord> out) {
    StoredRecord r = entry.record();
    StatefulProcessor keyer = keyers.get(side);
    keyer.process(new InputRecord(r.key(), r.value(), r.timestamp(), entry.partition(), entry.offset(), r.headers()),
        keyed -> joiner.process(new InputRecord(keyed.keyJson(), keyed.valueJson(), keyed.timestamp(), 0, sequence++, keyed.headers()),
            out::add));
    keyer.endOfBatch();
    keyer.drainChanges();
    joiner.endOfBatch();
    // Nothing is journaled: the change lists are dropped so they do not grow.
    joiner.drainChanges();
  }

  /** The table partitions to read to their current end before any stream record is joined. */
  private static final class TablesLoaded {
    private final java.util.Map<String, Long> waiting = new java.util.HashMap<>();
    private final CompletableFuture<Boolean> done = new CompletableFuture<>();

    void expect(int side, int partition, long end) {
      waiting.put(side + "/" + partition, end);
    }

    CompletionStage<Boolean> done() {
      if (waiting.isEmpty()) done.complete(true);
      return done;
    }

    /** Called on the stream's one processing stage, so the map needs no lock. */
    void processed(int side, LogEntry entry) {
      if (waiting.isEmpty()) return;
      String key = side + "/" + entry.partition();
      Long end = waiting.get(key);
      if (end != null && entry.offset() + 1 >= end) {
        waiting.remove(key);
        if (waiting.isEmpty()) done.complete(true);
      }
    }
  }
}
