package io.streamsql.cluster.sql.query;

import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The answer to a push or pull query before it is rendered: its id (push queries only; null for
 * pull queries), column names and SQL type names in projection order, and its rows, each one value
 * per column as its JSON value ({@code JsonValues.write(value, type)}; null for SQL NULL), which the
 * HTTP layer writes as it is. The row source fails with a
 * {@link io.streamsql.core.error.StreamSqlException} when the query fails after it started.
 */
public record QueryResult(String queryId, List<String> columnNames, List<String> columnTypes, Source<List<com.fasterxml.jackson.databind.JsonNode>, NotUsed> rows) {
  public QueryResult {
    columnNames = List.copyOf(columnNames);
    columnTypes = List.copyOf(columnTypes);
  }
}
