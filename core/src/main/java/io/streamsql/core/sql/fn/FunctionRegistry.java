package io.streamsql.core.sql.fn;

import io.streamsql.core.sql.SqlType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Scalar and table functions by name, registered from the {@link Udf}- and {@link Udtf}-annotated
 * static methods of function classes: the built-in ones and those of every {@link FunctionLibrary}
 * on the classpath.
 */
public final class FunctionRegistry {
  /** The classes of the built-in functions. */
  static final List<Class<?>> BUILT_IN = List.of(
      StringFunctions.class, MathFunctions.class, GenericFunctions.class, DateTimeFunctions.class, ArrayFunctions.class,
      MapFunctions.class, JsonFunctions.class, UrlFunctions.class, BytesFunctions.class, TrigFunctions.class,
      MaskFunctions.class, TableFunctions.class);

  private static volatile FunctionRegistry standard;

  private final Map<String, List<FunctionSignature>> byName = new TreeMap<>();
  private final Map<String, List<FunctionSignature>> tableByName = new TreeMap<>();

  public FunctionRegistry(List<Class<?>> classes) {
    for (Class<?> c : classes) {
      for (Method m : c.getDeclaredMethods()) {
        Udf udf = m.getAnnotation(Udf.class);
        Udtf udtf = m.getAnnotation(Udtf.class);
        if (udf == null && udtf == null) continue;
        if (udf != null && udtf != null) throw new IllegalStateException(m + " cannot be both @Udf and @Udtf");
        if (!Modifier.isStatic(m.getModifiers())) throw new IllegalStateException(m + " must be static");
        if (udf != null) {
          add(byName, tableByName, signature(udf.name(), udf.description(), m, udf.returns().isEmpty() ? fromJava(m.getReturnType(), m)
              : TypePattern.parse(udf.returns())), m);
        } else {
          if (!List.class.isAssignableFrom(m.getReturnType())) throw new IllegalStateException(m + " must return a List (@Udtf)");
          add(tableByName, byName, signature(udtf.name(), udtf.description(), m, udtf.returns().isEmpty() ? elementOf(m)
              : TypePattern.parse(udtf.returns())), m);
        }
      }
    }
  }

  /** Scalar and table functions share one namespace: a call could not tell which one is meant. */
  private static void add(Map<String, List<FunctionSignature>> into, Map<String, List<FunctionSignature>> other, FunctionSignature sig,
      Method m) {
    if (other.containsKey(sig.name())) throw new IllegalStateException(m + ": " + sig.name() + " is both a scalar and a table function");
    into.computeIfAbsent(sig.name(), k -> new ArrayList<>()).add(sig);
  }

  /** The built-in functions and those of every {@link FunctionLibrary} found on the classpath; built once. */
  public static FunctionRegistry standard() {
    FunctionRegistry r = standard;
    if (r == null) {
      synchronized (FunctionRegistry.class) {
        // Not cached on failure: every caller sees the same clear start-up error, not a NoClassDefFoundError.
        if (standard == null) standard = withLibraries(FunctionLibraries.onClasspath());
        r = standard;
      }
    }
    return r;
  }

  /**
   * The built-in functions plus those of {@code libraries}. A library function named like a
   * built-in function (scalar, table or aggregate) or like another library's function is refused,
   * naming both sides, so a jar can never change what an existing query or function means.
   */
  public static FunctionRegistry withLibraries(List<FunctionLibrary> libraries) {
    FunctionRegistry registry = new FunctionRegistry(BUILT_IN);
    Set<String> builtIn = new HashSet<>(registry.names());
    builtIn.addAll(AggregateRegistry.builtIn().all().keySet());
    Map<String, String> aggregateOwners = AggregateRegistry.libraryNames(libraries);
    Map<String, String> owners = new HashMap<>();
    for (FunctionLibrary library : libraries) {
      FunctionRegistry own = new FunctionRegistry(library.functionClasses());
      for (String name : own.names()) {
        if (builtIn.contains(name)) {
          throw new IllegalStateException("Function library " + library.name() + " declares " + name
              + ", which is the name of a built-in function; user functions may not replace built-ins: rename it");
        }
        String other = owners.putIfAbsent(name, library.name());
        if (other != null) {
          throw new IllegalStateException("Function " + name + " is declared by two function libraries, " + other + " and "
              + library.name() + "; remove one of them from the classpath or rename the function");
        }
        String aggregate = aggregateOwners.get(name);
        if (aggregate != null) {
          throw new IllegalStateException("Function " + name + " is declared as an aggregate by function library " + aggregate
              + " and as a scalar or table function by " + library.name() + "; a call could not tell which one is meant: rename one of them");
        }
      }
      registry.byName.putAll(own.byName);
      registry.tableByName.putAll(own.tableByName);
    }
    return registry;
  }

  /** The names of the built-in scalar and table functions. */
  static Set<String> builtInNames() {
    return new FunctionRegistry(BUILT_IN).names();
  }

