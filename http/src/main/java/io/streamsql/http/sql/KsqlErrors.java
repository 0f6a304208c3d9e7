package io.streamsql.http.sql;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** ksqlDB's error objects for the query endpoints: {@code {"@type","error_code","message"[,"statementText","entities"]}}. */
final class KsqlErrors {
  private KsqlErrors() {}

  /** ksqlDB's numeric code and the HTTP status for a failure before or during a query. */
  record Mapped(int status, Map<String, Object> body) {}

  static Mapped of(Throwable failure, String statement) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
    if (t instanceof io.streamsql.cluster.sql.SqlStatementException s) t = s.error();
    int status;
    int code;
    String message = String.valueOf(t.getMessage());
    if (t instanceof StreamSqlException e) {
      if (e.code() == ErrorCode.JOURNAL_UNAVAILABLE) {
        status = 503;
        code = 50300;
      } else if (e.code() == ErrorCode.INTERNAL_ERROR) {
        status = 500;
        code = 50000;
      } else if (e.code() == ErrorCode.SQL_ERROR) {
        status = 400;
        code = 40001;
      } else {
        status = e.code().httpStatus();
        code = status * 100;
      }
    } else if (t instanceof StackOverflowError) {
      // Parsing or planning recursion on a deeply nested statement (BadInputIT: 3,000 parentheses).
      status = 400;
      code = 40000;
      message = "The statement is nested too deeply";
    } else if (t instanceof NumberFormatException) {
      // A literal that cannot be read as the column's number type (BadInputIT: INSERT 'x' into an INT).
      status = 400;
      code = 40000;
    } else {
      status = 500;
      code = 50000;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@type", statement != null && code == 40001 ? "statement_error" : "generic_error");
    body.put("error_code", code);
    body.put("message", message);
    if (statement != null && code == 40001) {
      body.put("statementText", statement);
      body.put("entities", java.util.List.of());
    }
    return new Mapped(status, body);
  }

  static Map<String, Object> generic(int code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@type", "generic_error");
    body.put("error_code", code);
    body.put("message", message);
    return body;
  }
}
