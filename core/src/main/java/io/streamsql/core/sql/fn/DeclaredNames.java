package io.streamsql.core.sql.fn;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How ksqlDB spells a built-in function's name in its error messages: as its UDF annotation
 * declares it. Most are declared in lower case; these are not, so a message such as
 * "Function 'COALESCE' does not accept parameters ()" reads as ksqlDB's does.
 */
public final class DeclaredNames {
  private static final Map<String, String> NOT_LOWER_CASE = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  static {
    for (String name : new String[] {
        "ABS", "CEIL", "CHR", "FLOOR", "LPAD", "RPAD", "ROUND"}) {
      NOT_LOWER_CASE.put(name, switch (name) {
        case "LPAD" -> "LPad";
        case "RPAD" -> "RPad";
        default -> name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
      });
    }
    for (String name : new String[] {
        "ARRAY_CONTAINS", "ARRAY_JOIN", "ARRAY_LENGTH", "AS_MAP", "AS_VALUE", "COALESCE", "ENTRIES", "GENERATE_SERIES",
        "IFNULL", "IS_JSON_STRING", "JSON_ARRAY_CONTAINS", "JSON_ARRAY_LENGTH", "JSON_CONCAT", "JSON_ITEMS", "JSON_KEYS",
        "JSON_RECORDS", "NULLIF", "TO_JSON_STRING", "UUID"}) {
      NOT_LOWER_CASE.put(name, name);
    }
  }

  private DeclaredNames() {}

  /** The name as ksqlDB writes it in messages about the function. */
  public static String of(String name) {
    return NOT_LOWER_CASE.getOrDefault(name, name.toLowerCase(Locale.ROOT));
  }
}
