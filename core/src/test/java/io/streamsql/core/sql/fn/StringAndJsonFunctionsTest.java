package io.streamsql.core.sql.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The string, JSON and map functions added from ksqlDB's reference, with its documented results. */
class StringAndJsonFunctionsTest {
  @Test
  void md5AndUuid() {
    assertEquals("d41d8cd98f00b204e9800998ecf8427e", StringFunctions.md5(""));
    assertEquals("5eb63bbbe01eeed093cb22bb8f5acdc3", SqlEval.eval("MD5('hello world')"));
    assertNull(StringFunctions.md5(null));
    String random = StringFunctions.uuid();
    assertEquals(4, java.util.UUID.fromString(random).version());
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(0x237e9877e79b12d4L).putLong(0xa765321741963000L).flip();
    assertEquals("237e9877-e79b-12d4-a765-321741963000", StringFunctions.uuid(bytes));
    assertNull(StringFunctions.uuid(ByteBuffer.allocate(15)));
    assertNull(StringFunctions.uuid((ByteBuffer) null));
  }

  @Test
  void splitToMap() {
    assertEquals(Map.of("apple", "green", "cherry", "red"), SqlEval.eval("SPLIT_TO_MAP('apple:=green/cherry:=red', '/', ':=')"));
    // Later keys win; entries without the key-value delimiter and empty entries are dropped.
    assertEquals(Map.of("a", "3", "b", ""), StringFunctions.splitToMap("a=1;;b=;c;a=3", ";", "="));
    assertEquals(Map.of("a", "1"), StringFunctions.splitToMap("a=1=2", ";", "="));
    assertNull(StringFunctions.splitToMap("a=1", "", "="));
    assertNull(StringFunctions.splitToMap("a=1", "=", "="));
    assertNull(StringFunctions.splitToMap(null, ";", "="));
    assertEquals("MAP<STRING, STRING>", SqlEval.type("SPLIT_TO_MAP('a', ';', '=')"));
  }

  @Test
  void entriesAreStructsOfKeyAndValue() {
    assertEquals("ARRAY<STRUCT<`K` STRING, `V` INTEGER>>", SqlEval.type("ENTRIES(MAP('b' := 2, 'a' := 1), true)"));
    assertEquals(List.of(Map.of("K", "a", "V", 1), Map.of("K", "b", "V", 2)), SqlEval.eval("ENTRIES(MAP('b' := 2, 'a' := 1), true)"));
    assertNull(SqlEval.eval("ENTRIES(CAST(NULL AS MAP<STRING, DOUBLE>), false)"));
  }

  @Test
  void isJsonStringNeedsAJsonValue() {
    assertFalse(JsonFunctions.isJsonString(""));
    assertFalse(JsonFunctions.isJsonString("   "));
    assertFalse(JsonFunctions.isJsonString("abc"));
    assertFalse(JsonFunctions.isJsonString(null));
    assertTrue(JsonFunctions.isJsonString("\"abc\""));
    assertTrue(JsonFunctions.isJsonString("null"));
  }

  @Test
  void jsonConcatMergesObjectsOrConcatenatesEverythingElse() {
    assertEquals("{\"a\":{\"3\":4}}", JsonFunctions.jsonConcat("{\"a\": {\"5\": 6}}", "{\"a\": {\"3\": 4}}"));
    assertEquals("[null,null]", JsonFunctions.jsonConcat("null", "null"));
    assertEquals("[1,2,{\"a\":1},4]", JsonFunctions.jsonConcat("[1, 2]", "{\"a\": 1}", "4"));
    assertEquals("[{\"a\":1},{\"b\":2},3]", JsonFunctions.jsonConcat("{\"a\": 1}", "{\"b\": 2}", "3"));
    assertEquals("[1,[2],[[3]],[[[4]]]]", JsonFunctions.jsonConcat("[1, [2]]", "[[[3]], [[[4]]]]"));
    assertEquals("[1.10,2]", JsonFunctions.jsonConcat("[1.10]", "2"));
    assertNull(JsonFunctions.jsonConcat("1", ""));
    assertNull(JsonFunctions.jsonConcat(null, "1"));
  }

  @Test
  void jsonItems() {
    assertEquals(List.of("1", "2", "3"), JsonFunctions.jsonItems("[1, 2, 3]"));
    assertEquals(List.of("{\"type\":\"A\"}", "\"x\""), JsonFunctions.jsonItems("[{\"type\": \"A\"}, \"x\"]"));
    assertEquals(List.of(), JsonFunctions.jsonItems("[]"));
    assertNull(JsonFunctions.jsonItems("abc"));
    assertNull(JsonFunctions.jsonItems("{\"a\": 1}"));
    assertNull(JsonFunctions.jsonItems(null));
  }

  @Test
  void toJsonStringOfDocumentedExamples() {
    assertEquals("1", SqlEval.eval("TO_JSON_STRING(1)"));
    assertEquals("15.3", SqlEval.eval("TO_JSON_STRING(15.3)"));
    assertEquals("\"abc\"", SqlEval.eval("TO_JSON_STRING('abc')"));
    assertEquals("true", SqlEval.eval("TO_JSON_STRING(true)"));
    assertEquals("\"2021-10-11\"", SqlEval.eval("TO_JSON_STRING(PARSE_DATE('2021-10-11', 'yyyy-MM-dd'))"));
    assertEquals("\"13:25\"", SqlEval.eval("TO_JSON_STRING(PARSE_TIME('13:25', 'HH:mm'))"));
    assertEquals("\"2021-06-30T12:18:39.446\"",
        SqlEval.eval("TO_JSON_STRING(PARSE_TIMESTAMP('2021-06-31 12:18:39.446', 'yyyy-MM-dd HH:mm:ss.SSS'))"));
    assertEquals("null", SqlEval.eval("TO_JSON_STRING(NULL)"));
    assertEquals("[1,2,3]", SqlEval.eval("TO_JSON_STRING(ARRAY[1, 2, 3])"));
    assertEquals("{\"ID\":1,\"NAME\":\"A\"}", SqlEval.eval("TO_JSON_STRING(STRUCT(name := 'A', id := 1))"));
    assertEquals("{\"c\":2,\"d\":4}", SqlEval.eval("TO_JSON_STRING(MAP('d' := 4, 'c' := 2))"));
    assertEquals("\"AQI=\"", JsonFunctions.toJsonString(ByteBuffer.wrap(new byte[] {1, 2})));
  }

  @Test
  void extractJsonFieldGivesStringsUnquotedAndOtherValuesAsJsonText() {
    String json = "{\"log\": {\"cloud\": \"gcp836Csd\", \"instance\": 4, \"ratio\": 1.10, \"none\": null, \"tags\": [\"a\"]}}";
    assertEquals("gcp836Csd", JsonFunctions.extractJsonField(json, "$.log.cloud"));
    assertEquals("4", JsonFunctions.extractJsonField(json, "$.log.instance"));
    assertEquals("1.10", JsonFunctions.extractJsonField(json, "$.log.ratio"));
    assertEquals("null", JsonFunctions.extractJsonField(json, "$.log.none"));
    assertEquals("[\"a\"]", JsonFunctions.extractJsonField(json, "$.log.tags"));
    assertEquals("a", JsonFunctions.extractJsonField(json, "$.log.tags[0]"));
    assertNull(JsonFunctions.extractJsonField(json, "$.log.missing"));
    assertNull(JsonFunctions.extractJsonField("", "$.a"));
  }
}
