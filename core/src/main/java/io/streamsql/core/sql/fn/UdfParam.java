package io.streamsql.core.sql.fn;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The SQL type pattern of a function parameter where the Java type does not say enough, e.g. {@code ARRAY<STRING>}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface UdfParam {
  String value();
}
