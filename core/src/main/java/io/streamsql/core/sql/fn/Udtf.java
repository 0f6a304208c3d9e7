package io.streamsql.core.sql.fn;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public static method returning a {@code List} as a table function: called in a SELECT
 * column, it turns one input row into one output row per list element (none for an empty or null
 * list). Parameters map to SQL types as for {@link Udf}, and overloads and varargs resolve the
 * same way. The column's type is the list's element type: {@link #returns} when given, else the
 * Java type argument of the returned {@code List} ({@code List<Long>} = BIGINT, a type variable or
 * {@code Object} = T, {@code List<List<…>>} = ARRAY&lt;T&gt;).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Udtf {
  String name();

  String description();

  /** The SQL type pattern of one element of the result, e.g. {@code ARRAY<T>}; empty derives it from the Java type. */
  String returns() default "";
}
