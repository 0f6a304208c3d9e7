package io.streamsql.cluster.sql.qtt.functions;

import io.streamsql.core.sql.fn.FunctionLibrary;
import java.util.List;

/**
 * The test-only functions ksqlDB's query-validation runner has on its classpath (TEST_UDF,
 * WHENCONDITION, WHENRESULT, BAD_UDF, TEST_UDTF, THROWING_UDTF) and aggregates (TEST_UDAF, VAR_ARG,
 * MID_VAR_ARG, MULTI_ARG, FOUR_ARG, FIVE_ARG, GENERIC_VAR_ARG, OBJ_COL_ARG), registered the way a user's
 * library is: through META-INF/services in this module's test resources. The cluster and http
 * conformance runners see them; a production server does not.
 */
public final class QttTestFunctions implements FunctionLibrary {
  @Override
  public String name() {
    return "ksqlDB query-validation test functions";
  }

  @Override
  public List<Class<?>> functionClasses() {
    return List.of(TestUdf.class, CaseLaziness.class, BadUdf.class, TestUdtf.class, ThrowingUdtf.class);
  }

  @Override
  public List<Class<?>> aggregateClasses() {
    return List.of(TestUdaf.class, VariadicTestUdafs.class);
  }
}
