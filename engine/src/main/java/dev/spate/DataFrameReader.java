package dev.spate;

import static java.util.Objects.requireNonNull;

import dev.spate.io.FileFormats;
import java.util.List;

/** Reads files into a batch DataFrame: {@code spate.read().schema("...").json("in/")}. */
public final class DataFrameReader extends SourceReader<DataFrameReader> {
  private final SpateSession session;

  DataFrameReader(SpateSession session) {
    this.session = requireNonNull(session, "session is null");
  }

  @Override
  protected DataFrameReader self() {
    return this;
  }

  @Override
  public DataFrame load(String... paths) {
    if (paths.length == 0) {
      throw SpateException.analysis("load() needs at least one path");
    }
    return session.readTable(FileFormats.source(sourceFormat(), List.of(paths), declaredSchema(),
        sourceOptions()));
  }
}
