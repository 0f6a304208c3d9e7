package io.streamsql.core.sql.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.fn.FunctionLibrary;
import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.fn.Udf;
import io.streamsql.core.sql.fn.Udtf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Table functions from @Udtf methods: resolved by argument types, expanded and zipped per row, and rebuilt from a stored plan. */
class UserTableFunctionsTest {
  public static final class Ranges {
    private Ranges() {}

    @Udtf(name = "RANGE_OF", description = "0 .. n-1.")
    public static List<Integer> range(Integer n) {
      List<Integer> out = new ArrayList<>();
      for (int i = 0; n != null && i < n; i++) out.add(i);
      return out;
    }

    @Udtf(name = "RANGE_OF", description = "from .. to-1, as BIGINT.")
    public static List<Long> range(Long from, Long to) {
      List<Long> out = new ArrayList<>();
      for (long i = from; i < to; i++) out.add(i);
      return out;
    }

    @Udtf(name = "EACH", description = "The arguments, one per row.", returns = "T")
    public static List<Object> each(Object first, Object... rest) {
      List<Object> out = new ArrayList<>();
      out.add(first);
      Collections.addAll(out, rest);
      return out;
    }

    @Udtf(name = "NULL_FOR", description = "A broken function: null instead of a list.")
    public static List<Integer> nullFor(Integer n) {
      return null;
    }

    @Udtf(name = "FAILS_ON", description = "Throws for a true argument.")
    public static List<Boolean> failsOn(Boolean fail) {
      if (Boolean.TRUE.equals(fail)) throw new IllegalArgumentException("asked to fail");
      return Collections.singletonList(fail);
    }
  }

  public static final class BothKinds {
    private BothKinds() {}

    @Udf(name = "TWICE", description = "x")
    public static Long twice(Long x) {
      return x;
    }

    @Udtf(name = "TWICE", description = "x")
    public static List<Long> twiceRows(Long x) {
      return List.of(x, x);
    }
  }

  public static final class NotAList {
    private NotAList() {}

    @Udtf(name = "NOT_A_LIST", description = "x")
    public static Long notAList(Long x) {
      return x;
    }
  }

  private static final FunctionRegistry FUNCTIONS = FunctionRegistry.withLibraries(List.of(new FunctionLibrary() {
    @Override
    public List<Class<?>> functionClasses() {
      return List.of(Ranges.class);
    }
  }));

  private static final String SOURCE =
      "CREATE STREAM SRC (K STRING KEY, N INT, A BIGINT, B BIGINT, F BOOLEAN, XS ARRAY<STRING>) WITH (kafka_topic='src', value_format='JSON');";

  private final List<String> errors = new ArrayList<>();

  private PlannedQuery plan(String csas) {
    SourceSchema source = SourceSchemas.fromCreate(SourceStatements.createSource(SqlParser.parse(SOURCE).get(0).tree()));
    var tree = (StreamSqlParser.CreateStreamAsContext) SqlParser.parse(csas).get(0).tree();
    return new QueryPlanner(FUNCTIONS).plan(tree.query(), source, new SinkSpec(SourceStatements.identifier(tree.sourceName().identifier()),
        CreateSource.Kind.STREAM, Map.of(), null), (m, r) -> errors.add(m));
  }

  private static List<String> run(PlannedQuery q, String value) {
    List<String> out = new ArrayList<>();
    q.processor().process(new InputRecord("\"k\"", value.getBytes(StandardCharsets.UTF_8), 5, 0, 7),
        r -> out.add(new String(r.valueJson(), StandardCharsets.UTF_8)));
    return out;
  }

  @Test
  void overloadsResolveByArgumentTypesAndTheColumnHasTheElementType() {
    assertEquals(SqlTypes.INT, FUNCTIONS.resolveTable("RANGE_OF", List.of(SqlTypes.INT)).returnType());
    assertEquals(SqlTypes.BIGINT, FUNCTIONS.resolveTable("RANGE_OF", List.of(SqlTypes.BIGINT, SqlTypes.INT)).returnType());
    assertEquals(SqlTypes.STRING, FUNCTIONS.resolveTable("EACH", List.of(SqlTypes.STRING, SqlTypes.STRING)).returnType());
    assertEquals("ARRAY<BIGINT>", FUNCTIONS.resolveTable("CUBE_EXPLODE", List.of(new io.streamsql.core.sql.SqlType.Array(SqlTypes.BIGINT)))
        .returnType().sql());
    assertEquals("N INTEGER, R BIGINT", String.join(", ", plan("CREATE STREAM O AS SELECT K, N, RANGE_OF(A, B) AS R FROM SRC;").sink()
        .valueColumns().stream().map(c -> c.name() + " " + c.type().sql()).toList()));
  }

