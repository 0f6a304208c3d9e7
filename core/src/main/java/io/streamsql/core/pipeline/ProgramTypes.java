package io.streamsql.core.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Feldera (Calcite) column types as the engine's types. Lengths of character and binary types
 * are dropped: the engine's STRING and BYTES have none. All integer widths up to INT become INT
 * (the engine's smallest integer). DECIMAL follows the SQL standard's defaults: no scale means
 * scale 0; no precision means 28, the largest precision Feldera gives a DECIMAL by default.
 */
final class ProgramTypes {
  static final int DEFAULT_DECIMAL_PRECISION = 28;
  private static final int MAX_DECIMAL_PRECISION = 38;

  private ProgramTypes() {}

  /** Reads one type from the cursor, suffix {@code ARRAY}s included, and returns the engine's type. */
  static String read(TokenCursor c) {
    String type = base(c);
    while (c.peekWord("ARRAY")) {
      c.next("ARRAY");
      type = "ARRAY<" + type + ">";
    }
    return type;
  }

  private static String base(TokenCursor c) {
    ProgramToken t = c.next("a type");
    if (t.type() != ProgramToken.Type.WORD) throw c.syntaxError(t, "expected a type but found '" + t.shown() + "'");
    String word = t.text().toUpperCase(Locale.ROOT);
    switch (word) {
      case "ARRAY" -> {
        c.expectSymbol('<');
        String element = read(c);
        c.expectSymbol('>');
        return "ARRAY<" + element + ">";
      }
      case "MAP" -> {
        c.expectSymbol('<');
        String key = read(c);
        c.expectSymbol(',');
        String value = read(c);
        c.expectSymbol('>');
        return "MAP<" + key + ", " + value + ">";
      }
      case "BOOLEAN", "BOOL" -> {
        return "BOOLEAN";
      }
      case "TINYINT", "SMALLINT", "INT", "INTEGER" -> {
        return "INT";
      }
      case "BIGINT" -> {
        return "BIGINT";
      }
      case "REAL", "FLOAT" -> {
        return "DOUBLE";
      }
      case "DOUBLE" -> {
        if (c.peekWord("PRECISION")) c.next("PRECISION");
        return "DOUBLE";
      }
      case "DECIMAL", "NUMERIC", "DEC" -> {
        return decimal(c, t, parameters(c));
      }
      case "CHAR", "CHARACTER", "VARCHAR" -> {
        if (c.peekWord("VARYING")) c.next("VARYING");
        length(c, t);
        return "STRING";
      }
      case "TEXT", "STRING" -> {
        return "STRING";
      }
      case "BINARY", "VARBINARY" -> {
        length(c, t);
        return "BYTES";
      }
      case "BYTEA", "BYTES" -> {
        return "BYTES";
      }
      case "DATE", "TIME", "TIMESTAMP" -> {
        return word;
      }
      default -> throw c.syntaxError(t, "unknown type '" + t.text() + "'");
    }
  }

  private static String decimal(TokenCursor c, ProgramToken at, List<Integer> p) {
    if (p.size() > 2) throw c.syntaxError(at, at.text() + " takes a precision and a scale, got " + p.size() + " parameters");
    int precision = p.isEmpty() ? DEFAULT_DECIMAL_PRECISION : p.get(0);
    int scale = p.size() < 2 ? 0 : p.get(1);
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale > precision) {
      throw c.syntaxError(at, at.text() + " needs a precision from 1 to " + MAX_DECIMAL_PRECISION
          + " and a scale from 0 to the precision, got (" + precision + ", " + scale + ")");
    }
    return "DECIMAL(" + precision + ", " + scale + ")";
  }

  /** An optional {@code (n)} after a character or binary type; the engine has no lengths, so it is only checked. */
  private static void length(TokenCursor c, ProgramToken at) {
    if (parameters(c).size() > 1) throw c.syntaxError(at, at.text() + " takes one length");
  }

  /** An optional parenthesised list of integers. */
  private static List<Integer> parameters(TokenCursor c) {
    List<Integer> out = new ArrayList<>();
    if (!c.peekSymbol('(')) return out;
    c.next("'('");
    out.add(c.expectNumber("a number"));
    while (c.peekSymbol(',')) {
      c.next("','");
      out.add(c.expectNumber("a number"));
    }
    c.expectSymbol(')');
    return out;
  }
}
