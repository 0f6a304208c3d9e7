package io.streamsql.core.sql.fn;

/** ksqlDB's COUNT: {@code COUNT(col)} counts non-null values; {@code COUNT(*)} is planned as a count of a never-null argument. */
public final class CountAggregates {
  private CountAggregates() {}

  @Udaf(name = "COUNT", description = "The number of rows whose argument is not null.", params = {"T"}, returns = "BIGINT")
  public static TableAggregator<Object, Long, Long> count() {
    return new TableAggregator<>() {
      @Override
      public Long initialize() {
        return 0L;
      }

      @Override
      public Long aggregate(Object value, Long count) {
        return value == null ? count : count + 1;
      }

      @Override
      public Long undo(Object value, Long count) {
        return value == null ? count : count - 1;
      }

      @Override
      public Long merge(Long left, Long right) {
        return left + right;
      }

      @Override
      public Long map(Long count) {
        return count;
      }
    };
  }
}
