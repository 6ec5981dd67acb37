package dev.spate;

import dev.spate.engine.GenericRow;

/** Builds rows for {@link SpateSession#createDataFrame}. */
public final class RowFactory {
  private RowFactory() {}

  public static Row create(Object... values) {
    return new GenericRow(values.clone(), null);
  }
}
