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
 * result type pattern. A factory returning a {@link TableAggregator} can aggregate tables (it undoes
 * a row's old contribution).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Udaf {
  String name();

  String description();

  String[] params();

  String returns();
}
