package io.streamsql.cluster.sql.qtt.functions;

import io.streamsql.core.sql.fn.Udf;

/** ksqlDB's WHENCONDITION and WHENRESULT: they throw when CASE evaluates a branch it should have skipped. */
public final class CaseLaziness {
  private CaseLaziness() {}

  @Udf(name = "WHENCONDITION", description = "UDF used in case-expression.json")
  public static Boolean whenCondition(Boolean retValue, Boolean shouldBeEvaluated) {
    if (!Boolean.TRUE.equals(shouldBeEvaluated)) throw new IllegalStateException("When condition in case is not running lazily!");
    return retValue;
  }

  @Udf(name = "WHENRESULT", description = "UDF used in case-expression.json")
  public static Integer whenResult(Integer retVal, Boolean shouldBeEvaluated) {
    if (!Boolean.TRUE.equals(shouldBeEvaluated)) throw new IllegalStateException("Then expression in case is not running lazily!");
    return retVal;
  }
}
