package io.streamsql.cluster.sql.qtt.functions;

import io.streamsql.core.sql.fn.Udf;
import java.util.concurrent.atomic.AtomicLong;

/** ksqlDB's BAD_UDF: throws or returns null on purpose, to check per-record error handling. */
public final class BadUdf {
  /**
   * ksqlDB keeps this count in the function instance of one query; StreamSQL functions are
   * static, so it is shared by every query of the JVM. Only group-by cases use this overload.
   */
  private static final AtomicLong CALLS = new AtomicLong();

  private BadUdf() {}

  @Udf(name = "BAD_UDF", description = "throws")
  public static String blowUp(Integer arg1) {
    throw new RuntimeException("boom!");
  }

  @Udf(name = "BAD_UDF", description = "throws if arg is true")
  public static Integer mightThrow(Boolean arg) {
    if (Boolean.TRUE.equals(arg)) throw new RuntimeException("You asked me to throw...");
    return 0;
  }

  @Udf(name = "BAD_UDF", description = "returns null every other invocation")
  public static String returnNull(String arg) {
    return CALLS.getAndIncrement() % 2 == 0 ? null : arg;
  }
}
