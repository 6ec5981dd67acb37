package dev.spate.planner.config;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import java.util.function.Function;

/**
 * A typed, documented configuration key. Keys are declared as constants in {@link SpateConfig};
 * values arrive as strings (from {@code SpateSession.Builder.config} or the command line) and are
 * parsed once by {@link #parse(String)}.
 *
 * @param <T> the value type
 */
public final class ConfigKey<T> {
  private final String name;
  private final T defaultValue;
  private final String documentation;
  private final Function<String, T> parser;

  private ConfigKey(String name, T defaultValue, String documentation, Function<String, T> parser) {
    this.name = requireNonNull(name, "name is null");
    this.defaultValue = requireNonNull(defaultValue, "defaultValue is null");
    this.documentation = requireNonNull(documentation, "documentation is null");
    this.parser = requireNonNull(parser, "parser is null");
  }

  public static ConfigKey<Boolean> booleanKey(String name, boolean defaultValue, String documentation) {
    return new ConfigKey<>(name, defaultValue, documentation, value -> {
      String lower = value.trim().toLowerCase(java.util.Locale.ROOT);
      if (lower.equals("true")) {
        return true;
      }
      if (lower.equals("false")) {
        return false;
      }
      throw SpateException.analysis("configuration %s expects true or false, got '%s'", name, value);
    });
  }

  public static ConfigKey<Integer> intKey(String name, int defaultValue, String documentation) {
    return new ConfigKey<>(name, defaultValue, documentation, value -> {
      try {
        return Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw SpateException.analysis("configuration %s expects an integer, got '%s'", name, value);
      }
    });
  }

  public static ConfigKey<Long> longKey(String name, long defaultValue, String documentation) {
    return new ConfigKey<>(name, defaultValue, documentation, value -> {
      try {
        return Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        throw SpateException.analysis("configuration %s expects an integer, got '%s'", name, value);
      }
    });
  }

  public static ConfigKey<String> stringKey(String name, String defaultValue, String documentation) {
    return new ConfigKey<>(name, defaultValue, documentation, String::trim);
  }

  public static <E extends Enum<E>> ConfigKey<E> enumKey(
      String name, E defaultValue, Class<E> type, String documentation) {
    return new ConfigKey<>(name, defaultValue, documentation, value -> {
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equalsIgnoreCase(value.trim())) {
          return constant;
        }
      }
      throw SpateException.analysis("configuration %s expects one of %s, got '%s'", name,
          java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT), value);
    });
  }

  public String name() {
    return name;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String documentation() {
    return documentation;
  }

  /** Parses a string value; throws a {@code SpateException} of class ANALYSIS naming the key. */
  public T parse(String value) {
    return parser.apply(requireNonNull(value, "value is null"));
  }

  @Override
  public String toString() {
    return name;
  }
}
