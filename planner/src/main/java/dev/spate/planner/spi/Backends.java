package dev.spate.planner.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the registered {@link Backend}s, fastest kind first. */
public final class Backends {
  private Backends() {}

  public static List<Backend> load() {
    List<Backend> backends = new ArrayList<>();
    for (Backend backend : ServiceLoader.load(Backend.class, Backends.class.getClassLoader())) {
      backends.add(backend);
    }
    backends.sort(Comparator.comparing(Backend::kind));
    if (backends.isEmpty()) {
      throw dev.spate.SpateException.internal("no execution backend is registered; is"
          + " spate-cpu-fallback on the class path?", null);
    }
    return List.copyOf(backends);
  }
}
