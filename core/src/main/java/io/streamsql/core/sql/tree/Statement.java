package io.streamsql.core.sql.tree;

import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SqlType;
import java.util.List;
import java.util.Map;

/**
 * A ksqlDB statement, built once from its parse tree by {@link StatementBuilder}. Everything an
 * executor needs is a typed field; the parse tree survives only inside {@link Query} and
 * {@link SqlExpression}, which the planner and expression compiler of {@code core} consume.
 */
public sealed interface Statement {
  /** {@code CREATE [OR REPLACE] [SOURCE] STREAM|TABLE name (columns) WITH (…)}. */
  record CreateSourceStatement(CreateSource definition) implements Statement {}

  /** {@code CREATE [OR REPLACE] STREAM|TABLE [IF NOT EXISTS] name [WITH (…)] AS SELECT …}. */
  record CreateAsSelect(
      CreateSource.Kind kind, String name, Map<String, Object> properties, boolean orReplace, boolean ifNotExists, Query query)
      implements Statement {
    public CreateAsSelect {
      properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    }
  }

  /** {@code INSERT INTO sink [WITH (…)] SELECT …}. */
  record InsertIntoSelect(String sink, Query query) implements Statement {}

  /** {@code INSERT INTO target [(columns)] VALUES (…)}; no columns means all columns in order. */
  record InsertValues(String target, List<String> columns, List<SqlExpression> values) implements Statement {
    public InsertValues {
      columns = List.copyOf(columns);
      values = List.copyOf(values);
    }
  }

  /** {@code DROP STREAM|TABLE [IF EXISTS] name [DELETE TOPIC]}. */
  record DropSource(CreateSource.Kind kind, String name, boolean ifExists, boolean deleteTopic) implements Statement {}

  /** {@code ALTER STREAM|TABLE name ADD [COLUMN] c type, …}. */
  record AlterSource(CreateSource.Kind kind, String name, List<AddedColumn> columns) implements Statement {
    public AlterSource {
      columns = List.copyOf(columns);
    }
  }

  record AddedColumn(String name, SqlType type) {}

  /** {@code CREATE TYPE [IF NOT EXISTS] name AS type}. */
  record CreateType(String name, SqlType type, boolean ifNotExists) implements Statement {}

  /** {@code DROP TYPE [IF EXISTS] name}. */
  record DropType(String name, boolean ifExists) implements Statement {}

  /** {@code TERMINATE id} or, with a null id, {@code TERMINATE ALL}. */
  record Terminate(String queryId) implements Statement {
    public boolean all() {
      return queryId == null;
    }
  }

  /** {@code SHOW|LIST …}. */
  record Listing(Listed what, boolean extended) implements Statement {}

  enum Listed { STREAMS, TABLES, QUERIES, TOPICS, ALL_TOPICS, FUNCTIONS, PROPERTIES, VARIABLES, TYPES, CONNECTORS }

  /** {@code DESCRIBE [EXTENDED] name}. */
  record DescribeSource(String name, boolean extended) implements Statement {}

  /** {@code DESCRIBE STREAMS|TABLES [EXTENDED]}. */
  record DescribeSources(CreateSource.Kind kind, boolean extended) implements Statement {}

  /** {@code DESCRIBE FUNCTION name}. */
  record DescribeFunction(String name) implements Statement {}

  /** {@code EXPLAIN queryId}. */
  record ExplainQuery(String queryId) implements Statement {}

  /** {@code EXPLAIN <statement>}: the plan a statement would get, without running it. */
  record ExplainStatement(Statement statement, String text) implements Statement {}

  /** {@code DEFINE name = 'value'}. */
  record DefineVariable(String name, String value) implements Statement {}

  /** {@code UNDEFINE name}. */
  record UndefineVariable(String name) implements Statement {}

  /** {@code SET 'property' = 'value'}. */
  record SetProperty(String name, String value) implements Statement {}

  /** {@code UNSET 'property'}. */
  record UnsetProperty(String name) implements Statement {}

  /** A bare {@code SELECT …} (push or pull query). */
  record Select(Query query) implements Statement {}
}
