package io.streamsql.core.sql.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.fn.FunctionRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Joins planned, stored, rebuilt and run in memory: stage-one keyers, then one state partition. */
class JoinTest {
  private static final String LEFT_STREAM = "CREATE STREAM L (ID BIGINT KEY, L1 STRING) WITH (kafka_topic='l', value_format='JSON');";
  private static final String RIGHT_STREAM = "CREATE STREAM R (ID BIGINT KEY, L2 STRING) WITH (kafka_topic='r', value_format='JSON');";
  private static final String LEFT_TABLE = "CREATE TABLE L (ID BIGINT PRIMARY KEY, L1 STRING) WITH (kafka_topic='l', value_format='JSON');";
  private static final String RIGHT_TABLE = "CREATE TABLE R (ID BIGINT PRIMARY KEY, L2 STRING) WITH (kafka_topic='r', value_format='JSON');";

  private final QueryPlanner planner = new QueryPlanner(FunctionRegistry.standard());

  private static SourceSchema schema(String ddl) {
    return SourceSchemas.fromCreate(SourceStatements.createSource(SqlParser.parse(ddl).get(0).tree()));
  }

  private PlannedQuery plan(String left, String right, String csas, CreateSource.Kind kind) {
    StreamSqlParser.QueryContext query = kind == CreateSource.Kind.STREAM
        ? ((StreamSqlParser.CreateStreamAsContext) SqlParser.parse(csas).get(0).tree()).query()
        : ((StreamSqlParser.CreateTableAsContext) SqlParser.parse(csas).get(0).tree()).query();
    String leftAlias = query.relation().aliasedRelation().identifier() == null ? null
        : SourceStatements.identifier(query.relation().aliasedRelation().identifier());
    var joined = query.relation().joinedRelation(0).aliasedRelation();
    String rightAlias = joined.identifier() == null ? null : SourceStatements.identifier(joined.identifier());
    return planner.planJoin(query, List.of(new QueryPlanner.JoinSource(schema(left), leftAlias, "l"),
        new QueryPlanner.JoinSource(schema(right), rightAlias, "r")), new SinkSpec("OUT", kind, Map.of(), null), ProcessingLog.IGNORE);
  }

  /** Feeds records {source, key, value or null, timestamp} through the keyers and the state partition; outputs "key|value@ts". */
  private static List<String> run(PlannedQuery q, StatefulProcessor state, Object[]... records) {
    List<String> out = new ArrayList<>();
    long offset = 0;
    for (Object[] r : records) {
      int source = (Integer) r[0];
      byte[] value = r[2] == null ? null : ((String) r[2]).getBytes(StandardCharsets.UTF_8);
      List<OutputRecord> keyed = new ArrayList<>();
      q.join().keyers().get(source).process(new InputRecord((String) r[1], value, (Long) r[3], 0, offset), keyed::add);
      for (OutputRecord k : keyed) {
        state.process(new InputRecord(k.keyJson(), k.valueJson(), k.timestamp(), 0, offset, k.headers()),
            o -> out.add(o.keyJson() + "|" + (o.valueJson() == null ? null : new String(o.valueJson(), StandardCharsets.UTF_8))
                + "@" + o.timestamp()));
      }
      state.endOfBatch();
      offset++;
    }
    return out;
  }

  @Test
  void streamStreamLeftJoinWithGraceEmitsUnmatchedRowsOnlyOnceTheirWindowCloses() {
    // ksqlDB's QTT case "stream stream left join with out of order and custom grace period".
    PlannedQuery q = plan(LEFT_STREAM, RIGHT_STREAM, "CREATE STREAM OUT AS SELECT t.id, l1, l2 FROM L t LEFT JOIN R tt "
        + "WITHIN 1 MINUTE GRACE PERIOD 1 MINUTE ON t.id = tt.id;", CreateSource.Kind.STREAM);
    List<String> out = run(q, q.join().newPartition().get(),
        new Object[] {0, "0", "{\"L1\":\"A\"}", 0L},
        new Object[] {1, "0", "{\"L2\":\"a\"}", 60000L},
        new Object[] {0, "1", "{\"L1\":\"B\"}", 330000L},
        new Object[] {0, "2", "{\"L1\":\"C\"}", 90000L},
        new Object[] {1, "2", "{\"L2\":\"c\"}", 90000L},
        new Object[] {0, "3", "{\"L1\":\"D\"}", 60000L},
        new Object[] {1, "3", "{\"L2\":\"d\"}", 60000L});
    assertEquals(List.of("0|{\"L1\":\"A\",\"L2\":\"a\"}@60000", "2|{\"L1\":\"C\",\"L2\":null}@90000",
        "3|{\"L1\":\"D\",\"L2\":null}@60000"), out);
  }