  /** The scalar and table function names the libraries declare, each with the (first) library that declares it. */
  static Map<String, String> libraryNames(List<FunctionLibrary> libraries) {
    Map<String, String> names = new HashMap<>();
    for (FunctionLibrary library : libraries) {
      for (String name : new FunctionRegistry(library.functionClasses()).names()) names.putIfAbsent(name, library.name());
    }
    return names;
  }

  /** Every function name, scalar and table. */
  private Set<String> names() {
    Set<String> all = new TreeSet<>(byName.keySet());
    all.addAll(tableByName.keySet());
    return all;
  }

  /** Whether a scalar function has this name. */
  public boolean exists(String name) {
    return byName.containsKey(name.toUpperCase(Locale.ROOT));
  }

  /** The scalar functions, by upper-case name. */
  public Map<String, List<FunctionSignature>> all() {
    return byName;
  }

  /** Whether a table function has this name. */
  public boolean isTableFunction(String name) {
    return tableByName.containsKey(name.toUpperCase(Locale.ROOT));
  }

  /** The table functions, by upper-case name; a signature's return type is the type of one element. */
  public Map<String, List<FunctionSignature>> tableFunctions() {
    return tableByName;
  }

  /** The best scalar overload for the argument types, or null if none matches. */
  public FunctionSignature.Match resolve(String name, List<SqlType> argTypes) {
    return best(byName.get(name.toUpperCase(Locale.ROOT)), argTypes);
  }

  /** The best table function overload for the argument types, or null if none matches; its return type is the element type. */
  public FunctionSignature.Match resolveTable(String name, List<SqlType> argTypes) {
    return best(tableByName.get(name.toUpperCase(Locale.ROOT)), argTypes);
  }

  /**
   * Fewest implicit conversions wins; on a tie a fixed-arity overload beats a variadic one, as in
   * ksqlDB (f(BIGINT, STRING) over f(BIGINT...) for f(id, NULL)), so the choice never depends on
   * the order reflection lists methods in.
   */
  private static FunctionSignature.Match best(List<FunctionSignature> overloads, List<SqlType> argTypes) {
    if (overloads == null) return null;
    return overloads.stream().map(s -> s.match(argTypes)).filter(Objects::nonNull)
        .min(Comparator.comparingInt(FunctionSignature.Match::cost).thenComparing(m -> m.signature().variadic())).orElse(null);
  }

  private static FunctionSignature signature(String name, String description, Method m, TypePattern returns) {
    List<TypePattern> params = new ArrayList<>();
    Parameter[] ps = m.getParameters();
    for (int i = 0; i < ps.length; i++) {
      UdfParam explicit = ps[i].getAnnotation(UdfParam.class);
      Class<?> type = m.isVarArgs() && i == ps.length - 1 ? ps[i].getType().getComponentType() : ps[i].getType();
      params.add(explicit != null ? TypePattern.parse(explicit.value()) : fromJava(type, m));
    }
    try {
      MethodHandle h = MethodHandles.publicLookup().unreflect(m);
      int n = ps.length;
      Class<?> varargClass = m.isVarArgs() ? ps[n - 1].getType() : null;
      h = h.asFixedArity().asSpreader(Object[].class, n).asType(MethodType.methodType(Object.class, Object[].class));
      return new FunctionSignature(name.toUpperCase(Locale.ROOT), description, params, m.isVarArgs(), returns, h, varargClass);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(m + " must be public", e);
    }
  }

  /** The element type of a table function's {@code List<E>} result; a type variable or wildcard is T. */
  private static TypePattern elementOf(Method m) {
    if (m.getGenericReturnType() instanceof ParameterizedType p) {
      Type e = p.getActualTypeArguments()[0];
      if (e instanceof Class<?> c) return fromJava(c, m);
      if (e instanceof ParameterizedType pe && pe.getRawType() instanceof Class<?> raw) return fromJava(raw, m);
    }
    return TypePattern.parse("T");
  }

  private static TypePattern fromJava(Class<?> type, Method m) {
    if (type == Integer.class) return TypePattern.parse("INT");
    if (type == Long.class) return TypePattern.parse("BIGINT");
    if (type == Double.class) return TypePattern.parse("DOUBLE");
    if (type == String.class) return TypePattern.parse("STRING");
    if (type == Boolean.class) return TypePattern.parse("BOOLEAN");
    if (type == BigDecimal.class) return TypePattern.parse("DECIMAL");
    if (type == ByteBuffer.class) return TypePattern.parse("BYTES");
    if (type == LocalDate.class) return TypePattern.parse("DATE");
    if (type == LocalTime.class) return TypePattern.parse("TIME");
    if (type == Instant.class) return TypePattern.parse("TIMESTAMP");
    if (type == List.class) return TypePattern.parse("ARRAY<T>");
    if (type == Map.class) return TypePattern.parse("MAP<K,V>");
    if (type == Object.class) return TypePattern.parse("T");
    throw new IllegalStateException(m + ": no SQL type for Java " + type.getName() + "; annotate it with @UdfParam");
  }
}
