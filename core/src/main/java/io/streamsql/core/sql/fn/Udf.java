package io.streamsql.core.sql.fn;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public static method as a scalar SQL function. Parameter and return types come from
 * the Java types (Integer = INT, Long = BIGINT, Double = DOUBLE, BigDecimal = DECIMAL, String,
 * Boolean, ByteBuffer = BYTES, LocalDate = DATE, LocalTime = TIME, Instant = TIMESTAMP, List =
 * ARRAY&lt;T&gt;, Map = MAP&lt;K, V&gt;, Object = T) unless {@link UdfParam} or {@link #returns} say
 * otherwise. A Java varargs parameter makes the function variadic. Methods receive nulls and
 * decide themselves what a null argument means, as ksqlDB's functions do.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Udf {
  String name();

  String description();

  /** The SQL return type pattern, e.g. {@code ARRAY<T>}; empty derives it from the Java type. */
  String returns() default "";
}
