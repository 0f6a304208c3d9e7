package io.streamsql.cluster.sql;

import io.streamsql.core.error.StreamSqlException;
import java.util.List;

/** A statement of a script failed: which one, why, and the results of the statements before it. */
public final class SqlStatementException extends RuntimeException {
  private final String statementText;
  private final StreamSqlException error;
  private final List<StatementResult> results;

  public SqlStatementException(String statementText, StreamSqlException error, List<StatementResult> results) {
    super(error.getMessage(), error);
    this.statementText = statementText;
    this.error = error;
    this.results = List.copyOf(results);
  }

  public String statementText() {
    return statementText;
  }

  public StreamSqlException error() {
    return error;
  }

  /** The results of the statements of the script that ran before the failing one. */
  public List<StatementResult> results() {
    return results;
  }
}
