package io.streamsql.core.sql.fn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the function reference (docs/sql-functions.md) from the registry, so the documentation
 * lists exactly the built-in functions the engine has (never a user library's). {@code FunctionDocsTest} fails when the file is stale.
 * Run: {@code java -cp core/target/classes:<deps> io.streamsql.core.sql.fn.FunctionDocs docs/sql-functions.md}
 * (or {@code mvn -pl core test -Dtest=FunctionDocsTest -Dfunction.docs.write=true}).
 */
public final class FunctionDocs {
  private FunctionDocs() {}

  public static String markdown(FunctionRegistry registry) {
    StringBuilder sb = new StringBuilder();
    sb.append("# SQL function reference\n\n")
        .append("Generated from StreamSQL's function registry (`FunctionDocs`); do not edit by hand.\n")
        .append("Type variables: `T`, `K`, `V` stand for any type (the same within one call), `DECIMAL` for any\n")
        .append("DECIMAL(p, s); `...` marks a variadic parameter. The higher-order functions TRANSFORM, FILTER and\n")
        .append("REDUCE, and how table functions expand rows, are described in [sql.md](sql.md).\n\n")
        .append("## Scalar functions\n\n");
    table(sb, registry.all());
    sb.append("\n## Table functions\n\n")
        .append("A table function is a whole SELECT column over a stream; the type after `->` is the column's type, one\n")
        .append("value of it per output row.\n\n");
    table(sb, registry.tableFunctions());
    return sb.toString();
  }

  private static void table(StringBuilder sb, Map<String, List<FunctionSignature>> functions) {
    sb.append("| Function | Signature | Description |\n|---|---|---|\n");
    for (Map.Entry<String, List<FunctionSignature>> e : functions.entrySet()) {
      for (FunctionSignature sig : e.getValue().stream().sorted(java.util.Comparator.comparing(FunctionSignature::sql)).toList()) {
        sb.append("| ").append(e.getKey()).append(" | `").append(sig.sql().replace("|", "\\|")).append("` | ")
            .append(sig.description().replace("|", "\\|")).append(" |\n");
      }
    }
  }

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args.length > 0 ? args[0] : "docs/sql-functions.md");
    Files.writeString(target, markdown(new FunctionRegistry(FunctionRegistry.BUILT_IN)));
    System.out.println("wrote " + target.toAbsolutePath());
  }
}
