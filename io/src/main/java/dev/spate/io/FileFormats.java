package dev.spate.io;

import dev.spate.SpateException;
import dev.spate.io.csv.CsvFormat;
import dev.spate.io.csv.CsvRowEncoder;
import dev.spate.io.csv.CsvSchemaInference;
import dev.spate.io.fs.FileSinkLog;
import dev.spate.io.fs.HadoopFiles;
import dev.spate.io.fs.OutputCommitter;
import dev.spate.io.json.JsonFormat;
import dev.spate.io.json.JsonRowEncoder;
import dev.spate.io.json.JsonSchemaInference;
import dev.spate.io.parquet.ParquetTableSource;
import dev.spate.io.parquet.ParquetWriteJob;
import dev.spate.io.text.RecordFileSource;
import dev.spate.io.text.RowFileWriter;
import dev.spate.io.text.TemporalValues;
import dev.spate.io.text.TextFormat;
import dev.spate.io.text.TextRowEncoder;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.FileStatus;

/**
 * The file formats Spate reads and writes: {@code parquet}, {@code json} (JSON lines), {@code csv}
 * and {@code text}, over any Hadoop file system (plain local paths, {@code file:}, {@code hdfs:},
 * {@code s3a:}). Option keys are case-insensitive and use Spark's names.
 */
public final class FileFormats {
  public static final List<String> FORMATS = List.of("parquet", "json", "csv", "text");

  private FileFormats() {}

  /**
   * A table over the files at {@code paths} (files, or directories listed recursively, skipping
   * names starting with {@code _} or {@code .}; a Spate file sink's directory is read through its
   * commit log, see {@link FileSinkLog}). With a null schema the schema is inferred: Parquet
   * from the first file's footer, JSON by reading the records, CSV from the header ({@code
   * inferSchema=true} also infers types), text is {@code value STRING}. Listing and inference
   * happen here; reading happens in the returned source's scans.
   *
   * @throws SpateException ANALYSIS for an unknown format, IO for a missing path or unreadable file
   */
  public static FileSource source(String format, List<String> paths, Schema schemaOrNull,
      Map<String, String> options) {
    String name = normalize(format);
    FormatOptions formatOptions = new FormatOptions(options);
    List<String> rootPaths = new ArrayList<>(paths.size());
    for (String path : paths) {
      rootPaths.add(HadoopFiles.qualify(path).toString());
    }
    List<FileStatus> files = HadoopFiles.listFiles(FileSinkLog.resolve(paths));
    switch (name) {
      case "parquet":
        return new ParquetTableSource(rootPaths, files, schemaOrNull);
      case "json":
        return new RecordFileSource(new JsonFormat(), rootPaths, files, schemaOrNull != null
            ? schemaOrNull : JsonSchemaInference.infer(files, formatOptions), formatOptions);
      case "csv":
        return new RecordFileSource(new CsvFormat(formatOptions), rootPaths, files,
            schemaOrNull != null ? schemaOrNull
                : CsvSchemaInference.infer(files, formatOptions),
            formatOptions);
      default:
        return new RecordFileSource(new TextFormat(), rootPaths, files, TextFormat.SCHEMA,
            formatOptions);
    }
  }

  /**
   * Writes {@code input} (consumed and closed) under the directory {@code path} as part files plus
   * a {@code _SUCCESS} marker, committed only when every file is complete. Save modes: {@code
   * error}/{@code errorifexists} (default), {@code overwrite}, {@code append}, {@code ignore}.
   * Options: {@code compression}, {@code maxFileBytes} (default {@code
   * spate.sql.files.targetFileBytes}), and per format {@code header}, {@code sep}, {@code
   * nullValue} (CSV), {@code timestampFormat}, {@code dateFormat} (JSON, CSV), {@code
   * parquet.block.size}, {@code parquet.block.rows} (Parquet).
   */
  public static WriteResult write(String format, String path, String saveMode,
      Map<String, String> options, BatchStream input, ExecContext context) {
    return write(format, options, input, context, () -> OutputCommitter.start(path, saveMode));
  }

  /**
   * Writes {@code input} (consumed and closed) as the files of a streaming sink's batch: straight
   * into the directory {@code path} under hidden in-progress names, renamed to {@code
   * <filePrefix><NNNNN>-<jobId>.<ext>} once complete (see {@link OutputCommitter#intoDirectory});
   * no {@code _SUCCESS}. The options are those of {@link #write(String, String, String, Map,
   * BatchStream, ExecContext)}.
   */
  public static WriteResult writeBatchFiles(String format, String path, String filePrefix,
      Map<String, String> options, BatchStream input, ExecContext context) {
    return write(format, options, input, context,
        () -> OutputCommitter.intoDirectory(path, filePrefix));
  }

  /**
   * Checks the format and options, starts the committer (null: nothing to write, as save mode
   * {@code ignore} on an existing directory) and writes; {@code input} is closed on every path.
   */
  private static WriteResult write(String format, Map<String, String> options,
      BatchStream input, ExecContext context, Supplier<OutputCommitter> startCommitter) {
    String name;
    FormatOptions formatOptions;
    OutputCommitter committer;
    try {
      name = normalize(format);
      formatOptions = new FormatOptions(options);
      committer = startCommitter.get();
    } catch (RuntimeException e) {
      input.close();
      throw e;
    }
    if (committer == null) {
      input.close();
      return WriteResult.empty();
    }
    return write(name, committer, formatOptions, input, context);
  }

  private static WriteResult write(String name, OutputCommitter committer,
      FormatOptions formatOptions, BatchStream input, ExecContext context) {
    long maxFileBytes = formatOptions.getLong(FormatOptions.MAX_FILE_BYTES,
        context.config().get(SpateConfig.PARQUET_TARGET_FILE_BYTES));
    if (name.equals("parquet")) {
      return ParquetWriteJob.write(committer, formatOptions, maxFileBytes, input);
    }
    TemporalValues temporal = new TemporalValues(formatOptions.get(FormatOptions.TIMESTAMP_FORMAT),
        formatOptions.get(FormatOptions.DATE_FORMAT), context.timeZone());
    String compression = formatOptions.get(FormatOptions.COMPRESSION);
    try {
      switch (name) {
        case "json":
          return RowFileWriter.write(committer, "json", compression, new JsonRowEncoder(temporal),
              maxFileBytes, input);
        case "csv":
          return RowFileWriter.write(committer, "csv", compression,
              new CsvRowEncoder(input.schema(), formatOptions, temporal), maxFileBytes, input);
        default:
          return RowFileWriter.write(committer, "txt", compression,
              TextRowEncoder.forSchema(input.schema()), maxFileBytes, input);
      }
    } catch (SpateException e) {
      committer.abort();
      input.close();
      throw e;
    }
  }

  private static String normalize(String format) {
    String name = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(name)) {
      throw SpateException.analysis("[DATA_SOURCE_NOT_FOUND] Failed to find the data source: %s."
          + " Supported formats are %s.", format, String.join(", ", FORMATS));
    }
    return name;
  }
}
