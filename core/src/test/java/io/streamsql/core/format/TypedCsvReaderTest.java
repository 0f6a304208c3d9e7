package io.streamsql.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypedCsvReaderTest {
  private static List<ParsedRecord> read(TypedCsvReader reader, String csv) {
    List<ParsedRecord> out = new ArrayList<>();
    byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
    // Fed in 3-byte chunks so rows and fields cross chunk boundaries.
    for (int i = 0; i < bytes.length; i += 3) {
      reader.feed(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 3)), out);
    }
    reader.finish(out);
    return out;
  }

  private static String json(ParsedRecord r) {
    return new String(r.valueJson(), StandardCharsets.UTF_8);
  }

  @Test
  void infersColumnTypesFromEveryValueAndKeepsLeadingZerosAsText() {
    TypedCsvReader reader = new TypedCsvReader(Map.of(), "id", 1 << 20);
    List<ParsedRecord> rows = read(reader, "id,price,ok,zip,note\n1,2,true,007,\"a,b\"\n2,2.5,FALSE,10001,\n");
    assertEquals("{\"id\":1,\"price\":2,\"ok\":true,\"zip\":\"007\",\"note\":\"a,b\"}", json(rows.get(0)));
    assertEquals("{\"id\":2,\"price\":2.5,\"ok\":false,\"zip\":10001,\"note\":null}", json(rows.get(1)));
    assertEquals("1", rows.get(0).keyJson());
    assertEquals(3, rows.get(1).line());
    assertEquals(Map.of("id", "BIGINT", "price", "DOUBLE", "ok", "BOOLEAN", "zip", "STRING", "note", "STRING"), reader.columns());
    assertEquals(List.of("id", "price", "ok", "zip", "note"), new ArrayList<>(reader.columns().keySet()));
  }

  @Test
  void declaredTypesConvertValuesAndAQuotedEmptyFieldIsAnEmptyString() {
    TypedCsvReader reader = new TypedCsvReader(
        CsvColumnDeclarations.parse("id STRING, amount DECIMAL(6,2), day DATE, at TIMESTAMP"), "id", 1 << 20);
    List<ParsedRecord> rows = read(reader, "id,amount,day,at,other\n42,3.5,2024-01-31,2024-01-31 12:00:00,\"\"\n");
    assertEquals("{\"id\":\"42\",\"amount\":3.50,\"day\":\"2024-01-31\",\"at\":\"2024-01-31T12:00\",\"other\":\"\"}", json(rows.get(0)));
    assertEquals("\"42\"", rows.get(0).keyJson());
    assertEquals("DECIMAL(6,2)", reader.columns().get("amount"));
  }

  @Test
  void aValueThatDoesNotFitItsDeclaredTypeNamesLineAndColumnAfterTheGoodRows() {
    TypedCsvReader reader = new TypedCsvReader(CsvColumnDeclarations.parse("n INT"), null, 1 << 20);
    List<ParsedRecord> out = new ArrayList<>();
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> {
      reader.feed("n\n1\nabc\n".getBytes(StandardCharsets.UTF_8), out);
      reader.finish(out);
    });
    assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
    assertTrue(e.getMessage().contains("line 3, column 'n': 'abc' is not an integer"), e.getMessage());
    assertEquals(1, out.size());
  }

  @Test
  void headerProblemsAreRefusedAtTheHeaderLine() {
    StreamSqlException noKey = assertThrows(StreamSqlException.class, () -> read(new TypedCsvReader(Map.of(), "id", 1 << 20), "a,b\n1,2\n"));
    assertTrue(noKey.getMessage().contains("has no column 'id' (the primary key)"), noKey.getMessage());
    StreamSqlException undeclared = assertThrows(StreamSqlException.class,
        () -> read(new TypedCsvReader(CsvColumnDeclarations.parse("c INT"), null, 1 << 20), "a,b\n1,2\n"));
    assertTrue(undeclared.getMessage().contains("has no column 'c', which 'columns' declares"), undeclared.getMessage());
    StreamSqlException empty = assertThrows(StreamSqlException.class, () -> read(new TypedCsvReader(Map.of(), null, 1 << 20), ""));
    assertTrue(empty.getMessage().contains("no header line"));
  }

  @Test
  void anEmptyPrimaryKeyIsRefused() {
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> read(new TypedCsvReader(Map.of(), "id", 1 << 20), "id,v\n,1\n"));
    assertTrue(e.getMessage().contains("line 2, column 'id': '' is empty, but it is the primary key"), e.getMessage());
  }

  @Test
  void badDeclarationsAreInvalidRequests() {
    StreamSqlException unknown = assertThrows(StreamSqlException.class, () -> CsvColumnDeclarations.parse("a NUMBERISH"));
    assertEquals(ErrorCode.INVALID_REQUEST, unknown.code());
    assertTrue(unknown.getMessage().contains("unknown type 'NUMBERISH'"));
    assertThrows(StreamSqlException.class, () -> CsvColumnDeclarations.parse("a INT, a BIGINT"));
    assertThrows(StreamSqlException.class, () -> CsvColumnDeclarations.parse("DECIMAL(2,3)"));
  }

  @Test
  void classifiesValuesLikeTheirJsonNumberOrBooleanOrText() {
    for (String bigint : List.of("0", "-7", "42", "9223372036854775807")) assertEquals(CsvColumnType.BIGINT, CsvTypeInference.classify(bigint), bigint);
    for (String dbl : List.of("0.5", "-1.25", "1e3", "2.5E-2", "92233720368547758070")) assertEquals(CsvColumnType.DOUBLE, CsvTypeInference.classify(dbl), dbl);
    for (String bool : List.of("true", "FALSE", "True")) assertEquals(CsvColumnType.BOOLEAN, CsvTypeInference.classify(bool), bool);
    for (String text : List.of("", "-", "007", "00.5", "1.", ".5", "1e", "1e+", "1.5x", "abc", "1,5", "1e999", "--1", "NaN", "Infinity"))
      assertEquals(CsvColumnType.STRING, CsvTypeInference.classify(text), text);
  }
}
