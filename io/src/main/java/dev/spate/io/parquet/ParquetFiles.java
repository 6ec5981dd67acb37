package dev.spate.io.parquet;

import dev.spate.SpateException;
import dev.spate.io.fs.HadoopFiles;
import java.io.IOException;
import java.nio.file.Paths;
import org.apache.hadoop.fs.FileStatus;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/** Opening Parquet files: local files directly, other file systems through Hadoop. */
final class ParquetFiles {
  private ParquetFiles() {}

  /**
   * Opens {@code file} and reads its footer; a file that is not Parquet (bad magic, truncated,
   * corrupt footer) is an IO error naming it.
   */
  static ParquetFileReader open(FileStatus file) {
    try {
      InputFile input = "file".equals(file.getPath().toUri().getScheme())
          ? new LocalInputFile(Paths.get(file.getPath().toUri()))
          : HadoopInputFile.fromStatus(file, HadoopFiles.configuration());
      return ParquetFileReader.open(input, ParquetReadOptions.builder().build());
    } catch (IOException | RuntimeException e) {
      throw SpateException.io("[CANNOT_READ_FILE_FOOTER] Could not read footer for file: "
          + file.getPath() + ". The file is not a Parquet file or is corrupt: " + e.getMessage(), e);
    }
  }

  /** An IO error for a failure while reading the data of {@code file}. */
  static SpateException readError(String file, Exception cause) {
    return SpateException.io("[FAILED_READ_FILE] Encountered error while reading file " + file
        + ". The Parquet data is corrupt or unreadable: " + cause, cause);
  }
}
