package io.streamsql.core.sql.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The examples of ksqlDB's MASK documentation, and its errors. */
class MaskFunctionsTest {
  @Test
  void documentedExamples() {
    assertEquals("Xx-Xxxx--nnn", SqlEval.eval("MASK('My Test $123')"));
    assertEquals("*y *est $111", SqlEval.eval("MASK('My Test $123', '*', NULL, '1', NULL)"));
    assertEquals("My Txxx--nnn", SqlEval.eval("MASK_KEEP_LEFT('My Test $123', 4)"));
    assertEquals("Xx-Xxxx-$123", SqlEval.eval("MASK_KEEP_RIGHT('My Test $123', 4)"));
    assertEquals("Xx-Xest $123", SqlEval.eval("MASK_LEFT('My Test $123', 4)"));
    assertEquals("My Test -nnn", SqlEval.eval("MASK_RIGHT('My Test $123', 4)"));
  }

  @Test
  void countsBeyondTheLengthCoverTheWholeString() {
    assertEquals("Xx", MaskFunctions.maskLeft("Ab", 10));
    assertEquals("Xx", MaskFunctions.maskRight("Ab", 10));
    assertEquals("Ab", MaskFunctions.maskKeepLeft("Ab", 10));
    assertEquals("Ab", MaskFunctions.maskKeepRight("Ab", 10));
    assertEquals("#b", MaskFunctions.maskLeft("Ab", 1, "#", null, null, null));
  }

  @Test
  void nullInputIsNullButBadCountsAndMasksAreErrors() {
    assertNull(MaskFunctions.mask(null));
    assertNull(MaskFunctions.maskLeft(null, 2));
    assertThrows(IllegalArgumentException.class, () -> MaskFunctions.maskLeft("abc", -1));
    assertThrows(IllegalArgumentException.class, () -> MaskFunctions.maskKeepRight("abc", null));
    assertThrows(IllegalArgumentException.class, () -> MaskFunctions.mask("abc", "XX", null, null, null));
  }
}
