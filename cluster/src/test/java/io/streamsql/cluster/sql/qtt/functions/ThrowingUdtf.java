package io.streamsql.cluster.sql.qtt.functions;

import io.streamsql.core.sql.fn.Udtf;
import java.util.Collections;
import java.util.List;

/** ksqlDB's THROWING_UDTF: throws for a true argument, to check that the record goes to the processing log. */
public final class ThrowingUdtf {
  private ThrowingUdtf() {}

  @Udtf(name = "THROWING_UDTF", description = "test UDTF that throws if param is true")
  public static List<Boolean> throwIfTrue(Boolean shouldThrow) {
    if (Boolean.TRUE.equals(shouldThrow)) throw new RuntimeException("You asked me to throw...");
    return Collections.singletonList(shouldThrow);
  }
}
