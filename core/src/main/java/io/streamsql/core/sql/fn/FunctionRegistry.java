package io.streamsql.core.sql.fn;

import io.streamsql.core.sql.SqlType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scalar functions by name, registered from the {@link Udf}-annotated static methods of the
 * function library classes.
 */
public final class FunctionRegistry {
  private static final List<Class<?>> LIBRARY = List.of(
      StringFunctions.class, MathFunctions.class, GenericFunctions.class, DateTimeFunctions.class, ArrayFunctions.class,
      MapFunctions.class, JsonFunctions.class, UrlFunctions.class, BytesFunctions.class, TrigFunctions.class,
      MaskFunctions.class);

  private static final FunctionRegistry STANDARD = new FunctionRegistry(LIBRARY);

  private final Map<String, List<FunctionSignature>> byName = new TreeMap<>();

  public FunctionRegistry(List<Class<?>> classes) {
    for (Class<?> c : classes) {
      for (Method m : c.getDeclaredMethods()) {
        Udf udf = m.getAnnotation(Udf.class);
        if (udf == null) continue;
        if (!Modifier.isStatic(m.getModifiers())) throw new IllegalStateException(m + " must be static");
        byName.computeIfAbsent(udf.name().toUpperCase(Locale.ROOT), k -> new ArrayList<>()).add(signature(udf, m));
      }
    }
  }

  public static FunctionRegistry standard() {
    return STANDARD;
  }

  public boolean exists(String name) {
    return byName.containsKey(name.toUpperCase(Locale.ROOT));
  }

  public Map<String, List<FunctionSignature>> all() {
    return byName;
  }

  /** The best overload for the argument types (fewest implicit conversions), or null if none matches. */
  public FunctionSignature.Match resolve(String name, List<SqlType> argTypes) {
    List<FunctionSignature> overloads = byName.get(name.toUpperCase(Locale.ROOT));
    if (overloads == null) return null;
    return overloads.stream().map(s -> s.match(argTypes)).filter(java.util.Objects::nonNull)
        .min(Comparator.comparingInt(FunctionSignature.Match::cost)).orElse(null);
  }

  private static FunctionSignature signature(Udf udf, Method m) {
    List<TypePattern> params = new ArrayList<>();
    Parameter[] ps = m.getParameters();
    for (int i = 0; i < ps.length; i++) {
      UdfParam explicit = ps[i].getAnnotation(UdfParam.class);
      Class<?> type = m.isVarArgs() && i == ps.length - 1 ? ps[i].getType().getComponentType() : ps[i].getType();
      params.add(explicit != null ? TypePattern.parse(explicit.value()) : fromJava(type, m));
    }
    TypePattern returns = udf.returns().isEmpty() ? fromJava(m.getReturnType(), m) : TypePattern.parse(udf.returns());
    try {
      MethodHandle h = MethodHandles.publicLookup().unreflect(m);
      int n = ps.length;
      Class<?> varargClass = m.isVarArgs() ? ps[n - 1].getType() : null;
      h = h.asFixedArity().asSpreader(Object[].class, n).asType(MethodType.methodType(Object.class, Object[].class));
      return new FunctionSignature(udf.name().toUpperCase(Locale.ROOT), udf.description(), params, m.isVarArgs(), returns, h, varargClass);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(m + " must be public", e);
    }
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
