package io.streamsql.core.sql.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.sql.SqlTypes;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User function libraries: found through META-INF/services, added beside the built-ins, never replacing them. */
class FunctionLibraryTest {
  public static final class Greetings {
    private Greetings() {}

    @Udf(name = "greet", description = "Hello, name.")
    public static String greet(String name) {
      return name == null ? null : "Hello, " + name;
    }

    @Udtf(name = "letters", description = "One row per letter.")
    public static List<String> letters(String s) {
      return s == null ? List.of() : s.chars().mapToObj(c -> String.valueOf((char) c)).toList();
    }
  }

  /** A library as a user's jar would ship it. */
  public static final class GreetingsLibrary implements FunctionLibrary {
    @Override
    public List<Class<?>> functionClasses() {
      return List.of(Greetings.class);
    }
  }

  public static final class ShadowsUcase {
    private ShadowsUcase() {}

    @Udf(name = "ucase", description = "Not the real one.")
    public static String ucase(String s) {
      return s;
    }
  }

  public static final class ShadowsExplode {
    private ShadowsExplode() {}

    @Udtf(name = "Explode", description = "Not the real one.")
    public static List<Object> explode(List<Object> xs) {
      return xs;
    }
  }

  public static final class ShadowsCount {
    private ShadowsCount() {}

    @Udf(name = "count", description = "Not an aggregate.")
    public static Long count(Long x) {
      return x;
    }
  }

  private static FunctionLibrary library(String name, Class<?> functions) {
    return new FunctionLibrary() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Class<?>> functionClasses() {
        return List.of(functions);
      }
    };
  }

  @Test
  void aLibraryAddsItsScalarAndTableFunctionsBesideTheBuiltIns() {
    FunctionRegistry r = FunctionRegistry.withLibraries(List.of(new GreetingsLibrary()));
    assertEquals(SqlTypes.STRING, r.resolve("GREET", List.of(SqlTypes.STRING)).returnType());
    assertEquals(SqlTypes.STRING, r.resolveTable("letters", List.of(SqlTypes.STRING)).returnType());
    assertTrue(r.exists("UCASE"));
    assertTrue(r.isTableFunction("EXPLODE"));
  }

  @Test
  void serviceEntriesOnTheClasspathAreFound(@TempDir Path jar) throws Exception {
    Path services = jar.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(FunctionLibrary.class.getName()), "# a user's jar\n" + GreetingsLibrary.class.getName() + "\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      List<FunctionLibrary> found = FunctionLibraries.onClasspath(loader);
      assertEquals(List.of(GreetingsLibrary.class), found.stream().map(Object::getClass).toList());
      assertNotNull(FunctionRegistry.withLibraries(found).resolveTable("LETTERS", List.of(SqlTypes.STRING)));
    }
  }

  @Test
  void theStandardRegistryHasNoLibraryOnCoresClasspath() {
    // core ships no library; the cluster and http tests add ksqlDB's test functions through theirs.
    assertEquals(new FunctionRegistry(FunctionRegistry.BUILT_IN).all().keySet(), FunctionRegistry.standard().all().keySet());
    assertEquals(new FunctionRegistry(FunctionRegistry.BUILT_IN).tableFunctions().keySet(),
        FunctionRegistry.standard().tableFunctions().keySet());
  }

  @Test
  void aLibraryCannotReplaceABuiltInScalarTableOrAggregateFunction() {
    for (var c : List.of(new Object[] {ShadowsUcase.class, "UCASE"}, new Object[] {ShadowsExplode.class, "EXPLODE"},
        new Object[] {ShadowsCount.class, "COUNT"})) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> FunctionRegistry.withLibraries(List.of(library("acme-udfs", (Class<?>) c[0]))));
      assertEquals("Function library acme-udfs declares " + c[1] + ", which is the name of a built-in function; user functions "
          + "may not replace built-ins: rename it", e.getMessage());
    }
  }

  @Test
  void twoLibrariesCannotDeclareTheSameFunction() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> FunctionRegistry.withLibraries(
        List.of(library("first", Greetings.class), library("second", Greetings.class))));
    assertTrue(e.getMessage().startsWith("Function GREET is declared by two function libraries, first and second"), e.getMessage());
  }
}
