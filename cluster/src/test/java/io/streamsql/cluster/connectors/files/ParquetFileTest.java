package io.streamsql.cluster.connectors.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFileTest {
  @TempDir Path dir;

  private static final MessageType SCALARS =
      ParquetFixtures.schema(
          "message scalars {"
              + " required boolean b;"
              + " optional int32 i;"
              + " optional int32 i8 (INTEGER(8,true));"
              + " optional int32 u32 (INTEGER(32,false));"
              + " optional int64 l;"
              + " optional int64 u64 (INTEGER(64,false));"
              + " optional float f;"
              + " optional double d;"
              + " optional binary s (STRING);"
              + " optional binary e (ENUM);"
              + " optional binary j (JSON);"
              + " optional fixed_len_byte_array(16) u (UUID);"
              + " optional binary raw;"
              + " optional fixed_len_byte_array(3) fixed;"
              + " optional int32 dec32 (DECIMAL(9,2));"
              + " optional int64 dec64 (DECIMAL(18,4));"
              + " optional fixed_len_byte_array(9) decfixed (DECIMAL(20,3));"
              + " optional binary decbin (DECIMAL(30,10));"
              + " optional int32 day (DATE);"
              + " optional int32 tms (TIME(MILLIS,true));"
              + " optional int64 tus (TIME(MICROS,false));"
              + " optional int64 tns (TIME(NANOS,false));"
              + " optional int64 tsms (TIMESTAMP(MILLIS,true));"
              + " optional int64 tsus (TIMESTAMP(MICROS,false));"
              + " optional int64 tsns (TIMESTAMP(NANOS,true));"
              + " optional int96 legacy;"
              + "}");

  @Test
  void everyPrimitiveAndLogicalTypeMapsToItsSqlType() throws IOException {
    Path file = ParquetFixtures.write(dir.resolve("scalars.parquet"), SCALARS, List.of(allNullRow()), CompressionCodecName.UNCOMPRESSED);
    try (ParquetFile parquet = open(file)) {
      assertEquals(
          List.of(
              new FileColumn("b", "BOOLEAN"),
              new FileColumn("i", "INT"),
              new FileColumn("i8", "INT"),
              new FileColumn("u32", "BIGINT"),
              new FileColumn("l", "BIGINT"),
              new FileColumn("u64", "DECIMAL(20,0)"),
              new FileColumn("f", "DOUBLE"),
              new FileColumn("d", "DOUBLE"),
              new FileColumn("s", "STRING"),
              new FileColumn("e", "STRING"),
              new FileColumn("j", "STRING"),
              new FileColumn("u", "STRING"),
              new FileColumn("raw", "BYTES"),
              new FileColumn("fixed", "BYTES"),
              new FileColumn("dec32", "DECIMAL(9,2)"),
              new FileColumn("dec64", "DECIMAL(18,4)"),
              new FileColumn("decfixed", "DECIMAL(20,3)"),
              new FileColumn("decbin", "DECIMAL(30,10)"),
              new FileColumn("day", "DATE"),
              new FileColumn("tms", "TIME"),
              new FileColumn("tus", "TIME"),
              new FileColumn("tns", "TIME"),
              new FileColumn("tsms", "TIMESTAMP"),
              new FileColumn("tsus", "TIMESTAMP"),
              new FileColumn("tsns", "TIMESTAMP"),
              new FileColumn("legacy", "TIMESTAMP")),
          parquet.columns());
    }
  }

  @Test
  void everyPrimitiveAndLogicalTypeReadsAsExactJson() throws IOException {
    Group full =
        ParquetFixtures.row(
            SCALARS,
            g -> {
              g.add("b", true);
              g.add("i", -42);
              g.add("i8", 7);
              g.add("u32", -1); // 4294967295 unsigned
              g.add("l", 9_007_199_254_740_993L); // not exact as a double
              g.add("u64", -1L); // 18446744073709551615 unsigned
              g.add("f", 1.1f);
              g.add("d", -2.25);
              g.add("s", "h\u00e9llo \"q\"\n");
              g.add("e", "RED");
              g.add("j", "{\"a\":1}");
              g.add("u", Binary.fromConstantByteArray(uuidBytes(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))));
              g.add("raw", Binary.fromConstantByteArray(new byte[] {1, 2, 3}));
              g.add("fixed", Binary.fromConstantByteArray(new byte[] {(byte) 0xff, 0, 1}));
              g.add("dec32", 12_345);
              g.add("dec64", -5L);
              g.add("decfixed", Binary.fromConstantByteArray(twosComplement(new BigInteger("12345678901234567890"), 9)));
              g.add("decbin", Binary.fromConstantByteArray(BigInteger.valueOf(100).toByteArray()));
              g.add("day", (int) LocalDate.of(2024, 1, 31).toEpochDay());
              g.add("tms", (int) (LocalTime.of(12, 0, 0, 123_000_000).toNanoOfDay() / 1_000_000));
              g.add("tus", LocalTime.of(1, 2, 3, 4_000).toNanoOfDay() / 1_000);
              g.add("tns", LocalTime.of(23, 59, 59, 999_999_999).toNanoOfDay());
              g.add("tsms", LocalDateTime.of(2024, 1, 31, 12, 0, 0, 123_000_000).toInstant(ZoneOffset.UTC).toEpochMilli());
              g.add("tsus", LocalDateTime.of(2024, 1, 31, 12, 0, 0, 1_000).toEpochSecond(ZoneOffset.UTC) * 1_000_000 + 1);
              g.add("tsns", -1L); // one nanosecond before the epoch
              g.add("legacy", Binary.fromConstantByteArray(int96(LocalDate.of(2024, 1, 31), LocalTime.of(12, 0, 0, 500_000_000))));
            });
    Group nonFinite =
        ParquetFixtures.row(
            SCALARS,
            g -> {
              g.add("b", false);
              g.add("f", Float.NaN);
              g.add("d", Double.NEGATIVE_INFINITY);
            });
    Path file =
        ParquetFixtures.write(
            dir.resolve("scalars.parquet"), SCALARS, List.of(full, allNullRow(), nonFinite), CompressionCodecName.SNAPPY);

    assertEquals(
        List.of(
            "{\"b\":true,\"i\":-42,\"i8\":7,\"u32\":4294967295,\"l\":9007199254740993,"
                + "\"u64\":18446744073709551615,\"f\":1.1,\"d\":-2.25,\"s\":\"h\u00e9llo \\\"q\\\"\\n\","
                + "\"e\":\"RED\",\"j\":\"{\\\"a\\\":1}\",\"u\":\"123e4567-e89b-12d3-a456-426614174000\","
                + "\"raw\":\"AQID\",\"fixed\":\"/wAB\",\"dec32\":123.45,\"dec64\":-0.0005,"
                + "\"decfixed\":12345678901234567.890,\"decbin\":0.0000000100,\"day\":\"2024-01-31\","
                + "\"tms\":\"12:00:00.123\",\"tus\":\"01:02:03.000004\",\"tns\":\"23:59:59.999999999\","
                + "\"tsms\":\"2024-01-31T12:00:00.123Z\",\"tsus\":\"2024-01-31T12:00:00.000001\","
                + "\"tsns\":\"1969-12-31T23:59:59.999999999Z\",\"legacy\":\"2024-01-31T12:00:00.500000000Z\"}",
            "{\"b\":false,\"i\":null,\"i8\":null,\"u32\":null,\"l\":null,\"u64\":null,\"f\":null,\"d\":null,"
                + "\"s\":null,\"e\":null,\"j\":null,\"u\":null,\"raw\":null,\"fixed\":null,\"dec32\":null,"
                + "\"dec64\":null,\"decfixed\":null,\"decbin\":null,\"day\":null,\"tms\":null,\"tus\":null,"
                + "\"tns\":null,\"tsms\":null,\"tsus\":null,\"tsns\":null,\"legacy\":null}",
            "{\"b\":false,\"i\":null,\"i8\":null,\"u32\":null,\"l\":null,\"u64\":null,\"f\":\"NaN\","
                + "\"d\":\"-Infinity\",\"s\":null,\"e\":null,\"j\":null,\"u\":null,\"raw\":null,\"fixed\":null,"
                + "\"dec32\":null,\"dec64\":null,\"decfixed\":null,\"decbin\":null,\"day\":null,\"tms\":null,"
                + "\"tus\":null,\"tns\":null,\"tsms\":null,\"tsus\":null,\"tsns\":null,\"legacy\":null}"),
        readAll(file));
  }

  private static final MessageType NESTED =
      ParquetFixtures.schema(
          "message nested {"
              + " required int64 id;"
              + " optional group point { required int32 x; optional binary label (STRING);"
              + "   optional group inner { optional double z; } }"
              + " optional group tags (LIST) { repeated group list { optional binary element (STRING); } }"
              + " optional group legacy_ints (LIST) { repeated int32 element; }"
              + " optional group pairs (LIST) { repeated group array { required int32 a; optional binary b (STRING); } }"
              + " optional group attrs (MAP) { repeated group key_value { required binary key (STRING);"
              + "   optional int64 value; } }"
              + " optional group by_day (MAP) { repeated group key_value { required int32 key (DATE);"
              + "   optional group value { required boolean ok; } } }"
              + " repeated int32 scores;"
              + " repeated group events { required binary name (STRING); }"
              + " optional group structs (LIST) { repeated group list { optional group element { required int32 n; } } }"
              + "}");

  @Test
  void nestedGroupsListsAndMapsMapToStructArrayAndMapTypes() throws IOException {
    Path file = ParquetFixtures.write(dir.resolve("nested.parquet"), NESTED, List.of(ParquetFixtures.row(NESTED, g -> g.add("id", 1L))), CompressionCodecName.ZSTD);
    try (ParquetFile parquet = open(file)) {
      assertEquals(
          List.of(
              new FileColumn("id", "BIGINT"),
              new FileColumn("point", "STRUCT<x INT, label STRING, inner STRUCT<z DOUBLE>>"),
              new FileColumn("tags", "ARRAY<STRING>"),
              new FileColumn("legacy_ints", "ARRAY<INT>"),
              new FileColumn("pairs", "ARRAY<STRUCT<a INT, b STRING>>"),
              new FileColumn("attrs", "MAP<STRING, BIGINT>"),
              new FileColumn("by_day", "MAP<DATE, STRUCT<ok BOOLEAN>>"),
              new FileColumn("scores", "ARRAY<INT>"),
              new FileColumn("events", "ARRAY<STRUCT<name STRING>>"),
              new FileColumn("structs", "ARRAY<STRUCT<n INT>>")),
          parquet.columns());
    }
  }

  @Test
  void nestedGroupsListsAndMapsReadAsJsonObjectsAndArrays() throws IOException {
    Group full =
        ParquetFixtures.row(
            NESTED,
            g -> {
              g.add("id", 1L);
              Group point = g.addGroup("point");
              point.add("x", 3);
              point.add("label", "p");
              point.addGroup("inner").add("z", 0.5);
              Group tags = g.addGroup("tags");
              tags.addGroup("list").add("element", "a");
              tags.addGroup("list"); // a null element
              tags.addGroup("list").add("element", "c");
              Group legacy = g.addGroup("legacy_ints");
              legacy.add("element", 1);
              legacy.add("element", 2);
              Group pairs = g.addGroup("pairs");
              Group first = pairs.addGroup("array");
              first.add("a", 1);
              first.add("b", "x");
              pairs.addGroup("array").add("a", 2);
              Group attrs = g.addGroup("attrs");
              Group k1 = attrs.addGroup("key_value");
              k1.add("key", "k1");
              k1.add("value", 10L);
              attrs.addGroup("key_value").add("key", "k2"); // a null value
              Group day = g.addGroup("by_day").addGroup("key_value");
              day.add("key", (int) LocalDate.of(2024, 1, 31).toEpochDay());
              day.addGroup("value").add("ok", true);
              g.add("scores", 5);
              g.add("scores", 6);
              g.addGroup("events").add("name", "e1");
              Group structs = g.addGroup("structs");
              structs.addGroup("list").addGroup("element").add("n", 1);
              structs.addGroup("list");
            });
    Group absent = ParquetFixtures.row(NESTED, g -> g.add("id", 2L));
    Group empty =
        ParquetFixtures.row(
            NESTED,
            g -> {
              g.add("id", 3L);
              g.addGroup("point").add("x", 4);
              g.addGroup("tags");
              g.addGroup("attrs");
              g.add("scores", 7);
            });
    Path file = ParquetFixtures.write(dir.resolve("nested.parquet"), NESTED, List.of(full, absent, empty), CompressionCodecName.ZSTD);

    assertEquals(
        List.of(
            "{\"id\":1,\"point\":{\"x\":3,\"label\":\"p\",\"inner\":{\"z\":0.5}},\"tags\":[\"a\",null,\"c\"],"
                + "\"legacy_ints\":[1,2],\"pairs\":[{\"a\":1,\"b\":\"x\"},{\"a\":2,\"b\":null}],"
                + "\"attrs\":{\"k1\":10,\"k2\":null},\"by_day\":{\"2024-01-31\":{\"ok\":true}},"
                + "\"scores\":[5,6],\"events\":[{\"name\":\"e1\"}],\"structs\":[{\"n\":1},null]}",
            "{\"id\":2,\"point\":null,\"tags\":null,\"legacy_ints\":null,\"pairs\":null,\"attrs\":null,"
                + "\"by_day\":null,\"scores\":[],\"events\":[],\"structs\":null}",
            "{\"id\":3,\"point\":{\"x\":4,\"label\":null,\"inner\":null},\"tags\":[],\"legacy_ints\":null,"
                + "\"pairs\":null,\"attrs\":{},\"by_day\":null,\"scores\":[7],\"events\":[],\"structs\":null}"),
        readAll(file));
  }

  private static final MessageType DEEP =
      ParquetFixtures.schema(
          "message deep {"
              + " optional group matrix (LIST) { repeated group list { optional group element (LIST) {"
              + "   repeated group list { optional int32 element; } } } }"
              + " optional group scores_by_name (MAP) { repeated group key_value { required binary key (STRING);"
              + "   optional group value (LIST) { repeated group list { optional double element; } } } }"
              + "}");

  @Test
  void listsOfListsAndMapsOfListsNest() throws IOException {
    Group row =
        ParquetFixtures.row(
            DEEP,
            g -> {
              Group matrix = g.addGroup("matrix");
              Group first = matrix.addGroup("list").addGroup("element");
              first.addGroup("list").add("element", 1);
              first.addGroup("list").add("element", 2);
              matrix.addGroup("list").addGroup("element"); // an empty inner list
              matrix.addGroup("list"); // a null inner list
              Group entry = g.addGroup("scores_by_name").addGroup("key_value");
              entry.add("key", "ann");
              entry.addGroup("value").addGroup("list").add("element", 0.5);
            });
    Path file = ParquetFixtures.write(dir.resolve("deep.parquet"), DEEP, List.of(row), CompressionCodecName.UNCOMPRESSED);

    try (ParquetFile parquet = open(file)) {
      assertEquals(
          List.of(new FileColumn("matrix", "ARRAY<ARRAY<INT>>"), new FileColumn("scores_by_name", "MAP<STRING, ARRAY<DOUBLE>>")),
          parquet.columns());
    }
    assertEquals(List.of("{\"matrix\":[[1,2],[],null],\"scores_by_name\":{\"ann\":[0.5]}}"), readAll(file));
  }

  private static final MessageType SMALL = ParquetFixtures.schema("message small { required int64 id; optional binary name (STRING); }");

  @Test
  void smallRowGroupsAreListedAndReadOneAtATime() throws IOException {
    List<Group> rows = new ArrayList<>();
    for (long id = 0; id < 1000; id++) {
      long row = id;
      rows.add(ParquetFixtures.row(SMALL, g -> {
        g.add("id", row);
        g.add("name", "row-" + row);
      }));
    }
    Path file = ParquetFixtures.write(dir.resolve("small.parquet"), SMALL, rows, CompressionCodecName.SNAPPY, 2048);

    try (ParquetFile parquet = open(file)) {
      List<RowGroupInfo> groups = parquet.rowGroups();
      assertTrue(groups.size() > 1, "several row groups: " + groups);
      assertEquals(1000, parquet.rows());
      assertEquals(1000, groups.stream().mapToLong(RowGroupInfo::rows).sum());
      long previousOffset = -1;
      long expectedId = 0;
      for (int i = 0; i < groups.size(); i++) {
        RowGroupInfo group = groups.get(i);
        assertEquals(i, group.index());
        assertTrue(group.startOffset() > previousOffset, "row groups follow each other in the file: " + groups);
        assertTrue(group.compressedBytes() > 0);
        previousOffset = group.startOffset();
        RowGroupRows groupRows = parquet.rows(i);
        assertEquals(group.rows(), groupRows.rows());
        long read = 0;
        while (groupRows.hasNext()) {
          assertEquals("{\"id\":" + expectedId + ",\"name\":\"row-" + expectedId + "\"}", new String(groupRows.next(), StandardCharsets.UTF_8));
          expectedId++;
          read++;
        }
        assertEquals(group.rows(), read);
      }
      assertEquals(1000, expectedId);
    }
  }

  @Test
  void aFileThatIsNotParquetIsAnInvalidRequestNamingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("fake.parquet"), "id,name\n1,a\n");
    StreamSqlException error = assertThrows(StreamSqlException.class, () -> ParquetFile.open(new LocalInputFile(file), "/data/fake.parquet"));
    assertEquals(ErrorCode.INVALID_REQUEST, error.code());
    assertTrue(error.getMessage().contains("/data/fake.parquet"), error.getMessage());
  }

  @Test
  void aMapWithAStructKeyIsAnInvalidRequestNamingTheColumn() throws IOException {
    MessageType schema =
        ParquetFixtures.schema(
            "message m { optional group by_point (MAP) { repeated group key_value {"
                + " required group key { required int32 x; } optional int32 value; } } }");
    Path file = ParquetFixtures.write(dir.resolve("map.parquet"), schema, List.of(), CompressionCodecName.UNCOMPRESSED);
    StreamSqlException error = assertThrows(StreamSqlException.class, () -> open(file));
    assertEquals(ErrorCode.INVALID_REQUEST, error.code());
    assertEquals("by_point", error.details().get("column"));
  }

  private static ParquetFile open(Path file) {
    return ParquetFile.open(new LocalInputFile(file), file.toString());
  }

  private static List<String> readAll(Path file) {
    List<String> rows = new ArrayList<>();
    try (ParquetFile parquet = open(file)) {
      for (RowGroupInfo group : parquet.rowGroups()) {
        parquet.rows(group.index()).forEachRemaining(row -> rows.add(new String(row, StandardCharsets.UTF_8)));
      }
    }
    return rows;
  }

  private static Group allNullRow() {
    return ParquetFixtures.row(SCALARS, g -> g.add("b", false));
  }

  private static byte[] uuidBytes(UUID uuid) {
    return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
  }

  /** {@code value} as big-endian two's complement in exactly {@code width} bytes, sign-extended. */
  private static byte[] twosComplement(BigInteger value, int width) {
    byte[] minimal = value.toByteArray();
    byte[] padded = new byte[width];
    byte fill = (byte) (value.signum() < 0 ? 0xff : 0);
    java.util.Arrays.fill(padded, fill);
    System.arraycopy(minimal, 0, padded, width - minimal.length, minimal.length);
    return padded;
  }

  /** A legacy INT96 timestamp: nanoseconds of the day, then the Julian day, little-endian. */
  private static byte[] int96(LocalDate date, LocalTime time) {
    return ByteBuffer.allocate(12)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(time.toNanoOfDay())
        .putInt((int) (date.toEpochDay() + 2_440_588L))
        .array();
  }
}
