package io.streamsql.core.sql.fn;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Aggregate functions by name, registered from the {@link Udaf}-annotated static factories of the
 * built-in aggregate classes and of every {@link FunctionLibrary} on the classpath.
 */
public final class AggregateRegistry {
  /** The classes of the built-in aggregates. */
  static final List<Class<?>> LIBRARY = List.of(CountAggregates.class, SumAggregates.class, MinMaxAggregates.class,
      AverageAggregates.class, StatisticsAggregates.class, CollectAggregates.class, TopkAggregates.class,
      OffsetAggregates.class, HistogramAggregates.class, AttrAggregates.class);
  private static final AggregateRegistry BUILT_IN = new AggregateRegistry(LIBRARY);
  private static volatile AggregateRegistry standard;

  /** The pattern of a column parameter that takes an argument of any type, unbound ({@code ANY...}: ksqlDB's {@code VariadicArgs<Object>}). */
  static final String ANY = "ANY";
  /** The suffix that marks the last column parameter variadic, as {@link FunctionSignature#sql()} writes it. */
  static final String VARIADIC = "...";

  /**
   * One overload: its column parameter patterns (the last one may end with {@code ...}: variadic),
   * its result pattern, and its factory (whose Java varargs, if any, take variadic initial arguments).
   */
  public record Overload(String name, String description, List<String> params, String returns, String aggregate, Method factory) {
    public boolean supportsTables() {
      return TableAggregator.class.isAssignableFrom(factory.getReturnType());
    }

    /** Whether the last column parameter takes zero or more arguments. */
    public boolean variadic() {
      return !params.isEmpty() && params.get(params.size() - 1).trim().endsWith(VARIADIC);
    }

    /** The number of column parameters before a variadic one (all of them when none is variadic). */
    public int fixedColumns() {
      return variadic() ? params.size() - 1 : params.size();
    }

    /** Whether this overload takes {@code columns} column arguments. */
    public boolean takesColumns(int columns) {
      return variadic() ? columns >= fixedColumns() : columns == params.size();
    }

    /** The pattern of column argument {@code i} ({@code ...} dropped): the variadic parameter's for every argument past the fixed ones. */
    public String paramFor(int i) {
      String p = params.get(Math.min(i, params.size() - 1)).trim();
      return p.endsWith(VARIADIC) ? p.substring(0, p.length() - VARIADIC.length()).trim() : p;
    }

