package dev.spate.sqllogictest;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed {@code .slt} file: its records in order and whether it is marked {@code slow} (slow
 * files do not run with one row per batch).
 */
public record SltFile(Path path, String name, boolean slow, List<SltRecord> records) {
  public SltFile {
    requireNonNull(path, "path is null");
    requireNonNull(name, "name is null");
    records = List.copyOf(records);
  }
}
