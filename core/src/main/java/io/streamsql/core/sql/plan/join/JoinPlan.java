package io.streamsql.core.sql.plan.join;

import java.util.List;

/**
 * The stored plan of a join: its sources in FROM order (DDL, alias, log) and one step per JOIN.
 * Step {@code i} joins the result of the steps before it (source 0 for the first) with source
 * {@code i + 1}. Key expressions are SQL text: the left one over the joined row of sources
 * {@code 0..i}, the right one over source {@code i + 1}; every source is partitioned in stage one
 * by the key expression its steps use, so one state partition holds every row that can meet.
 */
public record JoinPlan(List<Source> sources, List<Step> steps, String syntheticKey) {
  public JoinPlan {
    sources = List.copyOf(sources);
    steps = List.copyOf(steps);
  }

  /** A source of the join: its DDL, its alias (or null), its log, and the key expression stage one partitions it by (null: its own key). */
  public record Source(String ddl, String alias, String log, String partitionBy) {}

  public enum Type { INNER, LEFT, RIGHT, OUTER }

  /**
   * One JOIN: its type, the key expressions of both sides, the window of a stream-stream join (null
   * otherwise), which source the left key reads (its stage-one key is the same expression), and whether it is a
   * foreign-key table-table join (the left table joined on a column of its own onto the right table's key;
   * the result is keyed by the left table's key).
   */
  public record Step(Type type, String leftKey, String rightKey, Window window, int leftSource, boolean foreignKey) {
    public Step(Type type, String leftKey, String rightKey, Window window, int leftSource) {
      this(type, leftKey, rightKey, window, leftSource, false);
    }
  }

  /**
   * {@code WITHIN (before, after)}: a right record at {@code r} meets a left record at {@code l} when
   * {@code l - before <= r <= l + after}. {@code graceMillis} null is ksqlDB's legacy window (no GRACE
   * PERIOD): 24 hours of retention and unmatched rows emitted at once; with a grace period they wait
   * until their window closes.
   */
  public record Window(long beforeMillis, long afterMillis, Long graceMillis) {
    public static final long LEGACY_RETENTION_MILLIS = 24L * 60 * 60 * 1000;

    public long retentionMillis() {
      return graceMillis == null ? Math.max(LEGACY_RETENTION_MILLIS, beforeMillis + afterMillis) : beforeMillis + afterMillis + graceMillis;
    }

    public long grace() {
      return graceMillis == null ? 0 : graceMillis;
    }
  }
}
