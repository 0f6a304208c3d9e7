package io.streamsql.core.sql;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.antlr.v4.runtime.ParserRuleContext;

/** Builds {@link CreateSource} from the parse trees of CREATE STREAM / CREATE TABLE. */
public final class SourceStatements {
  private SourceStatements() {}

  public static CreateSource createSource(StreamSqlParser.StatementContext statement) {
    return createSource(statement, name -> null);
  }

  /** As {@link #createSource(StreamSqlParser.StatementContext)}, resolving type names registered with CREATE TYPE. */
  public static CreateSource createSource(StreamSqlParser.StatementContext statement, CustomTypes types) {
    if (statement instanceof StreamSqlParser.CreateStreamContext s) {
      return build(CreateSource.Kind.STREAM, s.sourceName(), s.REPLACE() != null, s.EXISTS() != null, s.SOURCE() != null,
          s.tableElements(), s.properties(), types);
    }
    if (statement instanceof StreamSqlParser.CreateTableContext t) {
      return build(CreateSource.Kind.TABLE, t.sourceName(), t.REPLACE() != null, t.EXISTS() != null, t.SOURCE() != null,
          t.tableElements(), t.properties(), types);
    }
    throw new IllegalArgumentException("not a CREATE STREAM or CREATE TABLE statement: " + statement.getText());
  }

  private static CreateSource build(
      CreateSource.Kind kind, StreamSqlParser.SourceNameContext name, boolean orReplace, boolean ifNotExists, boolean readOnly,
      StreamSqlParser.TableElementsContext elements, StreamSqlParser.PropertiesContext properties, CustomTypes types) {
    List<CreateSource.Column> columns = new ArrayList<>();
    if (elements != null) {
      for (StreamSqlParser.TableElementContext e : elements.tableElement()) {
        CreateSource.Constraint constraint = CreateSource.Constraint.NONE;
        String headerKey = null;
        StreamSqlParser.ColumnConstraintContext c = e.columnConstraint();
        if (c != null) {
          if (c.PRIMARY() != null) constraint = CreateSource.Constraint.PRIMARY_KEY;
          else if (c.KEY() != null) constraint = CreateSource.Constraint.KEY;
          else if (c.HEADERS() != null) constraint = CreateSource.Constraint.HEADERS;
          else {
            constraint = CreateSource.Constraint.HEADER;
            headerKey = unquoteString(c.STRING().getText());
          }
          // ksqlDB rejects the other kind's key constraint at parse time, naming where the column is.
          String where = "Line: " + e.getStart().getLine() + ", Col: " + (e.getStart().getCharPositionInLine() + 1) + ": ";
          if (kind == CreateSource.Kind.TABLE && constraint == CreateSource.Constraint.KEY) {
            throw new StreamSqlException(ErrorCode.SQL_ERROR, where + "Column `" + identifier(e.identifier())
                + "` is a 'KEY' column: please use 'PRIMARY KEY' for tables.");
          }
          if (kind == CreateSource.Kind.STREAM && constraint == CreateSource.Constraint.PRIMARY_KEY) {
            throw new StreamSqlException(ErrorCode.SQL_ERROR, where + "Column `" + identifier(e.identifier())
                + "` is a 'PRIMARY KEY' column: please use 'KEY' for streams.");
          }
        }
        columns.add(new CreateSource.Column(identifier(e.identifier()), type(e.type(), types), constraint, headerKey));
      }
    }
    Map<String, Object> props = new LinkedHashMap<>();
    if (properties != null) {
      for (StreamSqlParser.PropertyContext p : properties.property()) {
        props.put(identifier(p.identifier()).toUpperCase(Locale.ROOT), literal(p.literal()));
      }
    }
    return new CreateSource(kind, identifier(name.identifier()), orReplace, ifNotExists, readOnly, columns, props);
  }

  /** ksqlDB's identifier rule: unquoted names are upper-cased; quoted ones keep their case. */
  public static String identifier(StreamSqlParser.IdentifierContext id) {
    String text = id.getText();
    if (id instanceof StreamSqlParser.QuotedIdentifierContext) return text.substring(1, text.length() - 1).replace("\"\"", "\"");
    if (id instanceof StreamSqlParser.BackQuotedIdentifierContext) return text.substring(1, text.length() - 1).replace("``", "`");
    return text.toUpperCase(Locale.ROOT);
  }

