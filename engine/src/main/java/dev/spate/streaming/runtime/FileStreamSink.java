package dev.spate.streaming.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spate.SpateException;
import dev.spate.io.FileFormats;
import dev.spate.io.WriteResult;
import dev.spate.io.fs.HadoopFiles;
import dev.spate.io.fs.OutputCommitter;
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
 *   <li>each file is written completely under a hidden in-progress name in {@code <path>}, then
 *       renamed to {@code <path>/part-<N, 8 digits>-<NNNNN>-<job>.<ext>};
 *   <li>the commit log entry {@code _spate_metadata/N} (the file names) is written atomically.
 * </ol>
 *
 * When the sink starts, it deletes what crashed attempts left: in-progress files, and part files
 * of batches after the last logged one. A streaming file source and {@link #committedFiles} read
 * the directory through the log, so they see each batch's files exactly once; a plain batch read
 * of the directory sees the same files once the query has restarted. The per-batch cost is a few
 * file system calls per file, independent of the batches before it.
 */
final class FileStreamSink implements Sink {
  static final String LOG_DIRECTORY = "_spate_metadata";
  private static final String PART_PREFIX = "part-";

  private final String format;
  private final Path directory;
  private final FileSystem fileSystem;
  private final Map<String, String> options;
  private boolean recovered;

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
      if (!recovered) {
        removeUncommitted();
        recovered = true;
      }
      WriteResult written = FileFormats.writeBatchFiles(format, directory.toString(),
          String.format(Locale.ROOT, PART_PREFIX + "%08d-", batchId), options, data, context);
      ArrayNode names = Checkpoint.JSON.createArrayNode();
      for (String file : written.files()) {
        names.add(new Path(file).getName());
      }
      ObjectNode entry = Checkpoint.JSON.createObjectNode();
      entry.put("batchId", batchId);
      entry.put("rows", written.rows());
      entry.set("files", names);
      writeAtomically(logEntry, entry.toString().getBytes(StandardCharsets.UTF_8));
      return written.rows();
    } catch (IOException e) {
      throw SpateException.io("cannot commit batch " + batchId + " to the file sink " + directory
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the leftovers of attempts that crashed before their log entry: in-progress files and
   * part files of batches after the last logged one (a batch is re-run with the same id).
   */
  private void removeUncommitted() throws IOException {
    if (!fileSystem.exists(directory)) {
      return;
    }
    long lastLogged = -1;
    Path log = new Path(directory, LOG_DIRECTORY);
    if (fileSystem.isDirectory(log)) {
      for (FileStatus entry : fileSystem.listStatus(log)) {
        String name = entry.getPath().getName();
        if (name.chars().allMatch(Character::isDigit)) {
          lastLogged = Math.max(lastLogged, Long.parseLong(name));
        }
      }
    }
    for (FileStatus file : fileSystem.listStatus(directory)) {
      String name = file.getPath().getName();
      if (OutputCommitter.isInProgress(name) || batchOf(name) > lastLogged) {
        fileSystem.delete(file.getPath(), false);
      }
    }
  }

  /** The batch id of a part file {@code part-<8 digits>-...}, or -1 for any other name. */
  private static long batchOf(String name) {
    int end = PART_PREFIX.length() + 8;
    if (!name.startsWith(PART_PREFIX) || name.length() <= end || name.charAt(end) != '-') {
      return -1;
    }
    String digits = name.substring(PART_PREFIX.length(), end);
    return digits.chars().allMatch(Character::isDigit) ? Long.parseLong(digits) : -1;
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
