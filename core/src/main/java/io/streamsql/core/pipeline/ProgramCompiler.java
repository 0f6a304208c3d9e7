package io.streamsql.core.pipeline;

import io.streamsql.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Translates a program statement by statement, in order: a view may read only what an earlier
 * statement defined, as the engine needs its sources to exist when it starts the view's query.
 */
final class ProgramCompiler {
  /** A name already defined: whether the engine holds it as a TABLE, and where it was defined. */
  private record Defined(boolean table, int line) {}

  private final ProgramText program;
  private final int partitions;
  private final Map<String, Defined> defined = new HashMap<>();
  private final List<ProgramStatement> statements = new ArrayList<>();
  private final List<ProgramTable> tables = new ArrayList<>();
  private final List<ProgramView> views = new ArrayList<>();

  private ProgramCompiler(ProgramText program, int partitions) {
    this.program = program;
    this.partitions = partitions;
  }

  static PipelineProgram compile(String code, int partitions) {
    if (partitions < 1) throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    ProgramCompiler compiler = new ProgramCompiler(new ProgramText(code == null ? "" : code), partitions);
    for (ProgramSplitter.Span span : ProgramSplitter.split(compiler.program)) compiler.statement(span);
    return new PipelineProgram(compiler.statements, compiler.tables, compiler.views);
  }

  private void statement(ProgramSplitter.Span span) {
    List<ProgramToken> tokens = ProgramToken.tokenize(program, span.start(), span.end());
    TokenCursor cursor = new TokenCursor(program, tokens, span.end());
    int line = program.line(span.start());
    int column = program.column(span.start());
    switch (kind(tokens, span)) {
      case TABLE -> {
        TableDeclaration declaration = TableDeclaration.read(cursor);
        ProgramTable table = declaration.table();
        define(declaration.nameToken(), table.keyed(), line);
        tables.add(table);
        statements.add(new ProgramStatement(EngineStatements.createTable(table, partitions), line, column, table.name(),
            ProgramStatement.Kind.TABLE));
      }
      case VIEW -> {
        ViewDeclaration declaration = ViewDeclaration.read(cursor);
        checkNew(declaration.nameToken());
        ViewQuery query = ViewQuery.parse(program, declaration.selectStart(), span.end());
        boolean allTables = true;
        List<String> sources = new ArrayList<>();
        for (ViewQuery.Source source : query.sources()) {
          Defined d = defined.get(source.name());
          if (d == null) {
            throw new ProgramException(ErrorCode.SQL_ERROR, source.line(), source.column(),
                "view " + declaration.name() + " reads " + source.name() + ", which no earlier statement defines");
          }
          allTables &= d.table();
          if (!sources.contains(source.name())) sources.add(source.name());
        }
        // GROUP BY gives a changelog (a table); otherwise a view is a table only when all it reads are tables.
        boolean table = query.query().hasGroupBy() || allTables;
        define(declaration.nameToken(), table, line);
        views.add(new ProgramView(declaration.name(), declaration.materialized(), table, sources));
        statements.add(new ProgramStatement(EngineStatements.createView(declaration.name(), table, query.text(), partitions),
            line, column, declaration.name(), ProgramStatement.Kind.VIEW));
      }
    }
  }

  private void define(ProgramToken name, boolean table, int line) {
    checkNew(name);
    defined.put(name.name(), new Defined(table, line));
  }

  /** Tables and views share one namespace in the engine (and in Feldera), compared as stored. */
  private void checkNew(ProgramToken name) {
    Defined earlier = defined.get(name.name());
    if (earlier != null) {
      throw program.error(ErrorCode.SQL_ERROR, name.start(), name.name() + " is already defined on line " + earlier.line());
    }
  }

  /** Which supported statement this is; anything else is an error at the statement's start. */
  private ProgramStatement.Kind kind(List<ProgramToken> tokens, ProgramSplitter.Span span) {
    ProgramToken first = tokens.get(0);
    ProgramToken second = tokens.size() > 1 ? tokens.get(1) : null;
    ProgramToken third = tokens.size() > 2 ? tokens.get(2) : null;
    if (first.isWord("CREATE") && second != null) {
      if (second.isWord("TABLE")) return ProgramStatement.Kind.TABLE;
      if (second.isWord("VIEW")) return ProgramStatement.Kind.VIEW;
      if ((second.isWord("MATERIALIZED") || second.isWord("LOCAL")) && third != null && third.isWord("VIEW")) {
        return ProgramStatement.Kind.VIEW;
      }
    }
    // Name the statement kind by its leading words: INSERT, CREATE FUNCTION, CREATE OR REPLACE VIEW, DECLARE RECURSIVE.
    int words = 1;
    if (first.isWord("CREATE") || first.isWord("DECLARE")) words = second != null && second.isWord("OR") ? 4 : 2;
    StringBuilder what = new StringBuilder();
    for (int i = 0; i < Math.min(words, tokens.size()) && tokens.get(i).type() == ProgramToken.Type.WORD; i++) {
      if (i > 0) what.append(' ');
      what.append(tokens.get(i).text().toUpperCase(Locale.ROOT));
    }
    throw program.error(ErrorCode.SQL_ERROR, span.start(),
        what + " is not supported in a pipeline program: only CREATE TABLE and CREATE [MATERIALIZED] VIEW are");
  }
}
