package io.streamsql.core.sql.plan;

import java.util.List;

/**
 * The stateful half of a stored {@link QueryPlan} for {@code GROUP BY}: how source rows become
 * grouped rows (the grouping expressions and each aggregate's argument expressions, over the
 * source row), the aggregates, the window, and HAVING. The plan's columns are then expressions over
 * the aggregated row: the grouping columns {@code KSQL_GROUP_i}, the aggregate results
 * {@code KSQL_AGG_VARIABLE_j}, {@code WINDOWSTART} and {@code WINDOWEND}.
 *
 * <p>{@code repartition} says whether grouped rows travel through an internal log keyed by the
 * grouping key (grouping by anything but the source's key), as ksqlDB repartitions.
 */
public record AggregationPlan(
    List<String> groupBy, List<Aggregate> aggregates, Window window, boolean emitFinal, String having, boolean repartition) {

  public AggregationPlan {
    groupBy = List.copyOf(groupBy);
    aggregates = List.copyOf(aggregates);
  }

  /** One aggregate call: the function, its column arguments as expression text, its literal initial arguments as SQL literals. */
  public record Aggregate(String function, List<String> arguments, List<String> initialArguments) {
    public Aggregate {
      arguments = List.copyOf(arguments);
      initialArguments = List.copyOf(initialArguments);
    }
  }

  /**
   * A window: TUMBLING (size), HOPPING (size, advance) or SESSION (gap in {@code sizeMillis}), with
   * its grace period and retention in milliseconds (ksqlDB's defaults filled in by the planner).
   */
  public record Window(SourceWindow.Type type, long sizeMillis, long advanceMillis, long graceMillis, long retentionMillis) {}

  /** Name of the i-th grouping column in the grouped row. */
  public static String groupColumn(int i) {
    return "KSQL_GROUP_" + i;
  }

  /** Name of the j-th aggregate argument in the grouped row. */
  public static String argumentColumn(int j) {
    return "KSQL_AGG_ARG_" + j;
  }

  /** Name of the j-th aggregate's result in the aggregated row. */
  public static String aggregateColumn(int j) {
    return "KSQL_AGG_VARIABLE_" + j;
  }
}
