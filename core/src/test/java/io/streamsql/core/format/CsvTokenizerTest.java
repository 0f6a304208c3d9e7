package io.streamsql.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTokenizerTest {
  /** Errors as plain text, so a test can assert which error and where. */
  private static final class Failure extends RuntimeException {
    Failure(String what) {
      super(what);
    }
  }

  private static final CsvTokenizer.Errors ERRORS = new CsvTokenizer.Errors() {
    @Override
    public RuntimeException unclosedQuote(long row, long rowLine) {
      return new Failure("unclosed row " + row + " line " + rowLine);
    }

    @Override
    public RuntimeException strayAfterQuote(long row, long line, int column, int field) {
      return new Failure("stray row " + row + " line " + line + " column " + column + " field " + field);
    }

    @Override
    public RuntimeException tooLarge(long row, long rowLine, int maxRecordBytes) {
      return new Failure("too large row " + row + " line " + rowLine);
    }

    @Override
    public RuntimeException invalidUtf8(long row, long rowLine, int field, CharacterCodingException cause) {
      return new Failure("utf8 row " + row + " line " + rowLine + " field " + field);
    }
  };

  /** Each row as "row@line:" then its fields as [text] ([text]q if quoted, @column appended if asked). */
  private static List<String> rows(String body, int max, boolean strict, boolean columns) {
    return rows(body.getBytes(StandardCharsets.UTF_8), max, strict, columns);
  }

  private static List<String> rows(byte[] bytes, int max, boolean strict, boolean columns) {
    List<String> out = new ArrayList<>();
    CsvTokenizer.Sink sink = (row, line, fields) -> {
      StringBuilder s = new StringBuilder(row + "@" + line + ":");
      for (CsvTokenizer.Field f : fields) {
        s.append('[').append(f.text()).append(']').append(f.quoted() ? "q" : "");
        if (columns) s.append('@').append(f.column());
      }
      out.add(s.toString());
    };
    // One byte at a time: the hardest split.
    CsvTokenizer t = new CsvTokenizer(max, strict, ERRORS);
    for (int i = 0; i < bytes.length; i++) t.feed(Arrays.copyOfRange(bytes, i, i + 1), sink);
    t.finish(sink);
    return out;
  }

  private static String failure(String body, int max) {
    return assertThrows(Failure.class, () -> rows(body, max, true, false)).getMessage();
  }

  @Test
  void quotedFieldsBlankLinesAndLineNumbers() {
    assertEquals(
        List.of("1@2:[a][b,c]q", "2@3:[x\ny]q[]q[]", "3@6:[\"]q"),
        rows("\na,\"b,c\"\r\n\"x\ny\",\"\",\n\r\n\"\"\"\"", 100, true, false));
  }

  @Test
  void theLimitCountsTheRowButNotItsLineBreak() {
    assertEquals(List.of("1@1:[abc]", "2@2:[def]", "3@3:[ghi]"), rows("abc\ndef\r\nghi", 3, true, false));
    assertEquals("too large row 2 line 2", failure("abc\nabcd\n", 3));
    // A lone \r is content, so it counts.
    assertEquals("too large row 1 line 1", failure("a\rb\n", 2));
  }

  @Test
  void carriageReturns() {
    // Inside a field a lone \r is content; at the very end it is half a line break.
    assertEquals(List.of("1@1:[a\rb]", "2@2:[c]"), rows("a\rb\nc\r", 100, true, false));
    // After a closing quote only a comma or a line break may come; the error points at the \r.
    assertEquals("stray row 2 line 2 column 4 field 1", failure("a\n\"x\"\ry\n", 100));
  }

  @Test
  void errorsNameRowLineColumnAndField() {
    assertEquals("stray row 1 line 2 column 3 field 2", failure("a,\"x\ny\"z", 100));
    assertEquals("unclosed row 2 line 2", failure("a\n\"open\n", 100));
  }

  @Test
  void fieldColumnsCountCharactersNotBytes() {
    assertEquals(List.of("1@1:[é]@1[b]@3[]@5[]@6"), rows("é,b,,", 100, true, true));
  }

  @Test
  void utf8IsCheckedOnlyWhenStrict() {
    byte[] bad = {'a', ',', (byte) 0xC3, '\n'};
    assertEquals("utf8 row 1 line 1 field 2", assertThrows(Failure.class, () -> rows(bad, 100, true, false)).getMessage());
    assertEquals(List.of("1@1:[a][\uFFFD]"), rows(bad, 100, false, false));
  }
}
