package io.streamsql.core.sql.fn;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Aggregate functions by name, registered from the {@link Udaf}-annotated static factories of the aggregate library classes. */
public final class AggregateRegistry {
  private static final List<Class<?>> LIBRARY = List.of(CountAggregates.class, SumAggregates.class, MinMaxAggregates.class,
      AverageAggregates.class, StatisticsAggregates.class, CollectAggregates.class, TopkAggregates.class,
      OffsetAggregates.class, HistogramAggregates.class, AttrAggregates.class);
  private static final AggregateRegistry STANDARD = new AggregateRegistry(LIBRARY);

  /** One overload: its column parameter patterns, its result pattern, and its factory. */
  public record Overload(String name, String description, List<String> params, String returns, String aggregate, Method factory) {
    public boolean supportsTables() {
      return TableAggregator.class.isAssignableFrom(factory.getReturnType());
    }
  }

  /** A resolved call: the overload, the result and accumulator types, and a fresh aggregator for one query. */
  public record Resolved(Overload overload, SqlType returnType, SqlType aggregateType, Aggregator<Object, Object, Object> aggregator) {}

  private final Map<String, List<Overload>> byName = new TreeMap<>();

  public AggregateRegistry(List<Class<?>> classes) {
    for (Class<?> c : classes) {
      for (Method m : c.getDeclaredMethods()) {
        Udaf udaf = m.getAnnotation(Udaf.class);
        if (udaf == null) continue;
        if (!Modifier.isStatic(m.getModifiers()) || !Aggregator.class.isAssignableFrom(m.getReturnType())) {
          throw new IllegalStateException(m + " must be a static factory of an Aggregator");
        }
        List<String> params = List.of(udaf.params());
        params.forEach(TypePattern::parse); // fail at start-up, not at the first query, for a bad pattern
        TypePattern.parse(udaf.returns());
        String aggregate = udaf.aggregate().isBlank() ? udaf.returns() : udaf.aggregate();
        TypePattern.parse(aggregate);
        String name = udaf.name().toUpperCase(Locale.ROOT);
        byName.computeIfAbsent(name, k -> new ArrayList<>())
            .add(new Overload(name, udaf.description(), params, udaf.returns(), aggregate, m));
      }
    }
  }

  public static AggregateRegistry standard() {
    return STANDARD;
  }

  public boolean exists(String name) {
    return byName.containsKey(name.toUpperCase(Locale.ROOT));
  }

  public Map<String, List<Overload>> all() {
    return byName;
  }

  /**
   * The overload whose column parameters match the argument types exactly (type variables bind
   * to the argument's type; aggregates do not widen, as ksqlDB's do not) and whose factory takes
   * the literal initial arguments (by their Java types: EARLIEST_BY_OFFSET(col, 2) and
   * EARLIEST_BY_OFFSET(col, true) are different overloads), instantiated with them; null when none
   * matches.
   */
  @SuppressWarnings("unchecked")
  public Resolved resolve(String name, List<SqlType> argTypes, List<Object> initArgs) {
    for (Overload o : byName.getOrDefault(name.toUpperCase(Locale.ROOT), List.of())) {
      if (o.params().size() != argTypes.size() || !accepts(o.factory(), initArgs)) continue;
      Map<String, SqlType> bindings = bind(o, argTypes);
      if (bindings == null) continue;
      SqlType returns = TypePattern.parse(o.returns()).resolve(bindings);
      if (returns == null) continue;
      SqlType aggregate = TypePattern.parse(o.aggregate()).resolve(bindings);
      if (aggregate == null) continue;
      try {
        return new Resolved(o, returns, aggregate, (Aggregator<Object, Object, Object>) o.factory().invoke(null, initArgs.toArray()));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(o.factory() + " must be public", e);
      } catch (InvocationTargetException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
    }
    return null;
  }

  /** Whether the factory's Java parameters take these initial arguments (boxed primitives included; null only for a reference type). */
  private static boolean accepts(Method factory, List<Object> initArgs) {
    Class<?>[] types = factory.getParameterTypes();
    if (types.length != initArgs.size()) return false;
    for (int i = 0; i < types.length; i++) {
      Object arg = initArgs.get(i);
      Class<?> t = types[i];
      if (arg == null ? t.isPrimitive() : !box(t).isInstance(arg)) return false;
    }
    return true;
  }

  private static Class<?> box(Class<?> t) {
    return java.lang.invoke.MethodType.methodType(t).wrap().returnType();
  }

  private static Map<String, SqlType> bind(Overload o, List<SqlType> argTypes) {
    Map<String, SqlType> bindings = new HashMap<>();
    for (int i = 0; i < argTypes.size(); i++) {
      TypePattern p = TypePattern.parse(o.params().get(i));
      SqlType arg = argTypes.get(i);
      if (p instanceof TypePattern.Exact e) {
        if (!e.type().equals(arg)) return null;
        continue;
      }
      Map<String, List<SqlType>> seen = new HashMap<>();
      if (SqlTypes.isNull(arg) || !p.collect(arg, seen)) return null;
      for (var s : seen.entrySet()) {
        for (SqlType t : s.getValue()) {
          SqlType bound = bindings.putIfAbsent(s.getKey(), t);
          if (bound != null && !bound.equals(t)) return null;
        }
      }
    }
    return bindings;
  }
}