  @Test
  void legacyStreamStreamLeftJoinWithoutGraceEmitsUnmatchedRowsAtOnce() {
    PlannedQuery q = plan(LEFT_STREAM, RIGHT_STREAM, "CREATE STREAM OUT AS SELECT t.id, l1, l2 FROM L t LEFT JOIN R tt "
        + "WITHIN 11 SECONDS ON t.id = tt.id;", CreateSource.Kind.STREAM);
    List<String> out = run(q, q.join().newPartition().get(),
        new Object[] {0, "0", "{\"L1\":\"zero\"}", 0L},
        new Object[] {1, "0", "{\"L2\":\"blah\"}", 10000L},
        new Object[] {0, "0", "{\"L1\":\"bar\"}", 30000L});
    assertEquals(List.of("0|{\"L1\":\"zero\",\"L2\":null}@0", "0|{\"L1\":\"zero\",\"L2\":\"blah\"}@10000",
        "0|{\"L1\":\"bar\",\"L2\":null}@30000"), out);
  }

  @Test
  void streamTableJoinReadsTheTableRowAtArrivalAndTableChangesDoNotEmit() {
    PlannedQuery q = plan(LEFT_STREAM, RIGHT_TABLE, "CREATE STREAM OUT AS SELECT t.id, l1, l2 FROM L t LEFT JOIN R tt ON t.id = tt.id;",
        CreateSource.Kind.STREAM);
    List<String> out = run(q, q.join().newPartition().get(),
        new Object[] {1, "0", "{\"L2\":\"zero\"}", 0L},
        new Object[] {0, "0", "{\"L1\":\"blah\"}", 10000L},
        new Object[] {1, "0", "{\"L2\":\"a\"}", 15000L},
        new Object[] {0, "0", "{\"L1\":\"bar\"}", 15000L},
        new Object[] {1, "0", null, 16000L},
        new Object[] {0, "0", "{\"L1\":\"gone\"}", 17000L});
    assertEquals(List.of("0|{\"L1\":\"blah\",\"L2\":\"zero\"}@10000", "0|{\"L1\":\"bar\",\"L2\":\"a\"}@15000",
        "0|{\"L1\":\"gone\",\"L2\":null}@17000"), out);
  }

  @Test
  void tableTableOuterJoinEmitsChangesAndTombstonesFromEitherSide() {
    PlannedQuery q = plan(LEFT_TABLE, RIGHT_TABLE, "CREATE TABLE OUT AS SELECT ROWKEY AS ID, l1, l2 FROM L t FULL OUTER JOIN R tt "
        + "ON t.id = tt.id;", CreateSource.Kind.TABLE);
    List<String> out = run(q, q.join().newPartition().get(),
        new Object[] {0, "0", "{\"L1\":\"zero\"}", 0L},
        new Object[] {1, "0", "{\"L2\":\"blah\"}", 10000L},
        new Object[] {0, "0", null, 11000L},
        new Object[] {1, "0", null, 12000L},
        new Object[] {1, "0", null, 13000L});
    assertEquals(List.of("0|{\"L1\":\"zero\",\"L2\":null}@0", "0|{\"L1\":\"zero\",\"L2\":\"blah\"}@10000",
        "0|{\"L1\":null,\"L2\":\"blah\"}@11000", "0|null@12000"), out);
  }

