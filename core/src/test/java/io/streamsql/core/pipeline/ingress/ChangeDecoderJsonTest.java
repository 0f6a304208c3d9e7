package io.streamsql.core.pipeline.ingress;

import static io.streamsql.core.pipeline.ingress.Decode.all;
import static io.streamsql.core.pipeline.ingress.Decode.json;
import static io.streamsql.core.pipeline.ingress.Decode.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeDecoderJsonTest {
  private static final IngressFormat INS_DEL = json(UpdateFormat.INSERT_DELETE, false);

  @Test
  void insertDeleteGivesInsertsAndDeletes() {
    List<Change> changes = all(INS_DEL, "{\"insert\": {\"ID\": 1}}\n{\"delete\": {\"ID\": 2}}\n");
    assertEquals(List.of("1:INSERT*1{\"ID\":1}", "2:DELETE*1{\"ID\":2}"), show(changes));
  }

  @Test
  void insertDeleteAppliesDeleteBeforeInsertInOneObjectAndSkipsNullsAndTable() {
    List<Change> changes = all(INS_DEL, "{\"table\": \"T\", \"insert\": {\"ID\": 1}, \"delete\": {\"ID\": 0}, \"update\": null}");
    assertEquals(List.of("1:DELETE*1{\"ID\":0}", "1:INSERT*1{\"ID\":1}"), show(changes));
  }

  @Test
  void insertDeleteUnknownFieldIsNamed() {
    IngressFormatException e = assertThrows(IngressFormatException.class,
        () -> all(INS_DEL, "{\"insert\": {}}\n{\"insert\": {}}\n{\"upsert\": {\"ID\": 1}}"));
    assertEquals(3, e.record());
    assertEquals(3L, e.details().get("record"));
    assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
    assertEquals("Record 3: expected {\"insert\": {...}} or {\"delete\": {...}}, found field \"upsert\"", e.getMessage());
  }

  @Test
  void insertDeleteUpdateIsRefusedClearly() {
    IngressFormatException e = assertThrows(IngressFormatException.class,
        () -> all(INS_DEL, "{\"update\": {\"ID\": 1, \"NAME\": \"x\"}}"));
    assertEquals(1, e.record());
    assertTrue(e.getMessage().contains("partial update"), e.getMessage());
  }

  @Test
  void nonObjectRowIsAnError() {
    IngressFormatException e = assertThrows(IngressFormatException.class, () -> all(INS_DEL, "{\"insert\": [1, 2]}"));
    assertEquals("Record 1: \"insert\" must be a JSON object (a table row), found an array", e.getMessage());
    IngressFormatException raw = assertThrows(IngressFormatException.class,
        () -> all(json(UpdateFormat.RAW, false), "{\"A\": 1} 42"));
    assertEquals(2, raw.record());
    assertTrue(raw.getMessage().contains("found the number 42"), raw.getMessage());
  }

  @Test
  void nonObjectUpdateIsAnError() {
    IngressFormatException e = assertThrows(IngressFormatException.class, () -> all(INS_DEL, "\"insert\""));
    assertEquals(1, e.record());
    assertTrue(e.getMessage().startsWith("Record 1: expected {\"insert\""), e.getMessage());
  }

  @Test
  void rawInsertsEachObject() {
    List<Change> changes = all(json(UpdateFormat.RAW, false), "{\"A\": 1}\n{\"A\": \"x\", \"B\": null}\n");
    assertEquals(List.of("1:INSERT*1{\"A\":1}", "2:INSERT*1{\"A\":\"x\",\"B\":null}"), show(changes));
  }

  @Test
  void weightedPositiveNegativeAndZeroWeights() {
    List<Change> changes = all(json(UpdateFormat.WEIGHTED, false),
        "{\"weight\": 3, \"data\": {\"A\": 1}}\n{\"weight\": -2, \"data\": {\"A\": 2}}\n{\"weight\": 0, \"data\": {\"A\": 3}}\n"
            + "{\"table\": \"T\", \"data\": {\"A\": 4}, \"weight\": 1}");
    assertEquals(List.of("1:INSERT*3{\"A\":1}", "2:DELETE*2{\"A\":2}", "4:INSERT*1{\"A\":4}"), show(changes));
  }

  @Test
  void weightedNeedsIntegerWeightAndObjectData() {
    IngressFormat f = json(UpdateFormat.WEIGHTED, false);
    assertTrue(assertThrows(IngressFormatException.class, () -> all(f, "{\"weight\": 1.5, \"data\": {}}"))
        .getMessage().contains("\"weight\" is not a 64-bit integer"));
    assertTrue(assertThrows(IngressFormatException.class, () -> all(f, "{\"data\": {}}"))
        .getMessage().contains("\"weight\" is missing"));
    assertTrue(assertThrows(IngressFormatException.class, () -> all(f, "{\"weight\": 1}"))
        .getMessage().contains("\"data\" is missing"));
    assertTrue(assertThrows(IngressFormatException.class, () -> all(f, "{\"weight\": 1, \"data\": 7}"))
        .getMessage().contains("\"data\" must be a JSON object"));
  }

  @Test
  void debeziumCreateReadUpdateDelete() {
    String body = """
        {"schema": {}, "payload": {"op": "c", "before": null, "after": {"ID": 1}}}
        {"payload": {"op": "r", "after": {"ID": 2}}}
        {"payload": {"op": "u", "before": {"ID": 1}, "after": {"ID": 10}}}
        {"payload": {"op": "d", "before": {"ID": 2}, "after": null}}
        {"payload": {"op": "u", "before": null, "after": {"ID": 11}}}
        """;
    assertEquals(
        List.of("1:INSERT*1{\"ID\":1}", "2:INSERT*1{\"ID\":2}", "3:DELETE*1{\"ID\":1}", "3:INSERT*1{\"ID\":10}",
            "4:DELETE*1{\"ID\":2}", "5:INSERT*1{\"ID\":11}"),
        show(all(json(UpdateFormat.DEBEZIUM, false), body)));
  }

  @Test
  void debeziumBadEventsAreErrors() {
    IngressFormat f = json(UpdateFormat.DEBEZIUM, false);
    assertTrue(assertThrows(IngressFormatException.class, () -> all(f, "{\"op\": \"c\", \"after\": {}}"))
        .getMessage().contains("\"payload\" is missing"));
    assertTrue(assertThrows(IngressFormatException.class, () -> all(f, "{\"payload\": {\"op\": \"x\", \"after\": {}}}"))
        .getMessage().contains("\"op\" must be"));
    assertTrue(assertThrows(IngressFormatException.class, () -> all(f, "{\"payload\": {\"op\": \"d\", \"before\": null}}"))
        .getMessage().contains("needs \"payload.before\""));
    assertTrue(assertThrows(IngressFormatException.class, () -> all(f, "{\"payload\": {\"op\": \"c\", \"after\": 1}}"))
        .getMessage().contains("must be a JSON object"));
  }

  @Test
  void snowflakeIsRefusedForJsonInputAsFelderaDoes() {
    IngressFormatException e = assertThrows(IngressFormatException.class,
        () -> new ChangeDecoder(json(UpdateFormat.SNOWFLAKE, false), List.of(), 100));
    assertTrue(e.getMessage().contains("snowflake"), e.getMessage());
  }

  @Test
  void arrayTrueMakesEachElementARecord() {
    List<Change> changes = all(json(UpdateFormat.INSERT_DELETE, true),
        "[{\"insert\": {\"A\": 1}}, {\"delete\": {\"A\": 2}}]\n[]\n[{\"insert\": {\"A\": 3}}]");
    assertEquals(List.of("1:INSERT*1{\"A\":1}", "2:DELETE*1{\"A\":2}", "3:INSERT*1{\"A\":3}"), show(changes));
  }

  @Test
  void arrayTrueRefusesAnObjectAtTopLevel() {
    IngressFormatException e = assertThrows(IngressFormatException.class,
        () -> all(json(UpdateFormat.RAW, true), "[{\"A\": 1}]\n{\"A\": 2}"));
    assertEquals(2, e.record());
    assertTrue(e.getMessage().contains("must be a JSON array of updates, found an object at line 2"), e.getMessage());
  }

  @Test
  void arrayFalseTreatsAnArrayAsOneNonObjectRecord() {
    IngressFormatException e = assertThrows(IngressFormatException.class,
        () -> all(json(UpdateFormat.RAW, false), "[{\"A\": 1}]"));
    assertTrue(e.getMessage().contains("found an array"), e.getMessage());
  }

  @Test
  void ndjsonAndConcatenatedAndMultiLineValuesGiveTheSameChanges() {
    IngressFormat raw = json(UpdateFormat.RAW, false);
    List<String> ndjson = show(all(raw, "{\"A\":1}\n{\"A\":2}\n{\"A\":3}\n"));
    assertEquals(ndjson, show(all(raw, "{\"A\":1}{\"A\":2} {\"A\":3}")));
    assertEquals(ndjson, show(all(raw, "{\n  \"A\": 1\n}\r\n\n{\"A\":\n2}\t{\"A\":3}")));
    assertEquals(3, ndjson.size());
  }

  @Test
  void emptyAndWhitespaceBodiesGiveNothing() {
    assertEquals(List.of(), all(INS_DEL, ""));
    assertEquals(List.of(), all(INS_DEL, " \n\r\n\t "));
  }

  @Test
  void truncatedFinalValueIsAnError() {
    IngressFormatException e = assertThrows(IngressFormatException.class,
        () -> all(INS_DEL, "{\"insert\": {\"A\": 1}}\n{\"insert\": {\"A\": 2"));
    assertEquals(2, e.record());
    assertTrue(e.getMessage().startsWith("Record 2: "), e.getMessage());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void truncatedStringAndTopArrayAreErrors() {
    assertThrows(IngressFormatException.class, () -> all(INS_DEL, "{\"insert\": {\"A\": \"abc"));
    IngressFormatException e = assertThrows(IngressFormatException.class,
        () -> all(json(UpdateFormat.RAW, true), "[{\"A\": 1},"));
    assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("malformed"), e.getMessage());
  }

  @Test
  void malformedJsonNamesRecordAndPosition() {
    IngressFormatException e = assertThrows(IngressFormatException.class,
        () -> all(INS_DEL, "{\"insert\": {\"A\": 1}}\n{\"insert\": {\"A\": tru}}"));
    assertEquals(2, e.record());
    assertTrue(e.getMessage().startsWith("Record 2: malformed JSON at line 2"), e.getMessage());
    assertEquals(2L, e.details().get("line"));
  }

  @Test
  void recordTooLargeIsAnErrorEvenWhileStillOpen() {
    ChangeDecoder whole = new ChangeDecoder(INS_DEL, List.of(), 40);
    assertEquals(1, whole.feed("{\"insert\": {\"A\": 1}}\n".getBytes(StandardCharsets.UTF_8)).size());
    IngressFormatException e = assertThrows(IngressFormatException.class,
        () -> whole.feed(("{\"insert\": {\"A\": \"" + "x".repeat(50) + "\"}}").getBytes(StandardCharsets.UTF_8)));
    assertEquals(2, e.record());
    assertTrue(e.getMessage().contains("larger than the limit of 40 bytes"), e.getMessage());

    // Never closed: the open record's bytes alone exceed the limit, without waiting for the end.
    ChangeDecoder open = new ChangeDecoder(INS_DEL, List.of(), 40);
    open.feed("{\"insert\": {\"A\": \"".getBytes(StandardCharsets.UTF_8));
    assertThrows(IngressFormatException.class, () -> open.feed("y".repeat(64).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void decoderIsSpentAfterAnError() {
    ChangeDecoder d = new ChangeDecoder(INS_DEL, List.of(), 100);
    assertThrows(IngressFormatException.class, () -> d.feed("{\"nope\": 1}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IllegalStateException.class, d::finish);
  }

  @Test
  void numbersKeepTheirJsonKinds() {
    List<Change> changes = all(json(UpdateFormat.RAW, false), "{\"I\": 12345678901, \"D\": 1.5, \"B\": true, \"S\": \"é\"}");
    assertEquals(List.of("1:INSERT*1{\"I\":12345678901,\"D\":1.5,\"B\":true,\"S\":\"é\"}"), show(changes));
    assertTrue(changes.get(0).row().get("I").isLong());
  }
}
