package io.streamsql.cluster.sql;

import io.streamsql.core.error.StreamSqlException;
import java.util.List;
import java.util.Map;

/** A statement of a script failed: which one, why, and the results of the statements before it. */
public final class SqlStatementException extends RuntimeException {
  private final String statementText;
  private final StreamSqlException error;
  private final List<Map<String, Object>> entities;

  public SqlStatementException(String statementText, StreamSqlException error, List<Map<String, Object>> entities) {
    super(error.getMessage(), error);
    this.statementText = statementText;
    this.error = error;
    this.entities = List.copyOf(entities);
  }

  public String statementText() {
    return statementText;
  }

  public StreamSqlException error() {
    return error;
  }

  public List<Map<String, Object>> entities() {
    return entities;
  }
}
