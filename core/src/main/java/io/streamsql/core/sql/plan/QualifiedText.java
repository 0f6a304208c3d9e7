package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.StreamSqlParser.ColumnReferenceContext;
import io.streamsql.core.sql.StreamSqlParser.FunctionCallContext;
import io.streamsql.core.sql.expr.SqlErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * An expression as ksqlDB's messages print it after its analyzer has qualified it: references to
 * source columns carry the source's name or alias ({@code ABS(ID)} → {@code ABS(INPUT.ID)}) and
 * function names are upper-cased. The rest of the text is kept as written.
 */
final class QualifiedText {
  private record Replacement(int start, int stop, String text) {}

  private QualifiedText() {}

  static String of(ParserRuleContext e, String qualifier, Set<String> sourceColumns) {
    List<Replacement> replacements = new ArrayList<>();
    collect(e, qualifier, sourceColumns, replacements);
    String text = SqlErrors.text(e);
    int base = e.getStart().getStartIndex();
    StringBuilder out = new StringBuilder(text);
    // From the end, so earlier offsets stay valid.
    for (int i = replacements.size() - 1; i >= 0; i--) {
      Replacement r = replacements.get(i);
      out.replace(r.start() - base, r.stop() - base + 1, r.text());
    }
    return out.toString();
  }

  private static void collect(ParseTree tree, String qualifier, Set<String> sourceColumns, List<Replacement> out) {
    if (tree instanceof ColumnReferenceContext c) {
      String name = SourceStatements.identifier(c.identifier());
      if (sourceColumns.contains(name)) out.add(span(c, qualifier + "." + name));
      return;
    }
    if (tree instanceof FunctionCallContext f) out.add(span(f.identifier(), SourceStatements.identifier(f.identifier())));
    for (int i = 0; i < tree.getChildCount(); i++) collect(tree.getChild(i), qualifier, sourceColumns, out);
  }

  private static Replacement span(ParserRuleContext ctx, String text) {
    return new Replacement(ctx.getStart().getStartIndex(), ctx.getStop().getStopIndex(), text);
  }
}
