package io.streamsql.cluster.sql.qtt.functions;

import io.streamsql.core.sql.fn.Udf;
import io.streamsql.core.sql.fn.UdfParam;
import java.util.LinkedHashMap;
import java.util.Map;

/** ksqlDB's TEST_UDF: overloads that return their own name, to check which one a call resolves to. */
public final class TestUdf {
  private TestUdf() {}

  @Udf(name = "TEST_UDF", description = "returns the method name")
  public static String doStuffIntString(Integer arg1, String arg2) {
    return "doStuffIntString";
  }

  @Udf(name = "TEST_UDF", description = "returns the method name")
  public static String doStuffLongString(Long arg1, String arg2) {
    return "doStuffLongString";
  }

  @Udf(name = "TEST_UDF", description = "returns the method name")
  public static String doStuffLongLongString(Long arg1, Long arg2, String arg3) {
    return "doStuffLongLongString";
  }

  @Udf(name = "TEST_UDF", description = "returns method name")
  public static String doStuffLongVarargs(Long... longs) {
    return "doStuffLongVarargs";
  }

  @Udf(name = "TEST_UDF", description = "returns the value of 'A'")
  public static String doStuffStruct(@UdfParam("STRUCT<A STRING>") Map<String, Object> struct) {
    return struct == null ? null : (String) struct.get("A");
  }

  @Udf(name = "TEST_UDF", description = "returns the value of 'STRUCT<A VARCHAR>'", returns = "STRUCT<A STRING>")
  public static Map<String, Object> returnStructStuff() {
    Map<String, Object> struct = new LinkedHashMap<>();
    struct.put("A", "foo");
    return struct;
  }
}
