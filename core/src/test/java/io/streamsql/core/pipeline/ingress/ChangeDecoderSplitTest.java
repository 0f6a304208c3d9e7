package io.streamsql.core.pipeline.ingress;

import static io.streamsql.core.pipeline.ingress.Decode.col;
import static io.streamsql.core.pipeline.ingress.Decode.json;
import static io.streamsql.core.pipeline.ingress.Decode.show;
import static io.streamsql.core.pipeline.ingress.Decode.split;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamsql.core.sql.SqlType.Base;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Chunk boundaries must not matter: any split of a body decodes to the same changes. */
class ChangeDecoderSplitTest {
  private static final String JSON_BODY = """
      {"insert": {"ID": 1, "NAME": "żółw 🐢", "PRICE": 1.25e2, "TAGS": ["a", "b"]}}
      {"delete": {"ID": 2, "NAME": "\\u00e9\\"quoted\\"", "PRICE": -3, "OK": true, "N": null}}
      {"insert":{"ID":3,"NAME":"日本語"}}{"insert":{"ID":12345678901234}}
      """;

  private static final String CSV_BODY = "1,\"żółw, 🐢\",true,1.5\r\n2,\"multi\nline \"\"q\"\"\",false,\n\n3,日本語,,-7e3\n";
  private static final List<ColumnSpec> CSV_COLUMNS =
      List.of(col("ID", Base.BIGINT), col("NAME", Base.STRING), col("OK", Base.BOOLEAN), col("PRICE", Base.DOUBLE));

  @Test
  void jsonSplitAtEveryByteOffsetGivesTheSameChanges() {
    assertEverySplitMatches(json(UpdateFormat.INSERT_DELETE, false), List.of(), JSON_BODY, 4);
  }

  @Test
  void jsonArraySplitAtEveryByteOffsetGivesTheSameChanges() {
    String body = "[{\"weight\": 2, \"data\": {\"A\": \"ü\"}},\n {\"weight\": -1, \"data\": {\"A\": 2}}] [{\"weight\": 1, \"data\": {}}]";
    assertEverySplitMatches(json(UpdateFormat.WEIGHTED, true), List.of(), body, 3);
  }

  @Test
  void csvSplitAtEveryByteOffsetGivesTheSameChanges() {
    assertEverySplitMatches(IngressFormat.CSV, CSV_COLUMNS, CSV_BODY, 3);
  }

  @Test
  void randomMultiWaySplitsGiveTheSameChanges() {
    Random random = new Random(42);
    byte[] json = JSON_BODY.getBytes(StandardCharsets.UTF_8);
    byte[] csv = CSV_BODY.getBytes(StandardCharsets.UTF_8);
    IngressFormat f = json(UpdateFormat.INSERT_DELETE, false);
    List<String> jsonWhole = show(split(f, List.of(), json));
    List<String> csvWhole = show(split(IngressFormat.CSV, CSV_COLUMNS, csv));
    for (int i = 0; i < 200; i++) {
      assertEquals(jsonWhole, show(split(f, List.of(), json, cuts(random, json.length))));
      assertEquals(csvWhole, show(split(IngressFormat.CSV, CSV_COLUMNS, csv, cuts(random, csv.length))));
    }
  }

  @Test
  void multiByteUtf8CharacterSplitInsideDecodesWhole() {
    byte[] body = "{\"insert\": {\"S\": \"🐢\"}}".getBytes(StandardCharsets.UTF_8);
    int turtle = indexOf(body, (byte) 0xF0);
    for (int cut = turtle + 1; cut < turtle + 4; cut++) {
      List<Change> changes = split(json(UpdateFormat.INSERT_DELETE, false), List.of(), body, cut);
      assertEquals("🐢", changes.get(0).row().get("S").textValue());
    }
    byte[] csv = "é,🐢\n".getBytes(StandardCharsets.UTF_8);
    List<ColumnSpec> cols = List.of(col("A", Base.STRING), col("B", Base.STRING));
    for (int cut = 1; cut < csv.length; cut++) {
      List<Change> changes = split(IngressFormat.CSV, cols, csv, cut);
      assertEquals("é", changes.get(0).row().get("A").textValue());
      assertEquals("🐢", changes.get(0).row().get("B").textValue());
    }
  }

  @Test
  void truncatedValueIsAnErrorWhereverTheBodyIsCut() {
    byte[] body = "{\"insert\": {\"A\": 1}}".getBytes(StandardCharsets.UTF_8);
    for (int end = 1; end < body.length; end++) {
      byte[] truncated = java.util.Arrays.copyOf(body, end);
      assertThrows(IngressFormatException.class,
          () -> split(json(UpdateFormat.INSERT_DELETE, false), List.of(), truncated, truncated.length / 2), "cut at " + end);
    }
  }

  /** Whole body, then every single cut, then every pair of cuts {@code step} apart. */
  private static void assertEverySplitMatches(IngressFormat format, List<ColumnSpec> columns, String text, int step) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    List<String> whole = show(split(format, columns, body));
    assertEquals(false, whole.isEmpty(), "the body decodes to changes");
    for (int cut = 0; cut <= body.length; cut++) {
      assertEquals(whole, show(split(format, columns, body, cut)), "split at byte " + cut);
    }
    for (int a = 0; a <= body.length; a += step) {
      for (int b = a; b <= body.length; b += step) {
        assertEquals(whole, show(split(format, columns, body, a, b)), "split at bytes " + a + " and " + b);
      }
    }
    // Byte by byte: the worst case for a streaming parser.
    int[] every = new int[body.length];
    for (int i = 0; i < body.length; i++) every[i] = i;
    assertEquals(whole, show(split(format, columns, body, every)), "one byte per chunk");
  }

  private static int[] cuts(Random random, int length) {
    return random.ints(random.nextInt(6), 0, length + 1).sorted().toArray();
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) if (bytes[i] == b) return i;
    return -1;
  }
}
