package io.streamsql.core.sql.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every function in ksqlDB's function reference (docs/developer-guide/ksqldb-reference/
 * scalar-functions.md and table-functions.md) exists here.
 */
class DocumentedFunctionsTest {
  /** The function headings of ksqlDB's scalar-functions.md. */
  private static final List<String> DOCUMENTED_SCALAR = List.of(
      // Numeric
      "ABS", "ACOS", "ASIN", "AS_VALUE", "ATAN", "ATAN2", "CAST", "CBRT", "CEIL", "COS", "COSH", "COT", "DEGREES",
      "ENTRIES", "EXP", "FLOOR", "GENERATE_SERIES", "GEO_DISTANCE", "GREATEST", "LEAST", "LN", "LOG", "PI", "POWER",
      "RADIANS", "RANDOM", "ROUND", "SIGN", "SIN", "SINH", "SQRT", "TAN", "TANH", "TRUNC",
      // Collections
      "ARRAY", "ARRAY_CONCAT", "ARRAY_CONTAINS", "ARRAY_DISTINCT", "ARRAY_EXCEPT", "ARRAY_INTERSECT", "ARRAY_JOIN",
      "ARRAY_LENGTH", "ARRAY_MAX", "ARRAY_MIN", "ARRAY_REMOVE", "ARRAY_SORT", "ARRAY_UNION", "AS_MAP", "ELT", "FIELD",
      "JSON_ARRAY_CONTAINS", "MAP", "MAP_KEYS", "MAP_VALUES", "MAP_UNION", "SLICE",
      // Invocation (lambda) functions
      "FILTER", "REDUCE", "TRANSFORM",
      // Strings
      "CHR", "CONCAT", "CONCAT_WS", "ENCODE", "EXTRACTJSONFIELD", "FROM_BYTES", "IS_JSON_STRING", "JSON_ARRAY_LENGTH",
      "JSON_CONCAT", "JSON_KEYS", "JSON_RECORDS", "JSON_ITEMS", "TO_JSON_STRING", "INITCAP", "INSTR", "LCASE", "LEN",
      "LPAD", "MASK", "MASK_KEEP_LEFT", "MASK_KEEP_RIGHT", "MASK_LEFT", "MASK_RIGHT", "MD5", "REPLACE", "REGEXP_EXTRACT",
      "REGEXP_EXTRACT_ALL", "REGEXP_REPLACE", "REGEXP_SPLIT_TO_ARRAY", "RPAD", "SPLIT", "SPLIT_TO_MAP", "SUBSTRING",
      "TO_BYTES", "TRIM", "UCASE", "UUID",
      // Bytes
      "BIGINT_FROM_BYTES", "DOUBLE_FROM_BYTES", "INT_FROM_BYTES",
      // Nulls
      "COALESCE", "IFNULL", "NULLIF",
      // Date and time
      "CONVERT_TZ", "DATEADD", "DATESUB", "FORMAT_DATE", "FORMAT_TIME", "FORMAT_TIMESTAMP", "FROM_DAYS", "FROM_UNIXTIME",
      "PARSE_DATE", "PARSE_TIME", "PARSE_TIMESTAMP", "TIMEADD", "TIMESUB", "TIMESTAMPADD", "TIMESTAMPSUB", "UNIX_DATE",
      "UNIX_TIMESTAMP",
      // URLs
      "URL_DECODE_PARAM", "URL_ENCODE_PARAM", "URL_EXTRACT_FRAGMENT", "URL_EXTRACT_HOST", "URL_EXTRACT_PARAMETER",
      "URL_EXTRACT_PATH", "URL_EXTRACT_PORT", "URL_EXTRACT_PROTOCOL", "URL_EXTRACT_QUERY",
      // Deprecated
      "DATETOSTRING", "STRINGTODATE", "STRINGTOTIMESTAMP", "TIMESTAMPTOSTRING");

  /** The headings of ksqlDB's table-functions.md. */
  private static final List<String> DOCUMENTED_TABLE = List.of("CUBE_EXPLODE", "EXPLODE");

  /** Documented "functions" that are syntax here (constructors, CAST) or compiled with their lambdas. */
  private static final Set<String> NOT_IN_REGISTRY = Set.of("ARRAY", "MAP", "CAST", "FILTER", "REDUCE", "TRANSFORM");

  @Test
  void theListHoldsEveryDocumentedScalarFunctionOnce() {
    assertEquals(132, new TreeSet<>(DOCUMENTED_SCALAR).size());
    assertEquals(132, DOCUMENTED_SCALAR.size());
  }

  @Test
  void everyDocumentedScalarFunctionIsRegistered() {
    Set<String> missing = new TreeSet<>();
    for (String name : DOCUMENTED_SCALAR) {
      if (!NOT_IN_REGISTRY.contains(name) && !FunctionRegistry.standard().exists(name)) missing.add(name);
    }
    assertEquals(Set.of(), missing, "documented by ksqlDB but not registered");
  }

  @Test
  void constructorsCastAndLambdaFunctionsCompileAsExpressions() {
    assertEquals(List.of(1, 2), SqlEval.eval("ARRAY[1, 2]"));
    assertEquals(java.util.Map.of("a", 1), SqlEval.eval("MAP('a' := 1)"));
    assertEquals(12, SqlEval.eval("CAST('12' AS INT)"));
    assertEquals(List.of(2, 4), SqlEval.eval("TRANSFORM(ARRAY[1, 2], x => x * 2)"));
    assertEquals(List.of(2), SqlEval.eval("FILTER(ARRAY[1, 2], x => x > 1)"));
    assertEquals(3, SqlEval.eval("REDUCE(ARRAY[1, 2], 0, (s, x) => s + x)"));
  }

  @Test
  void everyDocumentedTableFunctionExists() {
    List<String> names = List.copyOf(new FunctionRegistry(FunctionRegistry.BUILT_IN).tableFunctions().keySet());
    assertTrue(names.containsAll(DOCUMENTED_TABLE), "table functions: " + names);
  }
}
