package dev.spate.engine;

import dev.spate.SpateException;
import dev.spate.io.FileFormats;
import dev.spate.planner.analysis.Catalog;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.spi.TableSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session's names: temporary views (case-insensitive names, as in Spark) and the file tables
 * SQL names as {@code format.`path`}. Thread safe.
 */
public final class SessionCatalog implements Catalog {
  private final Map<String, LogicalPlan> views = new ConcurrentHashMap<>();

  public void registerView(String name, LogicalPlan analyzedPlan) {
    views.put(name.toLowerCase(Locale.ROOT), analyzedPlan);
  }

  public boolean dropView(String name) {
    return views.remove(name.toLowerCase(Locale.ROOT)) != null;
  }

  @Override
  public LogicalPlan view(String name) {
    return views.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public TableSource fileTable(String format, String path) {
    String lower = format.toLowerCase(Locale.ROOT);
    if (!List.of("parquet", "json", "csv", "text").contains(lower)) {
      throw SpateException.analysis("[UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY] Unsupported data"
          + " source type for direct query on files: %s", format);
    }
    return FileFormats.source(lower, List.of(path), null, Map.of());
  }
}
