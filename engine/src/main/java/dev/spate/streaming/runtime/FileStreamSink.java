package dev.spate.streaming.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spate.SpateException;
import dev.spate.io.FileFormats;
import dev.spate.io.WriteResult;
import dev.spate.io.fs.HadoopFiles;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.spi.ExecContext;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A file sink (parquet, json, csv) with exactly-once output. Batch N is written as follows:
 *
 * <ol>
 *   <li>if {@code <path>/_spate_metadata/N} exists the batch is already committed: nothing happens;
 *   <li>leftovers of a crashed attempt ({@code _spate_staging/N}, files {@code part-N-*}) are
 *       deleted;
 *   <li>the files are written completely under {@code <path>/_spate_staging/N/} (hidden from
 *       readers), then renamed to {@code <path>/part-<N, 8 digits>-...};
 *   <li>the commit log entry {@code _spate_metadata/N} (the file names) is written atomically.
 * </ol>
 *
 * A streaming file source and {@link #committedFiles} read the directory through the log, so they
 * see each batch's files exactly once; a plain batch read of the directory sees the same files
 * once the query has recovered from a crash.
 */
final class FileStreamSink implements Sink {
  static final String LOG_DIRECTORY = "_spate_metadata";
  private static final String STAGING_DIRECTORY = "_spate_staging";

  private final String format;
  private final Path directory;
  private final FileSystem fileSystem;
  private final Map<String, String> options;

  FileStreamSink(String format, String path, Map<String, String> options) {
    this.format = requireNonNull(format, "format is null");
    this.directory = HadoopFiles.qualify(path);
    this.fileSystem = HadoopFiles.fileSystem(directory);
    this.options = Map.copyOf(options);
  }

  @Override
  public String description() {
    return "FileSink[" + format + ":" + directory + "]";
  }

  @Override
  public long addBatch(long batchId, BatchStream data, ExecContext context) {
    Path logEntry = new Path(new Path(directory, LOG_DIRECTORY), Long.toString(batchId));
    try {
      if (fileSystem.exists(logEntry)) {
        return 0;
      }
      Path staging = new Path(new Path(directory, STAGING_DIRECTORY), Long.toString(batchId));
      fileSystem.delete(staging, true);
      String prefix = String.format(Locale.ROOT, "part-%08d-", batchId);
      if (fileSystem.exists(directory)) {
        for (FileStatus leftover : fileSystem.listStatus(directory)) {
          if (leftover.getPath().getName().startsWith(prefix)) {
            fileSystem.delete(leftover.getPath(), false);
          }
        }
      }
      WriteResult written = FileFormats.write(format, staging.toString(), "overwrite", options,
          data, context);
      ArrayNode names = Checkpoint.JSON.createArrayNode();
      for (String file : written.files()) {
        Path source = new Path(file);
        Path target = new Path(directory, prefix + source.getName().substring("part-".length()));
        if (!fileSystem.rename(source, target)) {
          throw SpateException.io("cannot rename " + source + " to " + target, null);
        }
        names.add(target.getName());
      }
      ObjectNode entry = Checkpoint.JSON.createObjectNode();
      entry.put("batchId", batchId);
      entry.put("rows", written.rows());
      entry.set("files", names);
      writeAtomically(logEntry, entry.toString().getBytes(StandardCharsets.UTF_8));
      fileSystem.delete(staging, true);
      return written.rows();
    } catch (IOException e) {
      throw SpateException.io("cannot commit batch " + batchId + " to the file sink " + directory
          + ": " + e.getMessage(), e);
    }
  }

  private void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path temporary = new Path(file.getParent(), "." + file.getName() + ".tmp");
    try (OutputStream out = fileSystem.create(temporary, true)) {
      out.write(bytes);
    }
    if (!fileSystem.rename(temporary, file)) {
      throw new IOException("cannot rename " + temporary + " to " + file);
    }
  }

  /**
   * The committed data files of a sink directory, in batch order, or null when {@code path} is not
   * a sink directory (it has no {@code _spate_metadata/}).
   */
  static List<FileStatus> committedFiles(String path) {
    Path directory = HadoopFiles.qualify(path);
    FileSystem fileSystem = HadoopFiles.fileSystem(directory);
    Path log = new Path(directory, LOG_DIRECTORY);
    try {
      if (!fileSystem.isDirectory(log)) {
        return null;
      }
      FileStatus[] entries = fileSystem.listStatus(log,
          candidate -> candidate.getName().matches("\\d+"));
      Arrays.sort(entries, Comparator.comparingLong(
          entry -> Long.parseLong(entry.getPath().getName())));
      List<FileStatus> files = new ArrayList<>();
      for (FileStatus entry : entries) {
        JsonNode content;
        try (InputStream in = fileSystem.open(entry.getPath())) {
          content = Checkpoint.JSON.readTree(in);
        }
        for (JsonNode name : content.get("files")) {
          files.add(fileSystem.getFileStatus(new Path(directory, name.asText())));
        }
      }
      return files;
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw SpateException.io("cannot read the file sink log of " + directory + ": "
          + e.getMessage(), e);
    }
  }
}
