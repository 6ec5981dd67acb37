package dev.spate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The suites on the class path, found through {@link ServiceLoader}, in registration order. */
public final class BenchSuites {
  private BenchSuites() {}

  /** Every registered suite. */
  public static List<BenchSuite> all() {
    List<BenchSuite> suites = new ArrayList<>();
    ServiceLoader.load(BenchSuite.class).forEach(suites::add);
    return List.copyOf(suites);
  }

  /**
   * The suites {@code name} selects: one suite by name, or every suite for {@code all}; throws
   * IllegalArgumentException listing the known names otherwise.
   */
  public static List<BenchSuite> select(String name) {
    List<BenchSuite> all = all();
    if (name.equals("all")) {
      return all;
    }
    List<String> names = new ArrayList<>();
    for (BenchSuite suite : all) {
      if (suite.name().equals(name)) {
        return List.of(suite);
      }
      names.add(suite.name());
    }
    throw new IllegalArgumentException("unknown suite '" + name + "'; the suites are "
        + String.join(", ", names) + " and all");
  }
}
