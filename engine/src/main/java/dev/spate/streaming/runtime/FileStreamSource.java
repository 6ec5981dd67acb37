package dev.spate.streaming.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spate.SpateException;
import dev.spate.io.FileFormats;
import dev.spate.io.FileNameColumnSource;
import dev.spate.io.FileSource;
import dev.spate.io.FormatOptions;
import dev.spate.io.fs.FileSinkLog;
import dev.spate.io.fs.HadoopFiles;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.types.DataTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.FileStatus;

/**
 * The runtime of a streaming file source. Each batch admits new files in (modification time, path)
 * order (newest first with {@code latestFirst}), at most {@code maxFilesPerTrigger} files and about
 * {@code maxBytesPerTrigger} bytes (always at least one file), ignoring files older than {@code
 * maxFileAge} (default 7 days) relative to the newest file. The files of batch N are written to
 * {@code sources/<n>/<N>} in the checkpoint when the batch is planned; the seen-file set is the
 * union of those lists, so every file is processed exactly once across restarts.
 *
 * <p>A directory written by a Spate file sink (it has {@code _spate_metadata/}) is read through the
 * sink's commit log ({@link FileSinkLog#unreadFiles}): only committed files are visible, and a file
 * the sink compacted is read only when none of its rows were read before.
 *
 * <p>The schema is the declared schema plus the hidden column {@link FileSource#FILE_NAME_COLUMN}
 * (the URI of the file each row comes from), which the streaming planner uses for {@code
 * input_file_name()}. A batch's scans read its files through {@link FileSource#withFileNames()}.
 */
final class FileStreamSource implements StreamSource {

  private final FileSourceSpec spec;
  private final Path stateDirectory;
  private final Schema schema;
  private final Set<String> seen = new HashSet<>();
  /** The commit logs of the source paths that are Spate file sink directories. */
  private final Map<String, FileSinkLog> sinkLogs = new HashMap<>();
  private final int maxFiles;
  private final long maxBytes;
  private final boolean latestFirst;
  private final long maxFileAgeMs;
  private List<String> batchFiles = List.of();
  private long rowsRead;
  private final List<FileNameColumnSource> batchSources = new ArrayList<>();

  FileStreamSource(FileSourceSpec spec, Path stateDirectory) {
    this.spec = spec;
    this.stateDirectory = stateDirectory;
    List<Field> fields = new ArrayList<>(spec.schema().getFields());
    fields.add(new Field(FileSource.FILE_NAME_COLUMN, FieldType.notNullable(DataTypes.STRING),
        null));
    this.schema = new Schema(fields);
    FormatOptions options = new FormatOptions(spec.options());
    this.maxFiles = (int) Math.min(Integer.MAX_VALUE,
        options.getLong("maxFilesPerTrigger", Integer.MAX_VALUE));
    this.maxBytes = options.getLong("maxBytesPerTrigger", Long.MAX_VALUE);
    this.latestFirst = options.getBoolean("latestFirst", false);
    this.maxFileAgeMs = Durations.toMillis(options.get("maxFileAge", "7d"));
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String description() {
    return spec.description();
  }

  @Override
  public void recover(long lastPlannedBatchId) {
    for (long batchId : Checkpoint.batchIds(stateDirectory)) {
      if (batchId > lastPlannedBatchId) {
        Checkpoint.deleteQuietly(stateDirectory.resolve(Long.toString(batchId)));
      } else {
        seen.addAll(readFileList(batchId));
      }
    }
  }

  @Override
  public String latestOffset(long batchId, String startOrNull, boolean limited) {
    List<FileStatus> fresh = new ArrayList<>();
    long newest = Long.MIN_VALUE;
    for (FileStatus file : listFiles()) {
      newest = Math.max(newest, file.getModificationTime());
      if (!seen.contains(file.getPath().toString())) {
        fresh.add(file);
      }
    }
    boolean ageApplies = !(latestFirst && maxFiles != Integer.MAX_VALUE);
    long oldestAdmitted = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - maxFileAgeMs;
    fresh.removeIf(file -> ageApplies && file.getModificationTime() < oldestAdmitted);
    Comparator<FileStatus> order = Comparator.comparingLong(FileStatus::getModificationTime)
        .thenComparing(file -> file.getPath().toString());
    fresh.sort(latestFirst ? order.reversed() : order);
    List<String> admitted = new ArrayList<>();
    long bytes = 0;
    for (FileStatus file : fresh) {
      if (limited && (admitted.size() >= maxFiles
          || (!admitted.isEmpty() && bytes + file.getLen() > maxBytes))) {
        break;
      }
      admitted.add(file.getPath().toString());
      bytes += file.getLen();
    }
    if (admitted.isEmpty()) {
      return startOrNull;
    }
    writeFileList(batchId, admitted);
    seen.addAll(admitted);
    ObjectNode offset = Checkpoint.JSON.createObjectNode();
    offset.put("logOffset", batchId);
    return offset.toString();
  }

  private List<FileStatus> listFiles() {
    List<FileStatus> files = new ArrayList<>();
    for (String path : spec.paths()) {
      FileSinkLog log = sinkLogs.computeIfAbsent(path, FileSinkLog::open);
      if (log != null) {
        log.refresh();
        files.addAll(log.unreadFiles(seen));
        continue;
      }
      try {
        files.addAll(HadoopFiles.listFiles(List.of(path)));
      } catch (SpateException e) {
        if (!e.getMessage().contains("PATH_NOT_FOUND")) {
          throw e;
        }
        // a directory that does not exist yet has no files; it may appear later
      }
    }
    return files;
  }

  @Override
  public void prepareBatch(long batchId, String startOrNull, String end) {
    rowsRead = 0;
    batchSources.clear();
    if (end == null || end.equals(startOrNull)) {
      batchFiles = List.of();
      return;
    }
    try {
      batchFiles = readFileList(Checkpoint.JSON.readTree(end).get("logOffset").asLong());
    } catch (IOException e) {
      throw SpateException.io("cannot parse the file source offset " + end, e);
    }
  }

  @Override
  public long rowsRead() {
    return rowsRead;
  }

  @Override
  public long malformedRecords() {
    long total = 0;
    for (FileNameColumnSource source : batchSources) {
      total += source.malformedRecords();
    }
    return total;
  }

  /** The files of the prepared batch, in processing order. */
  List<String> batchFiles() {
    return batchFiles;
  }

  private void writeFileList(long batchId, List<String> files) {
    ArrayNode list = Checkpoint.JSON.createArrayNode();
    files.forEach(list::add);
    try {
      Checkpoint.writeAtomically(stateDirectory.resolve(Long.toString(batchId)),
          list.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw SpateException.io("cannot write the file source log in " + stateDirectory + ": "
          + e.getMessage(), e);
    }
  }

  private List<String> readFileList(long batchId) {
    JsonNode list = Checkpoint.readJson(stateDirectory.resolve(Long.toString(batchId)));
    List<String> files = new ArrayList<>(list.size());
    list.forEach(node -> files.add(node.asText()));
    return files;
  }

  @Override
  public BatchStream scan(List<Integer> columns, List<Expression> filters, ExecContext context) {
    FileNameColumnSource files = FileFormats.source(spec.format(), batchFiles, spec.schema(),
        spec.options()).withFileNames();
    batchSources.add(files);
    BatchStream stream = files.scan(columns, filters, context);
    return new RowCountingStream(stream, rows -> rowsRead += rows, () -> { });
  }
}
