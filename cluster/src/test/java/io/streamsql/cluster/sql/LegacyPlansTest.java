package io.streamsql.cluster.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.plan.ProcessingLog;
import io.streamsql.core.sql.plan.QueryPlan;
import io.streamsql.core.sql.plan.QueryPlanner;
import io.streamsql.core.sql.plan.SinkSpec;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.persistence.sql.QueryDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A definition journaled by the previous version (statement + DDLs, no plan) gets the plan the statement gets today. */
class LegacyPlansTest {
  @Test
  void aLegacyDefinitionIsPlannedFromItsStatementAgainstItsFrozenSchemas() {
    String sourceDdl = "CREATE STREAM `SRC` (`K` STRING KEY, `ID` BIGINT, `NAME` STRING) WITH (KAFKA_TOPIC='src', KEY_FORMAT='KAFKA', "
        + "VALUE_FORMAT='JSON', PARTITIONS=2)";
    String statement = "CREATE STREAM OUT AS SELECT K, UCASE(NAME) AS N FROM SRC s WHERE s.ID > 2;";
    SourceSchema source = SourceDdl.parse(sourceDdl);
    var tree = (StreamSqlParser.CreateStreamAsContext) SqlParser.parse(statement).get(0).tree();
    QueryPlan fresh = new QueryPlanner(FunctionRegistry.standard()).plan(tree.query(), source,
        new SinkSpec("OUT", CreateSource.Kind.STREAM, Map.of(), null), ProcessingLog.IGNORE).plan();
    String sinkDdl = SourceDdl.parse(fresh.sinkDdl()).withPartitions(2).toDdl();

    QueryPlan migrated = LegacyPlans.of(new QueryDefinition("CSAS_OUT_0", "ns", statement, sourceDdl, sinkDdl, "ns.src", "ns.out", null));

    assertEquals(fresh.withSink(sinkDdl), migrated);
    assertEquals("s.ID > 2", migrated.filter());
    assertEquals(List.of(new QueryPlan.Column("K", "K", true), new QueryPlan.Column("N", "UCASE(NAME)", false)), migrated.columns());
  }
}
