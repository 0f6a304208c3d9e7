package io.streamsql.cluster.sql;

import io.streamsql.core.sql.tree.Statement;

/** DEFINE/UNDEFINE and SET/UNSET: they change the session of the statements after them and produce no entity. */
final class SessionStatements {
  StatementResult define(Statement.DefineVariable s, ExecutionContext ctx) {
    ctx.variables().put(s.name(), s.value());
    return null;
  }

  StatementResult undefine(Statement.UndefineVariable s, ExecutionContext ctx) {
    ctx.variables().remove(s.name());
    return null;
  }

  StatementResult set(Statement.SetProperty s, ExecutionContext ctx) {
    ctx.properties().put(s.name(), s.value());
    return null;
  }

  StatementResult unset(Statement.UnsetProperty s, ExecutionContext ctx) {
    ctx.properties().remove(s.name());
    return null;
  }
}
