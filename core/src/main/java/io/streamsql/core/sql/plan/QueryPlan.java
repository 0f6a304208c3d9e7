package io.streamsql.core.sql.plan;

import java.util.List;

/**
 * The logical plan of a stateless persistent query, written once when the query is created and
 * stored with it: source and sink as DDL, the source's alias, the WHERE expression and every output
 * column's expression as SQL text, which columns form the sink's key, and whether the key passes
 * through. {@link PlanCompiler} rebuilds the operators from it without planning the SQL again, so a
 * planner change never changes what a running query emits. {@code version} says how to read it.
 * An aggregation ({@code GROUP BY}) adds {@link AggregationPlan}; its columns read the aggregated row.
 */
public record QueryPlan(
    int version, String sourceDdl, String sourceAlias, String sinkDdl, String filter, List<Column> columns, boolean keyPassesThrough,
    AggregationPlan aggregation, io.streamsql.core.sql.plan.join.JoinPlan join) {

  /** The format of stateless plans; {@link PlanCompiler} refuses versions it does not know. */
  public static final int CURRENT_VERSION = 1;

  /** The format of plans with an aggregation (GROUP BY): version 1 plus {@link #aggregation}. */
  public static final int AGGREGATION_VERSION = 2;

  /** The format of plans with a JOIN: version 1 plus {@link #join}; columns and filter read the joined row. */
  public static final int JOIN_VERSION = 3;

  /** A plan without a join. */
  public QueryPlan(
      int version, String sourceDdl, String sourceAlias, String sinkDdl, String filter, List<Column> columns, boolean keyPassesThrough,
      AggregationPlan aggregation) {
    this(version, sourceDdl, sourceAlias, sinkDdl, filter, columns, keyPassesThrough, aggregation, null);
  }

  /** A stateless plan. */
  public QueryPlan(
      int version, String sourceDdl, String sourceAlias, String sinkDdl, String filter, List<Column> columns, boolean keyPassesThrough) {
    this(version, sourceDdl, sourceAlias, sinkDdl, filter, columns, keyPassesThrough, null, null);
  }

  /**
   * An output column: its name, its expression (a table function call for EXPLODE/CUBE_EXPLODE
   * columns), whether it is a key, and — for a PARTITION BY key that reads value columns — that a
   * record without a value gets a null key (ksqlDB evaluates such a key on the value).
   */
  public record Column(String name, String expression, boolean key, boolean nullOnTombstone) {
    public Column(String name, String expression, boolean key) {
      this(name, expression, key, false);
    }
  }

  public QueryPlan {
    columns = List.copyOf(columns);
  }

  /** The same plan writing to the sink as created (its partition count is known only once its log exists). */
  public QueryPlan withSink(String ddl) {
    return new QueryPlan(version, sourceDdl, sourceAlias, ddl, filter, columns, keyPassesThrough, aggregation, join);
  }
}
