package io.streamsql.persistence.sql;

import io.streamsql.core.sql.plan.QueryPlan;
import io.streamsql.persistence.CborSerializable;

/**
 * Everything a persistent query needs to run, frozen when it starts: its statement (for
 * listings), the DDL of its source and sink (so later catalog changes cannot change a running
 * query), their logs, and its {@link QueryPlan}, from which the operators are built. Definitions
 * journaled before plans were stored have a null plan; the entity migrates them once
 * ({@link QueryEntity.PlanMigrated}).
 */
public record QueryDefinition(
    String queryId, String namespace, String statement, String sourceDdl, String sinkDdl, String sourceLog, String sinkLog,
    QueryPlan plan) implements CborSerializable {

  public QueryDefinition withPlan(QueryPlan migrated) {
    return new QueryDefinition(queryId, namespace, statement, sourceDdl, sinkDdl, sourceLog, sinkLog, migrated);
  }
}