  @Test
  void oneRowPerElementAndSeveralTableFunctionsAreZipped() {
    PlannedQuery q = plan("CREATE STREAM O AS SELECT K, N, RANGE_OF(N) AS I, EACH(A, B, A + B) AS E, EXPLODE(XS) AS X FROM SRC;");
    assertEquals(List.of("{\"N\":2,\"I\":0,\"E\":10,\"X\":\"p\"}", "{\"N\":2,\"I\":1,\"E\":20,\"X\":null}",
        "{\"N\":2,\"I\":null,\"E\":30,\"X\":null}"), run(q, "{\"N\":2,\"A\":10,\"B\":20,\"XS\":[\"p\"]}"));
    assertEquals(List.of(), run(plan("CREATE STREAM O AS SELECT K, RANGE_OF(N) FROM SRC;"), "{\"N\":0}"));
  }

  @Test
  void aThrowingTableFunctionGivesNoRowsAndGoesToTheProcessingLog() {
    PlannedQuery q = plan("CREATE STREAM O AS SELECT K, F, FAILS_ON(F) AS G FROM SRC;");
    assertEquals(List.of("{\"F\":false,\"G\":false}"), run(q, "{\"F\":false}"));
    assertEquals(List.of(), errors);
    assertEquals(List.of(), run(q, "{\"F\":true}"));
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).contains("Table function FAILS_ON threw an exception: asked to fail"), errors.get(0));
  }

  @Test
  void aNullResultGivesNoRowsAndIsLogged() {
    PlannedQuery q = plan("CREATE STREAM O AS SELECT K, NULL_FOR(N) AS X FROM SRC;");
    assertEquals(List.of(), run(q, "{\"N\":1}"));
    assertEquals(List.of("Table function NULL_FOR returned null"), errors.stream().map(e -> e.substring(e.indexOf("Table function"))).toList());
  }

  @Test
  void aStoredPlanRebuildsUserTableFunctions() throws Exception {
    PlannedQuery planned = plan("CREATE STREAM O AS SELECT K, RANGE_OF(A, B) AS R, CUBE_EXPLODE(XS) AS C FROM SRC;");
    var mapper = io.streamsql.core.format.Json.MAPPER;
    QueryPlan stored = mapper.readValue(mapper.writeValueAsBytes(planned.plan()), QueryPlan.class);
    PlannedQuery rebuilt = new PlanCompiler(FUNCTIONS).compile(stored, ProcessingLog.IGNORE);
    String value = "{\"A\":1,\"B\":4,\"XS\":[\"p\",\"q\"]}";
    assertEquals(4, run(planned, value).size());
    assertEquals(run(planned, value), run(rebuilt, value));
  }

  @Test
  void misuseIsRefusedWithAClearMessage() {
    StreamSqlException nested = assertThrows(StreamSqlException.class, () -> plan("CREATE STREAM O AS SELECT K, ABS(RANGE_OF(N)) FROM SRC;"));
    assertTrue(nested.getMessage().contains("Table function RANGE_OF can only be used as a whole column"), nested.getMessage());
    StreamSqlException types = assertThrows(StreamSqlException.class, () -> plan("CREATE STREAM O AS SELECT K, RANGE_OF(XS) FROM SRC;"));
    assertTrue(types.getMessage().contains("Function 'range_of' does not accept parameters (ARRAY<STRING>)"), types.getMessage());
    IllegalStateException both = assertThrows(IllegalStateException.class, () -> new FunctionRegistry(List.of(BothKinds.class)));
    assertTrue(both.getMessage().endsWith("TWICE is both a scalar and a table function"), both.getMessage());
    IllegalStateException notAList = assertThrows(IllegalStateException.class, () -> new FunctionRegistry(List.of(NotAList.class)));
    assertTrue(notAList.getMessage().endsWith("must return a List (@Udtf)"), notAList.getMessage());
  }
}
