package io.streamsql.core.pipeline;

import io.streamsql.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a program's {@code CREATE TABLE name (col TYPE [NOT NULL | NULL] [PRIMARY KEY], …,
 * [[CONSTRAINT c] PRIMARY KEY (a, b)])} by hand: the engine's grammar has no NOT NULL and no table-level key.
 * A WITH clause (Feldera's connectors) is refused, as programs cannot attach connectors yet.
 */
record TableDeclaration(ProgramTable table, ProgramToken nameToken) {

  static TableDeclaration read(TokenCursor c) {
    c.expectWord("CREATE");
    c.expectWord("TABLE");
    ProgramToken nameToken = c.expectName("a table name");
    c.expectSymbol('(');
    List<ProgramColumn> columns = new ArrayList<>();
    Map<String, ProgramToken> columnTokens = new HashMap<>();
    List<ProgramToken> columnKey = new ArrayList<>();
    List<ProgramToken> tableKey = null;
    ProgramToken tableKeyAt = null;
    while (true) {
      if (c.peekWord("CONSTRAINT")) {
        // A named table constraint: the name has no use in the engine; what follows must be the key.
        c.next("CONSTRAINT");
        c.expectName("a constraint name");
        if (!c.peekWord("PRIMARY") && !c.peekWord("FOREIGN")) c.expectWord("PRIMARY");
      }
      if (c.peekWord("FOREIGN")) {
        throw c.error(ErrorCode.SQL_ERROR, c.peek(), "FOREIGN KEY is not supported in a pipeline program");
      }
      if (c.peekWord("PRIMARY")) {
        ProgramToken at = c.next("PRIMARY");
        if (tableKey != null) throw c.error(ErrorCode.SQL_ERROR, at, "the table declares PRIMARY KEY twice");
        c.expectWord("KEY");
        tableKey = nameList(c);
        tableKeyAt = at;
      } else {
        ProgramToken name = c.expectName("a column name");
        if (columnTokens.putIfAbsent(name.name(), name) != null) {
          throw c.error(ErrorCode.SQL_ERROR, name, "column " + name.shown() + " is declared twice");
        }
        String type = ProgramTypes.read(c);
        boolean nullable = true;
        while (true) {
          if (c.peekWord("NOT")) {
            c.next("NOT");
            c.expectWord("NULL");
            nullable = false;
          } else if (c.peekWord("NULL")) {
            c.next("NULL");
          } else if (c.peekWord("PRIMARY")) {
            c.next("PRIMARY");
            c.expectWord("KEY");
            columnKey.add(name);
          } else {
            break;
          }
        }
        columns.add(new ProgramColumn(name.name(), type, nullable));
      }
      ProgramToken t = c.next("',' or ')'");
      if (t.isSymbol(')')) break;
      if (!t.isSymbol(',')) {
        throw c.syntaxError(t, "expected NOT NULL, PRIMARY KEY, ',' or ')' in the column list but found '" + t.shown() + "'");
      }
    }
    if (!c.atEnd()) {
      ProgramToken t = c.peek();
      if (t.isWord("WITH")) {
        throw c.error(ErrorCode.SQL_ERROR, t, "WITH on a table (connectors) is not supported in a pipeline program yet");
      }
      throw c.syntaxError(t, "unexpected '" + t.shown() + "' after the column list");
    }
    List<String> key = primaryKey(c, columnKey, tableKey, tableKeyAt, columnTokens);
    List<ProgramColumn> withKeys = columns.stream()
        .map(col -> key.contains(col.name()) ? new ProgramColumn(col.name(), col.engineType(), false) : col)
        .toList();
    return new TableDeclaration(new ProgramTable(nameToken.name(), withKeys, key), nameToken);
  }

  /** The key: from the table-level clause or the columns marked PRIMARY KEY, never both. */
  private static List<String> primaryKey(TokenCursor c, List<ProgramToken> columnKey, List<ProgramToken> tableKey,
      ProgramToken tableKeyAt, Map<String, ProgramToken> columns) {
    if (tableKey != null && !columnKey.isEmpty()) {
      throw c.error(ErrorCode.SQL_ERROR, tableKeyAt, "the table declares PRIMARY KEY both on column "
          + columnKey.get(0).shown() + " and as a table constraint");
    }
    if (columnKey.size() > 1) {
      throw c.error(ErrorCode.SQL_ERROR, columnKey.get(1), "a table has one PRIMARY KEY: declare several key columns "
          + "with PRIMARY KEY (a, b) after the columns");
    }
    List<ProgramToken> tokens = tableKey != null ? tableKey : columnKey;
    List<String> key = new ArrayList<>();
    for (ProgramToken t : tokens) {
      if (!columns.containsKey(t.name())) throw c.error(ErrorCode.SQL_ERROR, t, "PRIMARY KEY names unknown column " + t.shown());
      if (key.contains(t.name())) throw c.error(ErrorCode.SQL_ERROR, t, "PRIMARY KEY names column " + t.shown() + " twice");
      key.add(t.name());
    }
    return key;
  }

  private static List<ProgramToken> nameList(TokenCursor c) {
    c.expectSymbol('(');
    List<ProgramToken> names = new ArrayList<>();
    names.add(c.expectName("a column name"));
    while (c.peekSymbol(',')) {
      c.next("','");
      names.add(c.expectName("a column name"));
    }
    c.expectSymbol(')');
    return names;
  }
}
