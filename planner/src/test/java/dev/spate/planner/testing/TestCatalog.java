package dev.spate.planner.testing;

import dev.spate.SpateException;
import dev.spate.planner.analysis.Catalog;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.spi.TableSource;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Views by lower-case name; file tables by {@code format:path}. */
public final class TestCatalog implements Catalog {
  private final Map<String, LogicalPlan> views = new HashMap<>();
  private final Map<String, TableSource> files = new HashMap<>();

  public TestCatalog table(String name, String ddl) {
    return table(name, ddl, -1);
  }

  /** A table whose scan claims {@code estimatedBytes} for planning. */
  public TestCatalog table(String name, String ddl, long estimatedBytes) {
    views.put(name.toLowerCase(Locale.ROOT), Scan.of(new TestTable(name, ddl, estimatedBytes)));
    return this;
  }

  public TestCatalog view(String name, LogicalPlan plan) {
    views.put(name.toLowerCase(Locale.ROOT), plan);
    return this;
  }

  public TestCatalog file(String format, String path, String ddl) {
    files.put(format + ":" + path, new TestTable(path, ddl));
    return this;
  }

  @Override
  public LogicalPlan view(String name) {
    return views.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public TableSource fileTable(String format, String path) {
    TableSource source = files.get(format + ":" + path);
    if (source == null) {
      throw SpateException.io("Path does not exist: " + path, null);
    }
    return source;
  }
}
