package io.streamsql.core.sql.fn;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public static factory of an {@link Aggregator} as an aggregate SQL function, as
 * ksqlDB's {@code @UdafFactory} does. {@link #params} are the SQL type patterns of the aggregated
 * column arguments (one per argument, e.g. {@code "INT"}, {@code "T"}); the Java parameters of the
 * factory are the literal initial arguments that follow them (TOPK's k). {@link #returns} is the
 * result type pattern. An aggregate of one column receives that column's value; one of several
 * columns (CORRELATION(x, y)) receives the list of their values, in argument order. Initial
 * arguments are passed as their Java values (an INT literal as an Integer, a BOOLEAN as a
 * Boolean), and pick between factories of the same column parameters. A factory returning a
 * {@link TableAggregator} can aggregate tables (it undoes a row's old contribution).
 *
 * <p>Variadic aggregates, as ksqlDB's {@code VariadicArgs}: the last column pattern may end with
 * {@code ...} ({@code "STRING..."}), taking zero or more column arguments of that pattern (a type
 * variable binds the same type for all of them; {@code "ANY..."} takes arguments of any types,
 * as ksqlDB's {@code VariadicArgs<Object>}). A variadic aggregate always receives the list of its
 * column values, in argument order, even for a single column. A Java varargs factory takes
 * variadic initial arguments (ksqlDB's {@code int first, String... rest}).
 *
 * <p> {@link #aggregate} is the type pattern of the accumulator (empty: the
 * result type): state is stored as a value of that SQL type, so an accumulator must be one
 * (Long, Double, BigDecimal, String, List, Map, a struct as a Map of field names, …).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Udaf {
  String name();

  String description();

  String[] params();

  String returns();

  /** The SQL type pattern of the accumulator, as ksqlDB's {@code aggregateSchema}; empty means the result type. */
  String aggregate() default "";
}
