package io.streamsql.cluster.sql;

import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.fn.FunctionSignature;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.persistence.sql.SqlQuery;
import java.util.List;
import java.util.Map;

/**
 * What a statement produced, typed. The HTTP layer renders these as ksqlDB's response entities;
 * nothing here knows about JSON.
 */
public sealed interface StatementResult {
  /** The statement text the result answers, as ksqlDB echoes it. */
  String statementText();

  /** A command ran: DDL, a persistent query started, a query terminated. */
  record CommandDone(String statementText, String commandId, String message, String queryId, long sequence) implements StatementResult {}

  record SourceList(String statementText, CreateSource.Kind kind, List<SourceSchema> sources) implements StatementResult {}

  record QueryList(String statementText, List<QueryInfo> queries) implements StatementResult {}

  /** A persistent query as listings show it: its sink's topic and its state (RUNNING or ERROR). */
  record QueryInfo(SqlQuery query, String sinkTopic, String state, String queryType) {
    public QueryInfo(SqlQuery query, String sinkTopic, String state) {
      this(query, sinkTopic, state, "PERSISTENT");
    }
  }

  record TopicList(String statementText, List<TopicInfo> topics) implements StatementResult {}

  record TopicInfo(String name, int partitions) {}

  record SourceDescription(
      String statementText, SourceSchema schema, String ddl, List<String> readQueries, List<String> writeQueries, boolean extended)
      implements StatementResult {}

  record SourceDescriptions(String statementText, List<SourceDescription> descriptions) implements StatementResult {}

  /**
   * EXPLAIN: a running query ({@code queryId} set, {@code state} RUNNING or ERROR) or a statement's
   * plan ({@code queryId} null, {@code state} null).
   */
  record QueryDescription(
      String statementText, String queryId, String queryStatement, List<String> sources, List<String> sinks, SourceSchema sinkSchema,
      String executionPlan, String state, Map<Integer, Long> nextOffsets, Long stateLag) implements StatementResult {}

  /** SHOW FUNCTIONS: scalar and table functions by name (ksqlDB lists them with type SCALAR and TABLE). */
  record FunctionList(String statementText, Map<String, List<FunctionSignature>> functions,
      Map<String, List<FunctionSignature>> tableFunctions) implements StatementResult {}

  /** DESCRIBE FUNCTION: a function's overloads; {@code table} for a table function (a table function's return type is one row's value). */
  record FunctionDescription(String statementText, String name, List<FunctionSignature> overloads, boolean table)
      implements StatementResult {}

  record PropertyList(String statementText, Map<String, Object> overrides) implements StatementResult {}

  record VariableList(String statementText, Map<String, String> variables) implements StatementResult {}

  record TypeList(String statementText, Map<String, SqlType> types) implements StatementResult {}
}
