package io.streamsql.core.sql.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Overloads and edge cases of older functions, checked against ksqlDB's documentation and sources. */
class KsqlDbEdgeCasesTest {
  @Test
  void chrOfACodePointOrAUtf16Escape() {
    assertEquals("K", SqlEval.eval("CHR(75)"));
    assertEquals("K", SqlEval.eval("CHR('\\u004b')"));
    assertEquals("好", SqlEval.eval("CHR(22909)"));
    assertEquals("好", SqlEval.eval("CHR('\\u597d')"));
    assertNull(StringFunctions.chr("u004b"));
    assertNull(StringFunctions.chr("\\u04"));
    assertNull(StringFunctions.chr((String) null));
  }

  @Test
  void initcapDropsLeadingWhitespaceAsKsqlDb() {
    assertEquals("The Quick Brown Fox", StringFunctions.initcap("  the QUICK brown fox"));
  }

  @Test
  void arraySortTakesLongDirectionNames() {
    assertEquals(Arrays.asList(3, 1, null), ArrayFunctions.arraySort(Arrays.asList(1, null, 3), "descending"));
    assertEquals(Arrays.asList(1, 3, null), ArrayFunctions.arraySort(Arrays.asList(3, null, 1), "Ascending"));
    assertNull(ArrayFunctions.arraySort(List.of(1), "up"));
  }

  @Test
  void concatWsNeedsAValueBesidesTheSeparator() {
    assertThrows(IllegalArgumentException.class, () -> StringFunctions.concatWs(","));
    assertEquals("a,b", StringFunctions.concatWs(",", "a", null, "b"));
  }

  @Test
  void dateArithmeticCutsToWholeDaysTowardsTheEpoch() {
    LocalDate jan5 = LocalDate.of(1970, 1, 5);
    assertEquals(LocalDate.of(1970, 1, 6), DateTimeFunctions.dateAdd("HOURS", 25, jan5));
    assertEquals(LocalDate.of(1970, 1, 3), DateTimeFunctions.dateSub("HOURS", 25, jan5));
    assertEquals(LocalDate.of(1970, 1, 3), DateTimeFunctions.dateAdd("HOURS", -25, jan5));
    assertEquals(LocalDate.of(2020, 1, 11), DateTimeFunctions.dateAdd("DAYS", 10, LocalDate.of(2020, 1, 1)));
    assertEquals(LocalDate.of(1969, 12, 27), DateTimeFunctions.dateSub("DAYS", 5, LocalDate.of(1970, 1, 1)));
  }

  @Test
  void convertTzShiftsByBothZonesOffsetsAtTheInstant() {
    Instant t = Instant.parse("2021-07-01T12:00:00Z");
    // Noon in Los Angeles (UTC-7 in July) is 04:00 the next day in Tokyo (UTC+9).
    assertEquals(Instant.parse("2021-07-02T04:00:00Z"), DateTimeFunctions.convertTz(t, "America/Los_Angeles", "Asia/Tokyo"));
    assertEquals(Instant.parse("2021-07-01T14:00:00Z"), DateTimeFunctions.convertTz(t, "UTC", "Europe/Paris"));
    assertNull(DateTimeFunctions.convertTz(t, null, "UTC"));
  }

  @Test
  void encodeReadsHexLiteralsAndLenientBase64() {
    assertEquals("Example!", StringFunctions.encode("0x4578616d706C6521", "hex", "ascii"));
    assertEquals("Example!", StringFunctions.encode("X'4578616d706C6521'", "hex", "utf8"));
    assertEquals("RXhhbXBsZSE=", StringFunctions.encode("x'4578616d706C6521'", "hex", "base64"));
    assertEquals("", StringFunctions.encode("x''", "hex", "utf8"));
    assertEquals("", StringFunctions.encode("0x", "hex", "utf8"));
    assertEquals("\u0005xample!", StringFunctions.encode("0x578616d706C6521", "hex", "utf8"));
    assertThrows(IllegalArgumentException.class, () -> StringFunctions.encode("578616d706C6521", "hex", "utf8"));
    assertThrows(IllegalArgumentException.class, () -> StringFunctions.encode("X'", "hex", "utf8"));
    assertEquals("Example!", StringFunctions.encode("RXhhbXBsZSE", "base64", "utf8"));
    assertEquals("Ελλάδα", StringFunctions.encode("zpXOu867zqzOtM6x", "base64", "utf8"));
    assertThrows(IllegalArgumentException.class, () -> StringFunctions.encode("abc", "utf8", "utf8"));
  }

  @Test
  void regexpSplitToArray() {
    assertEquals(List.of("a", "b", "c"), StringFunctions.regexpSplit("abc", ""));
    assertEquals(List.of("", "a", "b", ""), StringFunctions.regexpSplit("1a22b3", "[0-9]+"));
    assertNull(StringFunctions.regexpSplit(null, "x"));
  }
}