  /** Type names registered with CREATE TYPE; null for an unknown name. */
  @FunctionalInterface
  public interface CustomTypes {
    SqlType resolve(String upperCaseName);
  }

  public static SqlType type(StreamSqlParser.TypeContext type) {
    return type(type, name -> null);
  }

  public static SqlType type(StreamSqlParser.TypeContext type, CustomTypes types) {
    if (type instanceof StreamSqlParser.ArrayTypeContext a) return new SqlType.Array(type(a.type(), types));
    if (type instanceof StreamSqlParser.LegacyArrayTypeContext a) return new SqlType.Array(type(a.type(), types));
    if (type instanceof StreamSqlParser.MapTypeContext m) return new SqlType.Map(type(m.type(0), types), type(m.type(1), types));
    if (type instanceof StreamSqlParser.DecimalTypeContext d) {
      int precision = Integer.parseInt(d.INTEGER_VALUE(0).getText());
      int scale = Integer.parseInt(d.INTEGER_VALUE(1).getText());
      if (precision < 1 || scale < 0 || scale > precision) {
        throw error(d, "DECIMAL precision must be at least 1 and scale between 0 and the precision, got DECIMAL(" + precision + ", " + scale + ")");
      }
      return new SqlType.Decimal(precision, scale);
    }
    if (type instanceof StreamSqlParser.StructTypeContext s) {
      List<SqlType.Field> fields = new ArrayList<>();
      for (int i = 0; i < s.identifier().size(); i++) fields.add(new SqlType.Field(identifier(s.identifier(i)), type(s.type(i), types)));
      return new SqlType.Struct(fields);
    }
    StreamSqlParser.SimpleTypeContext simple = (StreamSqlParser.SimpleTypeContext) type;
    String name = simple.identifier().getText().toUpperCase(Locale.ROOT);
    SqlType custom = simple.typeParameter().isEmpty() ? types.resolve(identifier(simple.identifier())) : null;
    if (custom != null) return custom;
    SqlType.Base base = switch (name) {
      case "BOOLEAN" -> SqlType.Base.BOOLEAN;
      case "INT", "INTEGER" -> SqlType.Base.INT;
      case "BIGINT" -> SqlType.Base.BIGINT;
      case "DOUBLE" -> SqlType.Base.DOUBLE;
      case "STRING", "VARCHAR" -> SqlType.Base.STRING;
      case "BYTES" -> SqlType.Base.BYTES;
      case "DATE" -> SqlType.Base.DATE;
      case "TIME" -> SqlType.Base.TIME;
      case "TIMESTAMP" -> SqlType.Base.TIMESTAMP;
      default -> throw error(simple, "Unknown type: " + simple.identifier().getText());
    };
    return new SqlType.Primitive(base);
  }

  public static Object literal(StreamSqlParser.LiteralContext literal) {
    if (literal instanceof StreamSqlParser.NullLiteralContext) return null;
    if (literal instanceof StreamSqlParser.BooleanLiteralContext b) return b.TRUE() != null;
    if (literal instanceof StreamSqlParser.StringLiteralContext s) return unquoteString(s.STRING().getText());
    if (literal instanceof StreamSqlParser.NumericLiteralContext n) {
      String text = n.number().getText();
      if (n.number() instanceof StreamSqlParser.IntegerLiteralContext) {
        long v = Long.parseLong(text);
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
      }
      return new BigDecimal(text);
    }
    return literal.getText();
  }

  public static String unquoteString(String quoted) {
    return quoted.substring(1, quoted.length() - 1).replace("''", "'");
  }

  private static StreamSqlException error(ParserRuleContext ctx, String message) {
    int line = ctx.getStart().getLine();
    int column = ctx.getStart().getCharPositionInLine() + 1;
    return new StreamSqlException(ErrorCode.SQL_SYNTAX_ERROR, "line " + line + ":" + column + ": " + message,
        Map.of("line", line, "column", column));
  }
}
