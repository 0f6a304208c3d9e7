package io.streamsql.core.sql.fn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the function reference (docs/sql-functions.md) from the registry, so the documentation
 * lists exactly the functions the engine has. {@code FunctionDocsTest} fails when the file is stale.
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
        .append("DECIMAL(p, s); `...` marks a variadic parameter. Table functions (EXPLODE, CUBE_EXPLODE) and the\n")
        .append("higher-order functions TRANSFORM, FILTER and REDUCE are described in [sql.md](sql.md).\n\n")
        .append("| Function | Signature | Description |\n|---|---|---|\n");
    for (Map.Entry<String, List<FunctionSignature>> e : registry.all().entrySet()) {
      for (FunctionSignature sig : e.getValue().stream().sorted(java.util.Comparator.comparing(FunctionSignature::sql)).toList()) {
        sb.append("| ").append(e.getKey()).append(" | `").append(sig.sql().replace("|", "\\|")).append("` | ")
            .append(sig.description().replace("|", "\\|")).append(" |\n");
      }
    }
    return sb.toString();
  }

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args.length > 0 ? args[0] : "docs/sql-functions.md");
    Files.writeString(target, markdown(FunctionRegistry.standard()));
    System.out.println("wrote " + target.toAbsolutePath());
  }
}
