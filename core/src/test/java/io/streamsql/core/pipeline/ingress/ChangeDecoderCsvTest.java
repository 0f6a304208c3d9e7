package io.streamsql.core.pipeline.ingress;

import static io.streamsql.core.pipeline.ingress.Decode.all;
import static io.streamsql.core.pipeline.ingress.Decode.col;
import static io.streamsql.core.pipeline.ingress.Decode.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlType.Base;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeDecoderCsvTest {
  private static final List<ColumnSpec> COLUMNS =
      List.of(col("ID", Base.INT), col("NAME", Base.STRING), col("OK", Base.BOOLEAN), col("PRICE", Base.DOUBLE));

  private static List<String> csv(String body) {
    return show(all(IngressFormat.CSV, COLUMNS, body));
  }

  @Test
  void rowsWithoutHeaderAreInsertsInColumnOrder() {
    assertEquals(
        List.of("1:INSERT*1{\"ID\":1,\"NAME\":\"a\",\"OK\":true,\"PRICE\":2.5}",
            "2:INSERT*1{\"ID\":2,\"NAME\":\"b\",\"OK\":false,\"PRICE\":-1.0E10}"),
        csv("1,a,true,2.5\n2,b,FALSE,-1e10\n"));
  }

  @Test
  void quotesEmbeddedCommasNewlinesAndDoubledQuotes() {
    List<Change> changes = all(IngressFormat.CSV, COLUMNS, "1,\"a, b\",true,1\r\n2,\"line1\nline2 \"\"q\"\"\",false,2");
    assertEquals("a, b", changes.get(0).row().get("NAME").textValue());
    assertEquals("line1\nline2 \"q\"", changes.get(1).row().get("NAME").textValue());
    assertEquals(2, changes.get(1).record());
  }

  @Test
  void nullsFollowFelderaEmptyIsNullExceptForStrings() {
    assertEquals(List.of("1:INSERT*1{\"ID\":null,\"NAME\":\"\",\"OK\":null,\"PRICE\":null}"), csv(",,,\n"));
    assertEquals(List.of("1:INSERT*1{\"ID\":null,\"NAME\":null,\"OK\":null,\"PRICE\":null}"), csv("NULL,null,null,NULL\n"));
    assertEquals(List.of("1:INSERT*1{\"ID\":1,\"NAME\":\"null\",\"OK\":true,\"PRICE\":1.0}"), csv("1,\"null\",true,1\n"));
  }

  @Test
  void numbersBooleansAndOtherTypesConvertByColumnType() {
    List<ColumnSpec> columns = List.of(
        col("BIG", Base.BIGINT), new ColumnSpec("DEC", new SqlType.Decimal(10, 2)), col("F", Base.DOUBLE),
        col("TS", Base.TIMESTAMP), new ColumnSpec("ARR", new SqlType.Array(new SqlType.Primitive(Base.BIGINT))));
    Change change = all(IngressFormat.CSV, columns, "12345678901,12.30,NaN, 2024-02-25 12:12:33 ,\"[1,2]\"\n").get(0);
    assertTrue(change.row().get("BIG").isLong());
    assertEquals(new BigDecimal("12.30"), change.row().get("DEC").decimalValue());
    assertTrue(Double.isNaN(change.row().get("F").doubleValue()));
    assertEquals("2024-02-25 12:12:33", change.row().get("TS").textValue());
    assertEquals("[1,2]", change.row().get("ARR").toString());
  }

  @Test
  void blankLinesAreSkippedAndRecordsCountRows() {
    List<Change> changes = all(IngressFormat.CSV, COLUMNS, "\n1,a,true,1\n\r\n\n2,b,false,2");
    assertEquals(List.of(1L, 2L), changes.stream().map(Change::record).toList());
  }

  @Test
  void tooFewFieldsIsAnErrorNamingRecordAndLine() {
    IngressFormatException e = assertThrows(IngressFormatException.class, () -> csv("1,a,true,1\n\n2,b\n"));
    assertEquals(2, e.record());
    assertEquals("Record 2 (line 3): expected 4 CSV fields (ID, NAME, OK, PRICE), found 2", e.getMessage());
  }

  @Test
  void extraFieldsAreIgnoredAsFelderaDocuments() {
    assertEquals(List.of("1:INSERT*1{\"ID\":1,\"NAME\":\"a\",\"OK\":true,\"PRICE\":1.0}"), csv("1,a,true,1,extra,more\n"));
  }

  @Test
  void unparsableNumberNamesRecordLineAndColumn() {
    IngressFormatException e = assertThrows(IngressFormatException.class, () -> csv("1,a,true,1\n2,\"x\ny\",true,12abc\n"));
    assertEquals(2, e.record());
    assertEquals("Record 2 (line 2), column PRICE: '12abc' is not a valid DOUBLE", e.getMessage());
    assertEquals("PRICE", e.details().get("column"));
    IngressFormatException big = assertThrows(IngressFormatException.class, () -> csv("99999999999,a,true,1\n"));
    assertTrue(big.getMessage().contains("column ID: '99999999999' is not a valid INTEGER"), big.getMessage());
    IngressFormatException bool = assertThrows(IngressFormatException.class, () -> csv("1,a,yes,1\n"));
    assertTrue(bool.getMessage().contains("column OK: 'yes' is not a valid BOOLEAN"), bool.getMessage());
  }

  @Test
  void strayQuoteAndUnterminatedQuoteAreErrors() {
    assertThrows(IngressFormatException.class, () -> csv("1,\"a\"b,true,1\n"));
    IngressFormatException e = assertThrows(IngressFormatException.class, () -> csv("1,a,true,1\n2,\"open,true,1\n"));
    assertEquals(2, e.record());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void rowTooLargeIsAnError() {
    ChangeDecoder decoder = new ChangeDecoder(IngressFormat.CSV, COLUMNS, 16);
    assertEquals(1, decoder.feed("1,a,true,1\n".getBytes(StandardCharsets.UTF_8)).size());
    IngressFormatException e = assertThrows(IngressFormatException.class,
        () -> decoder.feed(("2," + "x".repeat(20)).getBytes(StandardCharsets.UTF_8)));
    assertEquals(2, e.record());
    assertTrue(e.getMessage().contains("larger than the limit of 16 bytes"), e.getMessage());
  }

  @Test
  void invalidUtf8IsAnError() {
    ChangeDecoder decoder = new ChangeDecoder(IngressFormat.CSV, COLUMNS, 100);
    byte[] bad = {'1', ',', (byte) 0xC3, ',', 't', 'r', 'u', 'e', ',', '1', '\n'};
    assertTrue(assertThrows(IngressFormatException.class, () -> decoder.feed(bad)).getMessage().contains("UTF-8"));
  }
}
