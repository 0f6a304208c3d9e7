package io.streamsql.core.pipeline;

/**
 * Reads the head of a program's {@code CREATE [MATERIALIZED | LOCAL] VIEW name AS …}: the SELECT
 * after AS is left to the engine's own parser ({@link ViewQuery}). A LOCAL view is one Feldera
 * does not output; here every view is a source of the engine, so it is treated as a view.
 */
record ViewDeclaration(ProgramToken nameToken, boolean materialized, int selectStart) {

  static ViewDeclaration read(TokenCursor c) {
    c.expectWord("CREATE");
    boolean materialized = false;
    if (c.peekWord("MATERIALIZED")) {
      c.next("MATERIALIZED");
      materialized = true;
    } else if (c.peekWord("LOCAL")) {
      c.next("LOCAL");
    }
    c.expectWord("VIEW");
    ProgramToken name = c.expectName("a view name");
    ProgramToken as = c.next("AS");
    if (as.isSymbol('(')) throw c.syntaxError(as, "column lists on views are not supported: name the columns in the SELECT");
    if (!as.isWord("AS")) throw c.syntaxError(as, "expected AS but found '" + as.shown() + "'");
    ProgramToken select = c.next("a SELECT after AS");
    return new ViewDeclaration(name, materialized, select.start());
  }

  String name() {
    return nameToken.name();
  }
}
