package io.streamsql.core.pipeline;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.tree.Query;
import io.streamsql.core.sql.tree.Statement;
import io.streamsql.core.sql.tree.StatementBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * A view's SELECT as the engine's own parser reads it, so a view is accepted exactly when the
 * engine can run it. The text is parsed at its place in the program (what precedes it blanked),
 * so the engine's line and column of an error are the program's.
 */
record ViewQuery(String text, Query query, List<Source> sources) {
  /** A relation the SELECT reads (FROM, then each JOIN), with where its name is written. */
  record Source(String name, int line, int column) {}

  static ViewQuery parse(ProgramText program, int start, int end) {
    String text = program.text().substring(start, end);
    List<SqlParser.ParsedStatement> parsed;
    Statement statement;
    try {
      parsed = SqlParser.parse(program.atItsPosition(start, end));
      if (parsed.size() != 1 || !(parsed.get(0).tree() instanceof StreamSqlParser.QueryStatementContext)) {
        throw program.error(ErrorCode.SQL_ERROR, start, "a view must be defined by one SELECT");
      }
      statement = new StatementBuilder(name -> null).build(parsed.get(0).tree());
    } catch (ProgramException e) {
      throw e;
    } catch (StreamSqlException e) {
      throw fromEngine(program, start, e);
    }
    Query query = ((Statement.Select) statement).query();
    List<Source> sources = new ArrayList<>();
    sources.add(source(query.tree().relation().aliasedRelation()));
    for (StreamSqlParser.JoinedRelationContext join : query.tree().relation().joinedRelation()) {
      sources.add(source(join.aliasedRelation()));
    }
    return new ViewQuery(text, query, sources);
  }

  private static Source source(StreamSqlParser.AliasedRelationContext relation) {
    var at = relation.sourceName().getStart();
    return new Source(SourceStatements.identifier(relation.sourceName().identifier()), at.getLine(), at.getCharPositionInLine() + 1);
  }

  /**
   * The engine's error at the line and column it names (already the program's, as the text was
   * parsed in place), without its own "line L:C: " prefix; at the SELECT's start if it names none.
   */
  private static ProgramException fromEngine(ProgramText program, int start, StreamSqlException e) {
    Object line = e.details().get("line");
    Object column = e.details().get("column");
    String message = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^line \\d+:\\d+: ", "");
    if (line instanceof Integer l && column instanceof Integer c) return new ProgramException(e.code(), l, c, message, e);
    return new ProgramException(e.code(), program.line(start), program.column(start), message, e);
  }
}
