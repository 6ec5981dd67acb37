package dev.spate.streaming.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spate.SpateException;
import dev.spate.io.FileFormats;
import dev.spate.io.FileSource;
import dev.spate.io.FormatOptions;
import dev.spate.io.WriteResult;
import dev.spate.io.fs.FileSinkLog;
import dev.spate.io.fs.HadoopFiles;
import dev.spate.io.fs.OutputCommitter;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.spi.ExecContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
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
 *   <li>when at least {@code autoCompactMinFiles} (default 50) committed files are smaller than
 *       half the target file size ({@code maxFileBytes}, default {@code
 *       spate.sql.files.targetFileBytes}), the oldest of them, up to the target size in all, are
 *       rewritten into one file {@code part-<N>-c<NNNNN>-<job>.<ext>}, so file sizes do not depend
 *       on how often the query triggers ({@code autoCompact=false} turns this off);
 *   <li>the commit log entry {@code _spate_metadata/N} (see {@link FileSinkLog}: the batch's files,
 *       the compacted file and the files it replaced) is written atomically;
 *   <li>replaced files are deleted once they were replaced {@code removedFileRetention} (default
 *       1 hour) ago, so a stream reading this directory that lags behind can still read them.
 * </ol>
 *
 * When the sink starts, it deletes what crashed attempts left: in-progress files, and part files
 * (compacted ones too) of batches after the last logged one. Readers of the directory, batch and
 * streaming, go through the log ({@link FileSinkLog}), so they see each committed row exactly
 * once. The per-batch cost is a few file system calls per file, independent of the batches before
 * it; a compaction reads and writes at most the target file size.
 */
final class FileStreamSink implements Sink {
  private static final String PART_PREFIX = "part-";

  private final String format;
  private final Path directory;
  private final FileSystem fileSystem;
  private final Map<String, String> options;
  private final boolean autoCompact;
  private final int autoCompactMinFiles;
  private final long removedFileRetentionMs;
  /** Committed live files smaller than half the target size, oldest first (name to bytes). */
  private final Map<String, Long> smallFiles = new LinkedHashMap<>();
  /** Replaced files not deleted yet, with the time (epoch ms) they were replaced. */
  private final Map<Path, Long> replaced = new LinkedHashMap<>();
  private boolean recovered;

  FileStreamSink(String format, String path, Map<String, String> options) {
    this.format = requireNonNull(format, "format is null");
    this.directory = HadoopFiles.qualify(path);
    this.fileSystem = HadoopFiles.fileSystem(directory);
    this.options = Map.copyOf(options);
    FormatOptions formatOptions = new FormatOptions(options);
    this.autoCompact = formatOptions.getBoolean("autoCompact", true);
    this.autoCompactMinFiles = (int) formatOptions.getLong("autoCompactMinFiles", 50);
    if (autoCompactMinFiles < 2) {
      throw SpateException.analysis("the file sink option autoCompactMinFiles must be at least 2,"
          + " not " + autoCompactMinFiles);
    }
    this.removedFileRetentionMs = Durations.toMillis(
        formatOptions.get("removedFileRetention", "1h"));
  }

  @Override
  public String description() {
    return "FileSink[" + format + ":" + directory + "]";
  }

  @Override
  public long addBatch(long batchId, BatchStream data, ExecContext context) {
    Path logEntry = new Path(new Path(directory, FileSinkLog.DIRECTORY), Long.toString(batchId));
    try {
      if (fileSystem.exists(logEntry)) {
        return 0;
      }
      long targetFileBytes = new FormatOptions(options).getLong(FormatOptions.MAX_FILE_BYTES,
          context.config().get(SpateConfig.PARQUET_TARGET_FILE_BYTES));
      if (!recovered) {
        removeUncommitted();
        recoverFileSizes(targetFileBytes);
        recovered = true;
      }
      Schema schema = data.schema();
      WriteResult written = FileFormats.writeBatchFiles(format, directory.toString(),
          String.format(Locale.ROOT, PART_PREFIX + "%08d-", batchId), options, data, context);
      List<String> compactedInputs = autoCompact
          ? compactionInputs(targetFileBytes) : List.of();
      WriteResult compacted = compactedInputs.isEmpty() ? WriteResult.empty()
          : compact(batchId, schema, compactedInputs, context);
      long now = System.currentTimeMillis();
      ObjectNode entry = Checkpoint.JSON.createObjectNode();
      entry.put("batchId", batchId);
      entry.put("rows", written.rows());
      entry.put("timestampMs", now);
      entry.set("files", names(written));
      if (!compactedInputs.isEmpty()) {
        entry.set("compacted", names(compacted));
        ArrayNode removed = entry.putArray("removed");
        compactedInputs.forEach(removed::add);
      }
      writeAtomically(logEntry, entry.toString().getBytes(StandardCharsets.UTF_8));
      for (String input : compactedInputs) {
        smallFiles.remove(input);
        replaced.put(new Path(directory, input), now);
      }
      trackSizes(written, targetFileBytes);
      trackSizes(compacted, targetFileBytes);
      deleteExpiredReplacedFiles(now);
      return written.rows();
    } catch (IOException e) {
      throw SpateException.io("cannot commit batch " + batchId + " to the file sink " + directory
          + ": " + e.getMessage(), e);
    }
  }

