package io.streamsql.core.sql.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** ksqlDB's numeric functions: results, types, rounding and nulls. */
class MathFunctionsTest {
  @Test
  void trigonometryInRadiansWithNullsAndNaNs() {
    assertEquals(0.0, SqlEval.eval("SIN(0)"));
    assertEquals(1.0, SqlEval.eval("COS(0)"));
    assertEquals(Math.tan(1), SqlEval.eval("TAN(1)"));
    assertEquals(Double.POSITIVE_INFINITY, SqlEval.eval("COT(0)"));
    assertEquals(Math.PI / 2, SqlEval.eval("ASIN(1)"));
    assertTrue(Double.isNaN((Double) SqlEval.eval("ACOS(2)")), "acos outside [-1, 1] is NaN");
    assertEquals(Math.PI / 4, SqlEval.eval("ATAN(1)"));
    assertEquals(Math.PI / 4, SqlEval.eval("ATAN2(1, 1)"));
    assertEquals(-3 * Math.PI / 4, SqlEval.eval("ATAN2(-1, -1)"));
    assertEquals(Math.sinh(1), SqlEval.eval("SINH(1)"));
    assertEquals(1.0, SqlEval.eval("COSH(0)"));
    assertEquals(Math.tanh(0.5), SqlEval.eval("TANH(0.5)"));
    assertEquals(180.0, SqlEval.eval("DEGREES(PI())"));
    assertEquals(Math.PI, SqlEval.eval("RADIANS(180)"));
    assertEquals("DOUBLE", SqlEval.type("SIN(1)"));
    assertNull(SqlEval.eval("SIN(CAST(NULL AS DOUBLE))"));
    assertNull(SqlEval.eval("ATAN2(1, CAST(NULL AS INT))"));
  }

  @Test
  void cubeRootAndLogarithms() {
    assertEquals(3.0, SqlEval.eval("CBRT(27)"));
    assertEquals(-2.0, SqlEval.eval("CBRT(-8)"));
    assertEquals(Math.log(10), SqlEval.eval("LOG(10)"));
    assertEquals(3.0, (Double) SqlEval.eval("LOG(2, 8)"), 1e-12);
    assertTrue(Double.isNaN(MathFunctions.log(1.0, 8.0)), "base 1 is NaN");
    assertTrue(Double.isNaN(MathFunctions.log(-2.0, 8.0)), "a negative base is NaN");
    assertEquals(-1, SqlEval.eval("SIGN(-5)"));
    assertEquals(1, SqlEval.eval("SIGN(CAST(7 AS BIGINT))"));
  }

  @Test
  void truncRoundsTowardsZeroAndKeepsOrDropsTheScaleAsKsqlDb() {
    assertEquals(1L, MathFunctions.trunc(1.99));
    assertEquals(-1L, MathFunctions.trunc(-1.99));
    assertEquals(5L, SqlEval.eval("TRUNC(5)"));
    assertEquals("BIGINT", SqlEval.type("TRUNC(5)"));
    assertEquals(1.23, MathFunctions.trunc(1.2399, 2));
    assertEquals(-1.23, MathFunctions.trunc(-1.2399, 2));
    assertEquals(12000.0, MathFunctions.trunc(12345.67, -3));
    // A DECIMAL(p, s) truncates to DECIMAL(p - s, 0); with places it keeps its scale.
    assertEquals("DECIMAL(2, 0)", SqlEval.type("TRUNC(12.34)"));
    assertEquals(new BigDecimal("12"), SqlEval.eval("TRUNC(12.99)"));
    assertEquals(new BigDecimal("-12"), SqlEval.eval("TRUNC(-12.99)"));
    assertEquals("DECIMAL(5, 3)", SqlEval.type("TRUNC(12.345, 1)"));
    assertEquals(new BigDecimal("12.300"), SqlEval.eval("TRUNC(12.345, 1)"));
    assertNull(SqlEval.eval("TRUNC(1.5E0, CAST(NULL AS INT))"));
  }

  @Test
  void roundSendsHalvesTowardsPositiveInfinity() {
    assertEquals(2L, MathFunctions.round(1.5));
    assertEquals(-1L, MathFunctions.round(-1.5));
    assertEquals(1.3, MathFunctions.round(1.25, 1));
    assertEquals(-1.2, MathFunctions.round(-1.25, 1));
    assertEquals(new BigDecimal("-1"), SqlEval.eval("ROUND(-1.5)"));
    assertEquals(new BigDecimal("2"), SqlEval.eval("ROUND(1.5)"));
    assertEquals("DECIMAL(1, 0)", SqlEval.type("ROUND(1.5)"));
    assertEquals(new BigDecimal("-1.20"), SqlEval.eval("ROUND(-1.25, 1)"));
    assertEquals("BIGINT", SqlEval.type("ROUND(3)"));
    assertEquals(3L, SqlEval.eval("ROUND(3)"));
    assertEquals("INTEGER", SqlEval.type("SIGN(-3)"));
  }

  @Test
  void geoDistanceMatchesKsqlDbsDigitsAndUnitNames() {
    assertEquals(8634.659796579544, SqlEval.eval("GEO_DISTANCE(37.4439, -122.1663, 51.5257, -0.1122)"));
    assertEquals(8634.659796579544, SqlEval.eval("GEO_DISTANCE(37.4439, -122.1663, 51.5257, -0.1122, 'KM')"));
    assertEquals(5365.659729188262, SqlEval.eval("GEO_DISTANCE(37.4439, -122.1663, 51.5257, -0.1122, 'MI')"));
    assertEquals(6838.756491533589, SqlEval.eval("GEO_DISTANCE(-33.9323, 18.4197, -33.8666, 151.1, 'Miles')"));
    assertEquals(0.03447366811448324, SqlEval.eval("GEO_DISTANCE(39.18660374, -76.73262144, 39.18660374, -76.73222145)"));
    assertEquals(8634.659796579544, MathFunctions.geoDistance(37.4439, -122.1663, 51.5257, -0.1122, null));
    assertThrows(IllegalArgumentException.class, () -> MathFunctions.geoDistance(0.0, 0.0, 1.0, 1.0, "furlongs"));
    assertThrows(IllegalArgumentException.class, () -> MathFunctions.geoDistance(91.0, 0.0, 1.0, 1.0));
    assertThrows(IllegalArgumentException.class, () -> MathFunctions.geoDistance(0.0, 181.0, 1.0, 1.0));
  }
}
