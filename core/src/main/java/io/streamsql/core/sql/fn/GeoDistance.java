package io.streamsql.core.sql.fn;

import java.util.List;
import java.util.Locale;

/** The haversine great-circle distance behind GEO_DISTANCE, with ksqlDB's earth radii, unit names and range checks. */
final class GeoDistance {
  private GeoDistance() {}

  private static final double EARTH_RADIUS_KM = 6371;
  private static final double EARTH_RADIUS_MILES = 3959;
  private static final List<String> MILES = List.of("mi", "mile", "miles");
  private static final List<String> KILOMETRES = List.of("km", "kilometer", "kilometers", "kilometre", "kilometres");

  /** The radius for a unit name (case-insensitive); a null or blank unit means kilometres. */
  static double earthRadius(String unit) {
    if (unit == null || unit.isBlank()) return EARTH_RADIUS_KM;
    String u = unit.trim().toLowerCase(Locale.ROOT);
    if (MILES.contains(u)) return EARTH_RADIUS_MILES;
    if (KILOMETRES.contains(u)) return EARTH_RADIUS_KM;
    throw new IllegalArgumentException("GeoDistance function units parameter must be one of "
        + String.join(", ", MILES) + ", " + String.join(", ", KILOMETRES) + ". Values are case-insensitive.");
  }

  static double haversine(double lat1, double lon1, double lat2, double lon2, double radius) {
    if (lat1 < -90 || lat2 < -90 || lat1 > 90 || lat2 > 90) {
      throw new IllegalArgumentException("valid latitude values for GeoDistance function are in the range of -90 to 90 decimal degrees");
    }
    if (lon1 < -180 || lon2 < -180 || lon1 > 180 || lon2 > 180) {
      throw new IllegalArgumentException("valid longitude values for GeoDistance function are in the range of -180 to +180 decimal degrees");
    }
    // The terms in this order, asin (not atan2) and this degree conversion give ksqlDB's exact last digits.
    double a = haversin(radians(lat2 - lat1))
        + haversin(radians(lon2 - lon1)) * Math.cos(radians(lat1)) * Math.cos(radians(lat2));
    return 2 * Math.asin(Math.sqrt(a)) * radius;
  }

  /**
   * Degrees to radians as Math.toRadians computed it up to Java 8 (divide, then multiply by pi),
   * which ksqlDB's published results come from; Java 9+ multiplies by a constant and differs in
   * the last bit.
   */
  private static double radians(double degrees) {
    return degrees / 180.0 * Math.PI;
  }

  private static double haversin(double angle) {
    return Math.pow(Math.sin(angle / 2), 2);
  }
}
