package io.streamsql.cluster.sql;

import io.streamsql.core.sql.tree.Statement;

/** Runs one family of statements; null when the statement produces no result entity (DEFINE, SET, INSERT VALUES). */
interface StatementExecutor<S extends Statement> {
  StatementResult execute(S statement, ExecutionContext context);
}
