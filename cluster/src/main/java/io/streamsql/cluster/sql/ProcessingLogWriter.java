package io.streamsql.cluster.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.core.format.Json;
import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.core.log.Partitioner;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.persistence.sql.QueryDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import io.streamsql.persistence.catalog.StreamDefinition;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that a query skipped (they did not deserialize) or expressions that failed, written
 * to the log {@code <namespace>streamsql_processing_log} (one partition, kept 7 days) so users
 * can read them with {@code GET /v1/topics/streamsql_processing_log/records}. Best effort: a
 * failure to log never stops a query.
 */
public final class ProcessingLogWriter {
  public static final String LOG_NAME = "streamsql_processing_log";
  private static final Logger log = LoggerFactory.getLogger(ProcessingLogWriter.class);

  private final StreamService streams;
  private final AtomicLong reported = new AtomicLong();

  public ProcessingLogWriter(StreamService streams) {
    this.streams = streams;
  }

  public static String logName(String namespace) {
    return namespace.isEmpty() ? LOG_NAME : namespace + "." + LOG_NAME;
  }

  private record CachedLog(CompletionStage<StreamDefinition> definition, long fetchedAt) {}

  private final java.util.concurrent.ConcurrentHashMap<String, CachedLog> logs = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The processing log's definition, created on first use; looked up again after 10 s so a
   * flood of bad records does not ask the catalog once per record, yet a re-created log is found.
   */
  private CompletionStage<StreamDefinition> log(String name) {
    long now = System.currentTimeMillis();
    CachedLog cached = logs.compute(name, (k, c) -> c != null && now - c.fetchedAt() < 10_000 ? c
        : new CachedLog(streams.get(name)
            .exceptionallyCompose(missing -> streams.create(name, 1, new RetentionPolicy.MaxAge(Duration.ofDays(7)))
                .exceptionallyCompose(raced -> streams.get(name))), now));
    cached.definition().whenComplete((ok, error) -> {
      if (error != null) logs.remove(name, cached);
    });
    return cached.definition();
  }

  /** How many errors this node reported since it started. */
  public long reported() {
    return reported.get();
  }

  public void report(QueryDefinition def, String message, InputRecord record) {
    report(def.namespace(), def.queryId(), def.sourceLog(), message, record);
  }

  /** A query's error; {@code record} is null when no one input record caused it (EMIT FINAL closing a window). */
  public void report(String namespace, String queryId, String sourceLog, String message, InputRecord record) {
    reported.incrementAndGet();
    ObjectNode value = Json.MAPPER.createObjectNode();
    value.put("queryId", queryId);
    value.put("message", message);
    if (sourceLog != null) value.put("sourceLog", sourceLog);
    if (record != null) {
      value.put("sourcePartition", record.partition());
      value.put("sourceOffset", record.offset());
      value.put("recordTimestamp", record.timestamp());
    }
    StoredRecord stored = new StoredRecord(Json.MAPPER.valueToTree(queryId).toString(),
        value.toString().getBytes(StandardCharsets.UTF_8), System.currentTimeMillis(), Map.of());
    log(logName(namespace))
        .thenCompose(stream -> streams.append(
            stream, Partitioner.partitionFor(stored.key(), Partitioner.nextKeylessSpread(), stream.partitions()), List.of(stored)))
        .whenComplete((ok, error) -> {
          if (error != null) log.warn("Could not write to the processing log: {} (error was: {})", error.toString(), message);
        });
  }
}