    /** Whether the aggregator gets its column values as a List: a variadic aggregate always does, a fixed one for several columns. */
    public boolean listInput(int columns) {
      return variadic() || columns > 1;
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
        for (int i = 0; i < params.size(); i++) {
          String p = params.get(i).trim();
          boolean variadic = p.endsWith(VARIADIC);
          if (variadic && i != params.size() - 1) throw new IllegalStateException(m + ": only the last column parameter can be variadic (" + p + ")");
          String type = variadic ? p.substring(0, p.length() - VARIADIC.length()).trim() : p;
          if (!type.equalsIgnoreCase(ANY)) TypePattern.parse(type); // fail at start-up, not at the first query, for a bad pattern
        }
        TypePattern.parse(udaf.returns());
        String aggregate = udaf.aggregate().isBlank() ? udaf.returns() : udaf.aggregate();
        TypePattern.parse(aggregate);
        String name = udaf.name().toUpperCase(Locale.ROOT);
        byName.computeIfAbsent(name, k -> new ArrayList<>())
            .add(new Overload(name, udaf.description(), params, udaf.returns(), aggregate, m));
      }
    }
  }

  /** The built-in aggregates and those of every {@link FunctionLibrary} found on the classpath; built once. */
  public static AggregateRegistry standard() {
    AggregateRegistry r = standard;
    if (r == null) {
      synchronized (AggregateRegistry.class) {
        // Not cached on failure: every caller sees the same clear start-up error.
        if (standard == null) standard = withLibraries(FunctionLibraries.onClasspath());
        r = standard;
      }
    }
    return r;
  }

  /** The built-in aggregates only. */
  public static AggregateRegistry builtIn() {
    return BUILT_IN;
  }

  /**
   * The built-in aggregates plus those of {@code libraries}. A library aggregate named like a
   * built-in function (scalar, table or aggregate), like another library's aggregate, or like a
   * scalar or table function of any library is refused, naming both sides, as
   * {@link FunctionRegistry#withLibraries} refuses library functions.
   */
  public static AggregateRegistry withLibraries(List<FunctionLibrary> libraries) {
    AggregateRegistry registry = new AggregateRegistry(LIBRARY);
    Set<String> builtIn = new HashSet<>(registry.byName.keySet());
    builtIn.addAll(FunctionRegistry.builtInNames());
    Map<String, String> functionOwners = FunctionRegistry.libraryNames(libraries);
    Map<String, String> owners = new HashMap<>();
    for (FunctionLibrary library : libraries) {
      AggregateRegistry own = new AggregateRegistry(library.aggregateClasses());
      for (String name : own.byName.keySet()) {
        if (builtIn.contains(name)) {
          throw new IllegalStateException("Function library " + library.name() + " declares " + name
              + ", which is the name of a built-in function; user functions may not replace built-ins: rename it");
        }
        String other = owners.putIfAbsent(name, library.name());
        if (other != null) {
          throw new IllegalStateException("Function " + name + " is declared by two function libraries, " + other + " and "
              + library.name() + "; remove one of them from the classpath or rename the function");
        }
        String function = functionOwners.get(name);
        if (function != null) {
          throw new IllegalStateException("Function " + name + " is declared as an aggregate by function library " + library.name()
              + " and as a scalar or table function by " + function + "; a call could not tell which one is meant: rename one of them");
        }
      }
      registry.byName.putAll(own.byName);
    }
    return registry;
  }

  /** The aggregate names the libraries declare, each with the (first) library that declares it. */
  static Map<String, String> libraryNames(List<FunctionLibrary> libraries) {
    Map<String, String> names = new HashMap<>();
    for (FunctionLibrary library : libraries) {
      for (String name : new AggregateRegistry(library.aggregateClasses()).byName.keySet()) names.putIfAbsent(name, library.name());
    }
    return names;
  }

  public boolean exists(String name) {
    return byName.containsKey(name.toUpperCase(Locale.ROOT));
  }

  public Map<String, List<Overload>> all() {
    return byName;
  }

  /**
   * The overload whose column parameters match the argument types exactly (type variables bind
   * to the argument's type, the same one for every argument of a variadic parameter; {@code ANY}
   * takes any type; aggregates do not widen, as ksqlDB's do not) and whose factory takes the
   * literal initial arguments (by their Java types: EARLIEST_BY_OFFSET(col, 2) and
   * EARLIEST_BY_OFFSET(col, true) are different overloads; a varargs factory takes the trailing
   * ones as its array), instantiated with them; null when none matches. A variadic aggregate
   * receives the list of its column values even for a single column.
   */
  @SuppressWarnings("unchecked")
  public Resolved resolve(String name, List<SqlType> argTypes, List<Object> initArgs) {
    for (Overload o : byName.getOrDefault(name.toUpperCase(Locale.ROOT), List.of())) {
      if (!o.takesColumns(argTypes.size()) || !accepts(o.factory(), initArgs)) continue;
      Map<String, SqlType> bindings = bind(o, argTypes);
      if (bindings == null) continue;
      SqlType returns = TypePattern.parse(o.returns()).resolve(bindings);
      if (returns == null) continue;
      SqlType aggregate = TypePattern.parse(o.aggregate()).resolve(bindings);
      if (aggregate == null) continue;
      try {
        Aggregator<Object, Object, Object> aggregator = (Aggregator<Object, Object, Object>) o.factory().invoke(null, invocation(o.factory(), initArgs));
        if (o.listInput(argTypes.size()) && argTypes.size() == 1) aggregator = ListInput.of(aggregator);
        return new Resolved(o, returns, aggregate, aggregator);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(o.factory() + " must be public", e);
      } catch (InvocationTargetException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
    }
    return null;
  }

  /**
   * Whether the factory's Java parameters take these initial arguments (boxed primitives included;
   * null only for a reference type); a varargs factory takes any number of trailing ones of its component type.
   */
  private static boolean accepts(Method factory, List<Object> initArgs) {
    Class<?>[] types = factory.getParameterTypes();
    int fixed = factory.isVarArgs() ? types.length - 1 : types.length;
    if (factory.isVarArgs() ? initArgs.size() < fixed : initArgs.size() != fixed) return false;
    for (int i = 0; i < initArgs.size(); i++) {
      Object arg = initArgs.get(i);
      Class<?> t = initialArgumentType(factory, i);
      if (arg == null ? t.isPrimitive() : !box(t).isInstance(arg)) return false;
    }
    return true;
  }

  /** The Java type initial argument {@code i} must have for this factory (the component type past a varargs factory's fixed ones), or null when it takes no such argument. */
  public static Class<?> initialArgumentType(Method factory, int i) {
    Class<?>[] types = factory.getParameterTypes();
    if (factory.isVarArgs() && i >= types.length - 1) return types[types.length - 1].getComponentType();
    return i < types.length ? types[i] : null;
  }

  /** The factory's Java arguments: the initial arguments, the trailing ones of a varargs factory packed into its array. */
  private static Object[] invocation(Method factory, List<Object> initArgs) {
    if (!factory.isVarArgs()) return initArgs.toArray();
    int fixed = factory.getParameterCount() - 1;
    Object[] args = new Object[fixed + 1];
    for (int i = 0; i < fixed; i++) args[i] = initArgs.get(i);
    Object rest = Array.newInstance(factory.getParameterTypes()[fixed].getComponentType(), initArgs.size() - fixed);
    for (int i = fixed; i < initArgs.size(); i++) Array.set(rest, i - fixed, initArgs.get(i));
    args[fixed] = rest;
    return args;
  }

  private static Class<?> box(Class<?> t) {
    return java.lang.invoke.MethodType.methodType(t).wrap().returnType();
  }

  private static Map<String, SqlType> bind(Overload o, List<SqlType> argTypes) {
    Map<String, SqlType> bindings = new HashMap<>();
    for (int i = 0; i < argTypes.size(); i++) {
      String pattern = o.paramFor(i);
      if (pattern.equalsIgnoreCase(ANY)) continue;
      TypePattern p = TypePattern.parse(pattern);
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

  /** A variadic aggregate called with one column: it gets that value as a one-element list, as it would several. */
  private static class ListInput implements Aggregator<Object, Object, Object> {
    final Aggregator<Object, Object, Object> inner;

    ListInput(Aggregator<Object, Object, Object> inner) {
      this.inner = inner;
    }

    static Aggregator<Object, Object, Object> of(Aggregator<Object, Object, Object> inner) {
      return inner instanceof TableAggregator<Object, Object, Object> t ? new TableListInput(t) : new ListInput(inner);
    }

    static List<Object> list(Object value) {
      return java.util.Collections.singletonList(value);
    }

    @Override
    public Object initialize() {
      return inner.initialize();
    }

    @Override
    public Object aggregate(Object value, Object accumulator) {
      return inner.aggregate(list(value), accumulator);
    }

    @Override
    public Object merge(Object left, Object right) {
      return inner.merge(left, right);
    }

    @Override
    public Object map(Object accumulator) {
      return inner.map(accumulator);
    }
  }

  private static final class TableListInput extends ListInput implements TableAggregator<Object, Object, Object> {
    TableListInput(TableAggregator<Object, Object, Object> inner) {
      super(inner);
    }

    @Override
    public Object undo(Object value, Object accumulator) {
      return ((TableAggregator<Object, Object, Object>) inner).undo(list(value), accumulator);
    }
  }
}
