package io.streamsql.core.sql.tree;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.StreamSqlParser.*;
import io.streamsql.core.sql.expr.SqlErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a statement's parse tree into its {@link Statement} record, once. Names follow ksqlDB's
 * identifier rules (unquoted upper-cased), property names are upper-cased, type names registered
 * with CREATE TYPE resolve through {@code types}.
 */
public final class StatementBuilder {
  private final SourceStatements.CustomTypes types;

  public StatementBuilder(SourceStatements.CustomTypes types) {
    this.types = types;
  }

  /** Parses a script and builds each statement; for tools and tests without variables. */
  public List<Statement> parseAll(String sql) {
    List<Statement> out = new ArrayList<>();
    for (SqlParser.ParsedStatement p : SqlParser.parse(sql)) out.add(build(p.tree()));
    return out;
  }

  public Statement build(StatementContext s) {
    if (s instanceof CreateStreamContext || s instanceof CreateTableContext) {
      return new Statement.CreateSourceStatement(SourceStatements.createSource(s, types));
    }
    if (s instanceof CreateStreamAsContext c) {
      return new Statement.CreateAsSelect(CreateSource.Kind.STREAM, name(c.sourceName()), properties(c.properties()),
          c.REPLACE() != null, c.EXISTS() != null, query(c.query()));
    }
    if (s instanceof CreateTableAsContext c) {
      return new Statement.CreateAsSelect(CreateSource.Kind.TABLE, name(c.sourceName()), properties(c.properties()),
          c.REPLACE() != null, c.EXISTS() != null, query(c.query()));
    }
    if (s instanceof InsertIntoContext i) return new Statement.InsertIntoSelect(name(i.sourceName()), query(i.query()));
    if (s instanceof InsertValuesContext iv) {
      List<String> columns = new ArrayList<>();
      if (iv.columns() != null) for (IdentifierContext id : iv.columns().identifier()) columns.add(SourceStatements.identifier(id));
      List<SqlExpression> values = new ArrayList<>();
      for (ExpressionContext e : iv.expression()) values.add(expression(e));
      return new Statement.InsertValues(name(iv.sourceName()), columns, values);
    }
    if (s instanceof DropStreamContext d) {
      return new Statement.DropSource(CreateSource.Kind.STREAM, name(d.sourceName()), d.EXISTS() != null, d.DELETE() != null);
    }
    if (s instanceof DropTableContext d) {
      return new Statement.DropSource(CreateSource.Kind.TABLE, name(d.sourceName()), d.EXISTS() != null, d.DELETE() != null);
    }
    if (s instanceof AlterSourceContext a) {
      List<Statement.AddedColumn> columns = new ArrayList<>();
      for (AlterOptionContext o : a.alterOption()) {
        columns.add(new Statement.AddedColumn(SourceStatements.identifier(o.identifier()), SourceStatements.type(o.type(), types)));
      }
      return new Statement.AlterSource(a.STREAM() != null ? CreateSource.Kind.STREAM : CreateSource.Kind.TABLE, name(a.sourceName()),
          columns);
    }
    if (s instanceof RegisterTypeContext t) {
      return new Statement.CreateType(SourceStatements.identifier(t.identifier()), SourceStatements.type(t.type(), types),
          t.EXISTS() != null);
    }
    if (s instanceof DropTypeContext t) return new Statement.DropType(SourceStatements.identifier(t.identifier()), t.EXISTS() != null);
    if (s instanceof TerminateQueryContext t) return new Statement.Terminate(t.ALL() != null ? null : t.identifier().getText());
    if (s instanceof ListStatementContext l) return new Statement.Listing(listed(l), l.EXTENDED() != null);
    if (s instanceof DescribeSourceContext d) return new Statement.DescribeSource(name(d.sourceName()), d.EXTENDED() != null);
    if (s instanceof DescribeSourcesContext d) {
      return new Statement.DescribeSources(d.STREAMS() != null ? CreateSource.Kind.STREAM : CreateSource.Kind.TABLE, d.EXTENDED() != null);
    }
    if (s instanceof DescribeFunctionContext f) return new Statement.DescribeFunction(SourceStatements.identifier(f.identifier()));
    if (s instanceof ExplainContext e) {
      if (e.identifier() != null) return new Statement.ExplainQuery(e.identifier().getText());
      return new Statement.ExplainStatement(build(e.statement()), SqlErrors.text(e.statement()));
    }
    if (s instanceof DefineVariableContext d) {
      return new Statement.DefineVariable(SourceStatements.identifier(d.identifier()), SourceStatements.unquoteString(d.STRING().getText()));
    }
    if (s instanceof UndefineVariableContext u) return new Statement.UndefineVariable(SourceStatements.identifier(u.identifier()));
    if (s instanceof SetPropertyContext p) {
      return new Statement.SetProperty(SourceStatements.unquoteString(p.STRING(0).getText()),
          SourceStatements.unquoteString(p.STRING(1).getText()));
    }
    if (s instanceof UnsetPropertyContext u) return new Statement.UnsetProperty(SourceStatements.unquoteString(u.STRING().getText()));
    if (s instanceof QueryStatementContext q) return new Statement.Select(query(q.query()));
    throw new StreamSqlException(ErrorCode.SQL_ERROR, "Statement not supported by StreamSQL: " + SqlErrors.text(s));
  }

  private static Statement.Listed listed(ListStatementContext l) {
    if (l.STREAMS() != null) return Statement.Listed.STREAMS;
    if (l.TABLES() != null) return Statement.Listed.TABLES;
    if (l.QUERIES() != null) return Statement.Listed.QUERIES;
    if (l.TOPICS() != null) return l.ALL() != null ? Statement.Listed.ALL_TOPICS : Statement.Listed.TOPICS;
    if (l.FUNCTIONS() != null) return Statement.Listed.FUNCTIONS;
    if (l.PROPERTIES() != null) return Statement.Listed.PROPERTIES;
    if (l.VARIABLES() != null) return Statement.Listed.VARIABLES;
    if (l.TYPES() != null) return Statement.Listed.TYPES;
    return Statement.Listed.CONNECTORS;
  }

  private static String name(SourceNameContext n) {
    return SourceStatements.identifier(n.identifier());
  }

  private static Map<String, Object> properties(PropertiesContext ctx) {
    Map<String, Object> props = new LinkedHashMap<>();
    if (ctx != null) {
      for (PropertyContext p : ctx.property()) {
        props.put(SourceStatements.identifier(p.identifier()).toUpperCase(Locale.ROOT), SourceStatements.literal(p.literal()));
      }
    }
    return props;
  }

  private static Query query(QueryContext q) {
    return new Query(SqlErrors.text(q), name(q.relation().aliasedRelation().sourceName()), q);
  }

  private static SqlExpression expression(ExpressionContext e) {
    return new SqlExpression(SqlErrors.text(e), e);
  }
}
