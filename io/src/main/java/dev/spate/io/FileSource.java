package dev.spate.io;

import dev.spate.planner.spi.TableSource;

/**
 * A table over a list of files (what {@link FileFormats#source} returns), which can also say which
 * file each row comes from, for {@code input_file_name()}.
 */
public interface FileSource extends TableSource {
  /** The name of the hidden last column of {@link #withFileNames()}. */
  String FILE_NAME_COLUMN = "_spate_input_file_name";

  /**
   * This table with one more, last column {@link #FILE_NAME_COLUMN} (STRING, not null): the URI of
   * the file each row was read from. Scans read the files one after the other.
   */
  FileNameColumnSource withFileNames();

  /**
   * Records that failed to parse in this source's scans so far, whatever the parse mode did with
   * them; 0 for formats that do not parse text. Thread safe.
   */
  default long malformedRecords() {
    return 0;
  }
}
