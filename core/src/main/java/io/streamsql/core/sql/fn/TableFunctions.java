package io.streamsql.core.sql.fn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The built-in table functions: EXPLODE and CUBE_EXPLODE, as ksqlDB documents them. */
public final class TableFunctions {
  private TableFunctions() {}

  @Udtf(name = "EXPLODE", description = "One row per element of the array; none for an empty or null array.", returns = "T")
  public static List<Object> explode(List<Object> array) {
    return array == null ? List.of() : new ArrayList<>(array);
  }

  /**
   * The combinations in ksqlDB's order: bit masks counted up from 0 (all null), element i kept
   * when bit (n-1-i) is set; a combination equal to an earlier one (repeated elements) is dropped.
   */
  @Udtf(name = "CUBE_EXPLODE", description = "One row per distinct combination of the array's elements kept or replaced by null.",
      returns = "ARRAY<T>")
  public static List<List<Object>> cubeExplode(List<Object> array) {
    if (array == null) return List.of();
    int n = array.size();
    LinkedHashSet<List<Object>> combos = new LinkedHashSet<>();
    for (int mask = 0; mask < (1 << n); mask++) {
      List<Object> combo = new ArrayList<>(n);
      for (int i = 0; i < n; i++) combo.add((mask & (1 << (n - 1 - i))) != 0 ? array.get(i) : null);
      combos.add(combo);
    }
    return new ArrayList<>(combos);
  }
}