  private static ArrayNode names(WriteResult result) {
    ArrayNode names = Checkpoint.JSON.createArrayNode();
    for (String file : result.files()) {
      names.add(new Path(file).getName());
    }
    return names;
  }

  private void trackSizes(WriteResult result, long targetFileBytes) {
    for (int index = 0; index < result.files().size(); index++) {
      trackSize(new Path(result.files().get(index)).getName(), result.fileBytes().get(index),
          targetFileBytes);
    }
  }

  private void trackSize(String name, long bytes, long targetFileBytes) {
    if (bytes < targetFileBytes / 2) {
      smallFiles.put(name, bytes);
    }
  }

  /** The oldest small files, up to the target size in all, once enough of them have gathered. */
  private List<String> compactionInputs(long targetFileBytes) {
    if (smallFiles.size() < autoCompactMinFiles) {
      return List.of();
    }
    List<String> inputs = new ArrayList<>();
    long bytes = 0;
    for (Map.Entry<String, Long> file : smallFiles.entrySet()) {
      if (!inputs.isEmpty() && bytes + file.getValue() > targetFileBytes) {
        break;
      }
      inputs.add(file.getKey());
      bytes += file.getValue();
    }
    return inputs.size() < 2 ? List.of() : inputs;
  }

  /** Rewrites {@code inputs} (names in this directory) into one file. */
  private WriteResult compact(long batchId, Schema schema, List<String> inputs, ExecContext context) {
    List<String> paths = new ArrayList<>();
    for (String input : inputs) {
      paths.add(new Path(directory, input).toString());
    }
    FileSource source = FileFormats.source(format, paths, schema, options);
    List<Integer> columns = new ArrayList<>();
    for (int column = 0; column < schema.getFields().size(); column++) {
      columns.add(column);
    }
    Map<String, String> oneFile = new HashMap<>(options);
    oneFile.put(FormatOptions.MAX_FILE_BYTES, Long.toString(Long.MAX_VALUE));
    WriteResult written = FileFormats.writeBatchFiles(format, directory.toString(),
        String.format(Locale.ROOT, PART_PREFIX + "%08d-c", batchId), oneFile,
        source.scan(columns, List.of(), context), context);
    if (written.files().size() != 1) {
      throw SpateException.internal("compacting " + inputs.size() + " files of " + directory
          + " wrote " + written.files().size() + " files instead of one", null);
    }
    return written;
  }

  /** Rebuilds the small-file list and the replaced files awaiting deletion from the log. */
  private void recoverFileSizes(long targetFileBytes) throws IOException {
    FileSinkLog log = FileSinkLog.open(directory.toString());
    if (log == null) {
      return;
    }
    log.refresh();
    for (String file : log.liveFiles()) {
      Path path = new Path(file);
      trackSize(path.getName(), fileSystem.getFileStatus(path).getLen(), targetFileBytes);
    }
    for (Map.Entry<String, Long> file : log.removedFiles().entrySet()) {
      replaced.put(new Path(file.getKey()), file.getValue());
    }
    deleteExpiredReplacedFiles(System.currentTimeMillis());
  }

  private void deleteExpiredReplacedFiles(long nowMs) throws IOException {
    Iterator<Map.Entry<Path, Long>> files = replaced.entrySet().iterator();
    while (files.hasNext()) {
      Map.Entry<Path, Long> file = files.next();
      if (nowMs - file.getValue() >= removedFileRetentionMs) {
        fileSystem.delete(file.getKey(), false);
        files.remove();
      }
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
    Path log = new Path(directory, FileSinkLog.DIRECTORY);
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
}
