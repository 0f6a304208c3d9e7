package io.streamsql.core.sql.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FunctionDocsTest {
  @Test
  void theFunctionReferenceInDocsIsGeneratedFromTheCurrentRegistry() throws Exception {
    Path docs = Path.of("..", "docs", "sql-functions.md");
    String expected = FunctionDocs.markdown(new FunctionRegistry(FunctionRegistry.BUILT_IN));
    if (Boolean.getBoolean("function.docs.write")) Files.writeString(docs, expected);
    assertTrue(Files.exists(docs), "docs/sql-functions.md is missing: run with -Dfunction.docs.write=true");
    assertEquals(expected, Files.readString(docs), "docs/sql-functions.md is stale: run with -Dfunction.docs.write=true");
  }

  @Test
  void everyRegisteredFunctionHasADescriptionAndResolvesItsOwnSignature() {
    FunctionRegistry.standard().all().forEach((name, overloads) -> {
      for (FunctionSignature sig : overloads) assertTrue(!sig.description().isBlank(), name + " has no description");
    });
    FunctionRegistry.standard().tableFunctions().forEach((name, overloads) -> {
      for (FunctionSignature sig : overloads) assertTrue(!sig.description().isBlank(), name + " has no description");
    });
    assertEquals("INTEGER", FunctionRegistry.standard().resolve("LEN", java.util.List.of(io.streamsql.core.sql.SqlTypes.STRING))
        .returnType().sql());
    assertEquals("ARRAY<BIGINT>", FunctionRegistry.standard().resolve("ARRAY_DISTINCT",
        java.util.List.of(new io.streamsql.core.sql.SqlType.Array(io.streamsql.core.sql.SqlTypes.BIGINT))).returnType().sql());
  }
}
