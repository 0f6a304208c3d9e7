package io.streamsql.core.pipeline.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

/** The query parameters format, update_format and array, as IngressFormat.of validates them. */
class ChangeDecoderFormatParamsTest {
  @Test
  void jsonDefaultsToInsertDeleteWithoutArray() {
    assertEquals(new IngressFormat(IngressFormat.Kind.JSON, UpdateFormat.INSERT_DELETE, false), IngressFormat.of("json", null, null));
    assertEquals(new IngressFormat(IngressFormat.Kind.JSON, UpdateFormat.INSERT_DELETE, false), IngressFormat.of("json", "", null));
  }

  @Test
  void jsonAcceptsEveryInputUpdateFormatAndArray() {
    assertEquals(UpdateFormat.RAW, IngressFormat.of("json", "raw", "true").update());
    assertEquals(UpdateFormat.WEIGHTED, IngressFormat.of("json", "weighted", "false").update());
    assertEquals(UpdateFormat.DEBEZIUM, IngressFormat.of("json", "debezium", null).update());
    assertTrue(IngressFormat.of("json", "insert_delete", "true").array());
  }

  @Test
  void absentFormatIsCsvAsInFeldera() {
    assertEquals(IngressFormat.CSV, IngressFormat.of(null, null, null));
  }

  @Test
  void formatMustBeJsonOrCsv() {
    IngressFormatException empty = assertThrows(IngressFormatException.class, () -> IngressFormat.of("", null, null));
    assertEquals("Empty query parameter 'format': expected json or csv", empty.getMessage());
    assertEquals(0, empty.record());
    assertEquals(ErrorCode.MALFORMED_RECORD, empty.code());
    assertEquals("Unsupported format 'avro': expected json or csv",
        assertThrows(IngressFormatException.class, () -> IngressFormat.of("avro", null, null)).getMessage());
    assertThrows(IngressFormatException.class, () -> IngressFormat.of("JSON", null, null));
  }

  @Test
  void unknownUpdateFormatListsTheValidValues() {
    IngressFormatException e = assertThrows(IngressFormatException.class, () -> IngressFormat.of("json", "upsert", null));
    assertEquals("Unknown update_format 'upsert': expected one of insert_delete, raw, weighted, debezium, snowflake", e.getMessage());
    assertThrows(IngressFormatException.class, () -> UpdateFormat.parse("RAW"));
    assertEquals(UpdateFormat.SNOWFLAKE, UpdateFormat.parse("snowflake"));
  }

  @Test
  void snowflakeIsRefusedForJsonInput() {
    IngressFormatException e = assertThrows(IngressFormatException.class, () -> IngressFormat.of("json", "snowflake", null));
    assertTrue(e.getMessage().contains("not supported for JSON input"), e.getMessage());
  }

  @Test
  void arrayMustBeTrueOrFalse() {
    IngressFormatException e = assertThrows(IngressFormatException.class, () -> IngressFormat.of("json", null, "yes"));
    assertEquals("Invalid value 'yes' for query parameter 'array': expected true or false", e.getMessage());
    assertThrows(IngressFormatException.class, () -> IngressFormat.of("json", null, ""));
    assertThrows(IngressFormatException.class, () -> IngressFormat.of("json", null, "TRUE"));
  }

  @Test
  void csvIgnoresUpdateFormatAndArrayAsFelderaDoes() {
    assertEquals(IngressFormat.CSV, IngressFormat.of("csv", null, null));
    assertEquals(IngressFormat.CSV, IngressFormat.of("csv", "weighted", "true"));
    assertEquals(IngressFormat.CSV, IngressFormat.of("csv", "bogus", "maybe"));
  }
}
