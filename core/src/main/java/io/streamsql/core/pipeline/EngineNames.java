package io.streamsql.core.pipeline;

import io.streamsql.core.sql.StreamSqlLexer;
import org.antlr.v4.runtime.CharStreams;

/**
 * Writes stored names into engine SQL. A name that an unquoted identifier would store the same
 * (upper case, and not a keyword of the engine's grammar) is written bare; any other name is
 * back-quoted, the engine's quoting, so it keeps its case and may be a keyword.
 */
final class EngineNames {
  private EngineNames() {}

  static String identifier(String name) {
    if (name.matches("[A-Z_][A-Z0-9_]*")
        && new StreamSqlLexer(CharStreams.fromString(name)).nextToken().getType() == StreamSqlLexer.IDENTIFIER) {
      return name;
    }
    return "`" + name.replace("`", "``") + "`";
  }

  /** A string literal, e.g. the topic name in a WITH clause. */
  static String string(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
