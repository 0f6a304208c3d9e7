package io.streamsql.core.sql.fn;

import java.util.List;

/**
 * A library of user functions, StreamSQL's counterpart of ksqlDB's extension directory. An
 * implementation names the classes that hold its {@link Udf} and {@link Udtf} methods and its
 * {@link Udaf} factories; it is found with {@link java.util.ServiceLoader}, so a jar on the
 * server's classpath that lists the implementation in
 * {@code META-INF/services/io.streamsql.core.sql.fn.FunctionLibrary} adds its functions to
 * {@link FunctionRegistry#standard()} and its aggregates to {@link AggregateRegistry#standard()}. A library may not reuse the name of a
 * built-in function or of another library's function: the server refuses to start instead of
 * silently picking one.
 */
public interface FunctionLibrary {
  /** The name start-up errors and logs use for this library, e.g. its jar's purpose. */
  default String name() {
    return getClass().getName();
  }

  /** The classes whose public static {@link Udf}/{@link Udtf} methods this library contributes. */
  default List<Class<?>> functionClasses() {
    return List.of();
  }

  /** The classes whose public static {@link Udaf} factories this library contributes. */
  default List<Class<?>> aggregateClasses() {
    return List.of();
  }
}
