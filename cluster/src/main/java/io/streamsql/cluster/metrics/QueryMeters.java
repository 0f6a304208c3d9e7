package io.streamsql.cluster.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamsql.cluster.sql.query.QueryResult;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;

/**
 * Push and pull queries answered by this node: a query counts as started when its rows start to
 * flow (its source is materialized), active until they end, and completed — with how it ended —
 * when they do. A query refused before its first row (a SQL error) is counted as refused.
 */
public final class QueryMeters {
  /** A kind of query: its label value. */
  public enum Kind {
    PUSH("push"), PULL("pull");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private final MeterRegistry registry;
  private final java.util.concurrent.ConcurrentHashMap<Kind, AtomicLong> actives = new java.util.concurrent.ConcurrentHashMap<>();

  public QueryMeters(MeterRegistry registry) {
    this.registry = registry;
    for (Kind kind : Kind.values()) {
      active(kind);
      started(kind);
      refusedCounter(kind);
    }
  }

  /** Wraps the result's rows so their start and end are counted. */
  public QueryResult track(Kind kind, QueryResult result) {
    AtomicLong active = active(kind);
    Counter started = started(kind);
    var rows = result.rows()
        .mapMaterializedValue(m -> {
          started.increment();
          active.incrementAndGet();
          return m;
        })
        .watchTermination((m, done) -> {
          done.whenComplete((d, error) -> {
            active.decrementAndGet();
            completed(kind, error == null ? "success" : "error").increment();
          });
          return NotUsed.getInstance();
        });
    return new QueryResult(result.queryId(), result.columnNames(), result.columnTypes(), rows);
  }

  /** Counts a query that failed before it returned rows. */
  public void refused(Kind kind) {
    refusedCounter(kind).increment();
  }

  private Counter started(Kind kind) {
    return Counter.builder("streamsql.queries.started").tag("kind", kind.label)
        .description("Push and pull queries whose rows started to flow on this node").register(registry);
  }

  private Counter completed(Kind kind, String outcome) {
    return Counter.builder("streamsql.queries.completed").tag("kind", kind.label).tag("outcome", outcome)
        .description("Push and pull queries whose rows ended (success: all sent or closed; error: failed)").register(registry);
  }

  private Counter refusedCounter(Kind kind) {
    return Counter.builder("streamsql.queries.refused").tag("kind", kind.label)
        .description("Queries that failed before their first row (SQL errors, unknown sources)").register(registry);
  }

  private AtomicLong active(Kind kind) {
    return actives.computeIfAbsent(kind, k -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("streamsql.queries.active", value, AtomicLong::get).tag("kind", k.label)
          .description("Push and pull queries whose rows are flowing on this node").register(registry);
      return value;
    });
  }
}
