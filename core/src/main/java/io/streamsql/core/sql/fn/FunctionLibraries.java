package io.streamsql.core.sql.fn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link FunctionLibrary} implementations on the classpath (META-INF/services entries). */
final class FunctionLibraries {
  private FunctionLibraries() {}

  /** Every library, in a stable order (by class name) so start-up errors do not depend on jar order. */
  static List<FunctionLibrary> onClasspath() {
    return onClasspath(FunctionLibrary.class.getClassLoader());
  }

  static List<FunctionLibrary> onClasspath(ClassLoader loader) {
    List<FunctionLibrary> found = new ArrayList<>();
    ServiceLoader.load(FunctionLibrary.class, loader).forEach(found::add);
    found.sort(Comparator.comparing(l -> l.getClass().getName()));
    return found;
  }
}