  @Test
  void foreignKeyJoinFollowsTheLeftRowsForeignKeyAndTheRightRowsChanges() {
    String orders = "CREATE TABLE O (ID STRING PRIMARY KEY, CUST STRING, AMOUNT INT) WITH (kafka_topic='o', value_format='JSON');";
    String customers = "CREATE TABLE C (ID STRING PRIMARY KEY, NAME STRING) WITH (kafka_topic='c', value_format='JSON');";
    PlannedQuery q = plan(orders, customers, "CREATE TABLE OUT AS SELECT o.id, amount, name FROM O o JOIN C c ON o.cust = c.id;",
        CreateSource.Kind.TABLE);
    assertTrue(q.sink().keyColumns().get(0).name().equals("O_ID"), q.sink().toString());
    StatefulProcessor state = q.join().newPartition().get();
    List<String> out = run(q, state,
        new Object[] {1, "\"c1\"", "{\"NAME\":\"Ann\"}", 1L},
        new Object[] {0, "\"o1\"", "{\"CUST\":\"c1\",\"AMOUNT\":5}", 2L},
        new Object[] {0, "\"o1\"", "{\"CUST\":\"c2\",\"AMOUNT\":6}", 3L},
        new Object[] {1, "\"c2\"", "{\"NAME\":\"Bob\"}", 4L},
        new Object[] {1, "\"c2\"", null, 5L},
        new Object[] {0, "\"o1\"", null, 6L});
    assertEquals(List.of("\"o1\"|{\"AMOUNT\":5,\"NAME\":\"Ann\"}@2", "\"o1\"|null@3", "\"o1\"|{\"AMOUNT\":6,\"NAME\":\"Bob\"}@4",
        "\"o1\"|null@5", "\"o1\"|null@6"), out);
  }

  @Test
  void aRestoredStatePartitionContinuesAsIfNeverStopped() {
    PlannedQuery q = plan(LEFT_STREAM, RIGHT_STREAM, "CREATE STREAM OUT AS SELECT ROWKEY AS ID, l1, l2 FROM L t FULL OUTER JOIN R tt "
        + "WITHIN 1 MINUTE GRACE PERIOD 1 MINUTE ON t.id = tt.id;", CreateSource.Kind.STREAM);
    Object[][] first = {{0, "0", "{\"L1\":\"A\"}", 0L}, {1, "1", "{\"L2\":\"b\"}", 1000L}, {1, "0", "{\"L2\":\"a\"}", 30000L}};
    Object[][] second = {{0, "2", "{\"L1\":\"C\"}", 200000L}, {0, "1", "{\"L1\":\"late\"}", 2000L}};
    StatefulProcessor uninterrupted = q.join().newPartition().get();
    List<String> expected = new ArrayList<>(run(q, uninterrupted, first));
    expected.addAll(run(q, uninterrupted, second));

    StatefulProcessor before = q.join().newPartition().get();
    List<String> actual = new ArrayList<>(run(q, before, first));
    Map<String, byte[]> journal = new HashMap<>();
    journal.putAll(before.drainChanges());
    journal.values().removeIf(v -> v == null);
    StatefulProcessor after = q.join().newPartition().get();
    journal.forEach(after::restore);
    after.restoreStreamTime(before.streamTime());
    actual.addAll(run(q, after, second));
    assertEquals(expected, actual);
    assertTrue(actual.contains("1|{\"L1\":null,\"L2\":\"b\"}@1000"), actual.toString());
  }

  @Test
  void refusesWhatKsqlDbRefuses() {
    StreamSqlException noWindow = assertThrows(StreamSqlException.class, () -> plan(LEFT_STREAM, RIGHT_STREAM,
        "CREATE STREAM OUT AS SELECT t.id, l1 FROM L t JOIN R tt ON t.id = tt.id;", CreateSource.Kind.STREAM));
    assertTrue(noWindow.getMessage().startsWith("Stream-Stream joins must have a WITHIN clause specified."), noWindow.getMessage());
    StreamSqlException noKey = assertThrows(StreamSqlException.class, () -> plan(LEFT_STREAM, RIGHT_STREAM,
        "CREATE STREAM OUT AS SELECT l1, l2 FROM L t JOIN R tt WITHIN 1 SECOND ON t.id = tt.id;", CreateSource.Kind.STREAM));
    assertTrue(noKey.getMessage().contains("must include the join expressions T.ID or TT.ID in its projection"), noKey.getMessage());
    StreamSqlException tableStream = assertThrows(StreamSqlException.class, () -> plan(LEFT_TABLE, RIGHT_STREAM,
        "CREATE STREAM OUT AS SELECT t.id, l1 FROM L t JOIN R tt ON t.id = tt.id;", CreateSource.Kind.STREAM));
    assertTrue(tableStream.getMessage().startsWith("Invalid join order: table-stream joins are not supported"), tableStream.getMessage());
    StreamSqlException literal = assertThrows(StreamSqlException.class, () -> plan(LEFT_STREAM, RIGHT_TABLE,
        "CREATE STREAM OUT AS SELECT t.id, l1 FROM L t JOIN R tt ON t.id = 0;", CreateSource.Kind.STREAM));
    assertTrue(literal.getMessage().startsWith("Invalid comparison expression '0' in join '(T.ID = 0)'"), literal.getMessage());
  }
}
