package dev.spate.io.fs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spate.SpateException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The commit log of a Spate file sink directory ({@code <dir>/_spate_metadata/<batchId>}), as its
 * readers see it. Entry N names the data files batch N added ({@code files}) and, when batch N
 * also compacted small files, the one file it wrote ({@code compacted}) holding exactly the rows of
 * the files it replaced ({@code removed}). The <em>live</em> files (every added or compacted file
 * not removed since) hold every committed row exactly once. Removed files stay on disk for the
 * sink's {@code removedFileRetention}, so a streaming reader that had read some of a compaction's
 * inputs can still read the others instead of the compacted file.
 *
 * <p>{@link #refresh()} reads only the entries written since the last call, so a reader that
 * follows a long-running sink pays per new batch, not per batch of history. Not thread safe.
 */
public final class FileSinkLog {
  /** The log's directory inside a sink directory. */
  public static final String DIRECTORY = "_spate_metadata";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final FileSystem fileSystem;
  private final Set<Long> read = new HashSet<>();
  /** Every file any entry added or compacted, in commit order. */
  private final Set<String> files = new LinkedHashSet<>();
  private final Set<String> removed = new HashSet<>();
  /** The inputs of each compacted file, by its path. */
  private final Map<String, List<String>> inputsOf = new HashMap<>();
  /** The added files whose rows each file holds (itself, for an added file). */
  private final Map<String, Set<String>> originsOf = new HashMap<>();
  /** The commit time of the batch that removed each removed file. */
  private final Map<String, Long> removedAtMs = new HashMap<>();

  private FileSinkLog(Path directory, FileSystem fileSystem) {
    this.directory = requireNonNull(directory, "directory is null");
    this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
  }

  /**
   * The log of the sink directory {@code path}, or null when it is not a sink directory; nothing is
   * read until {@link #refresh()}.
   */
  public static FileSinkLog open(String path) {
    Path directory = HadoopFiles.qualify(path);
    FileSystem fileSystem = HadoopFiles.fileSystem(directory);
    try {
      if (!fileSystem.isDirectory(new Path(directory, DIRECTORY))) {
        return null;
      }
    } catch (IOException e) {
      throw readError(directory, e);
    }
    return new FileSinkLog(directory, fileSystem);
  }

  /**
   * {@code paths} with each Spate file sink directory among them replaced by its live files, so a
   * batch read sees every committed row once (and nothing of uncommitted or replaced files).
   */
  public static List<String> resolve(List<String> paths) {
    List<String> resolved = new ArrayList<>();
    for (String path : paths) {
      FileSinkLog log = open(path);
      if (log != null) {
        log.refresh();
      }
      List<String> live = log == null ? List.of() : log.liveFiles();
      if (live.isEmpty()) {
        resolved.add(path);
      } else {
        resolved.addAll(live);
      }
    }
    return resolved;
  }

  private static SpateException readError(Path directory, IOException e) {
    return SpateException.io("cannot read the file sink log of " + directory + ": "
        + e.getMessage(), e);
  }

  /** Reads the entries committed since the last refresh. */
  public void refresh() {
    Path log = new Path(directory, DIRECTORY);
    try {
      FileStatus[] entries = fileSystem.listStatus(log,
          candidate -> candidate.getName().matches("\\d+"));
      Arrays.sort(entries, Comparator.comparingLong(
          entry -> Long.parseLong(entry.getPath().getName())));
      for (FileStatus entry : entries) {
        long batchId = Long.parseLong(entry.getPath().getName());
        if (read.add(batchId)) {
          try (InputStream in = fileSystem.open(entry.getPath())) {
            apply(JSON.readTree(in));
          }
        }
      }
    } catch (FileNotFoundException e) {
      // the sink has not committed a batch yet
    } catch (IOException e) {
      throw readError(directory, e);
    }
  }

  private void apply(JsonNode entry) {
    for (String file : paths(entry.get("files"))) {
      files.add(file);
      originsOf.put(file, Set.of(file));
    }
    List<String> inputs = paths(entry.get("removed"));
    long committedAtMs = entry.path("timestampMs").asLong(0);
    for (String input : inputs) {
      removed.add(input);
      removedAtMs.put(input, committedAtMs);
    }
    for (String compacted : paths(entry.get("compacted"))) {
      files.add(compacted);
      inputsOf.put(compacted, List.copyOf(inputs));
      Set<String> origins = new HashSet<>();
      for (String input : inputs) {
        origins.addAll(originsOf.getOrDefault(input, Set.of(input)));
      }
      originsOf.put(compacted, origins);
    }
  }

  private List<String> paths(JsonNode names) {
    List<String> result = new ArrayList<>();
    if (names != null) {
      for (JsonNode name : names) {
        result.add(new Path(directory, name.asText()).toString());
      }
    }
    return result;
  }

  /** The files holding every committed row exactly once, in commit order (qualified paths). */
  public List<String> liveFiles() {
    List<String> live = new ArrayList<>();
    for (String file : files) {
      if (!removed.contains(file)) {
        live.add(file);
      }
    }
    return live;
  }

  /** The removed files with the commit time (epoch ms) of the batch that removed them. */
  public Map<String, Long> removedFiles() {
    return Map.copyOf(removedAtMs);
  }

  /**
   * The files a streaming reader that has read {@code read} (qualified paths of files of this
   * directory) must read next so that it sees every committed row once: each live file none of
   * whose rows it has read, and, where it has read only some of a compacted file's rows, the inputs
   * of that file it has not read (recursively).
   *
   * @throws SpateException IO when such an input was already deleted (its retention ran out)
   */
  public List<FileStatus> unreadFiles(Set<String> read) {
    Set<String> readOrigins = new HashSet<>();
    for (String file : read) {
      readOrigins.addAll(originsOf.getOrDefault(file, Set.of()));
    }
    List<FileStatus> unread = new ArrayList<>();
    try {
      for (String file : liveFiles()) {
        collectUnread(file, readOrigins, unread);
      }
    } catch (IOException e) {
      throw readError(directory, e);
    }
    return unread;
  }

  private void collectUnread(String file, Set<String> readOrigins, List<FileStatus> unread)
      throws IOException {
    Set<String> origins = originsOf.get(file);
    long alreadyRead = origins.stream().filter(readOrigins::contains).count();
    if (alreadyRead == 0) {
      try {
        unread.add(fileSystem.getFileStatus(new Path(file)));
      } catch (FileNotFoundException e) {
        throw SpateException.io("the file sink directory " + directory + " no longer has " + file
            + ", which this query has not read yet: the sink compacted it and deleted it after its"
            + " removedFileRetention; give the sink a longer removedFileRetention", e);
      }
    } else if (alreadyRead < origins.size()) {
      for (String input : inputsOf.getOrDefault(file, List.of())) {
        collectUnread(input, readOrigins, unread);
      }
    }
  }
}
