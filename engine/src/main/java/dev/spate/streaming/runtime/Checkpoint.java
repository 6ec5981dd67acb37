package dev.spate.streaming.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spate.SpateException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The checkpoint directory of one streaming query (local file system):
 *
 * <pre>
 * metadata              {"id": query id, "sources": [...], "schema": [...]}, written once
 * offsets/&lt;batchId&gt;     the batch's plan, written BEFORE the batch runs: source offsets (JSON),
 *                       batch timestamp, watermark
 * commits/&lt;batchId&gt;     written after the sink committed the batch
 * sources/&lt;n&gt;/...       private files of source n (the file source's per-batch file lists)
 * </pre>
 *
 * Every file is written to a temporary name and renamed atomically, so a crash at any point leaves
 * each file either absent or complete. Not thread safe: used by the query's thread.
 */
public final class Checkpoint {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final Path offsets;
  private final Path commits;

  private Checkpoint(Path root) {
    this.root = root;
    this.offsets = root.resolve("offsets");
    this.commits = root.resolve("commits");
  }

  /** Opens (creating when missing) the checkpoint at {@code location}. */
  public static Checkpoint open(String location) {
    Path root = Path.of(location.startsWith("file:") ? java.net.URI.create(
        location.startsWith("file://") ? location : "file://" + location.substring(5)).getPath()
        : location).toAbsolutePath();
    Checkpoint checkpoint = new Checkpoint(root);
    try {
      Files.createDirectories(checkpoint.offsets);
      Files.createDirectories(checkpoint.commits);
    } catch (IOException e) {
      throw SpateException.io("cannot create the checkpoint directory " + root + ": "
          + e.getMessage(), e);
    }
    return checkpoint;
  }

  public Path root() {
    return root;
  }

  /** The directory of source {@code index}'s own files, created when missing. */
  public Path sourceDirectory(int index) {
    Path directory = root.resolve("sources").resolve(Integer.toString(index));
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw SpateException.io("cannot create " + directory + ": " + e.getMessage(), e);
    }
    return directory;
  }

  /** The metadata written by the query that created this checkpoint, or null for a new one. */
  public JsonNode readMetadata() {
    Path file = root.resolve("metadata");
    return Files.exists(file) ? readJson(file) : null;
  }

  public void writeMetadata(ObjectNode metadata) {
    writeJson(root.resolve("metadata"), metadata);
  }

  public OptionalLong latestOffsets() {
    return latest(offsets);
  }

  public OptionalLong latestCommit() {
    return latest(commits);
  }

  public JsonNode readOffsets(long batchId) {
    return readJson(offsets.resolve(Long.toString(batchId)));
  }

  public void writeOffsets(long batchId, ObjectNode entry) {
    writeJson(offsets.resolve(Long.toString(batchId)), entry);
  }

  public void writeCommit(long batchId, ObjectNode entry) {
    writeJson(commits.resolve(Long.toString(batchId)), entry);
  }

  public JsonNode readCommit(long batchId) {
    return readJson(commits.resolve(Long.toString(batchId)));
  }

  /** Deletes the offsets and commits of batches before {@code firstKept} (retention). */
  public void purgeBefore(long firstKept) {
    for (Path directory : List.of(offsets, commits)) {
      for (long batchId : batchIds(directory)) {
        if (batchId < firstKept) {
          deleteQuietly(directory.resolve(Long.toString(batchId)));
        }
      }
    }
  }

  static List<Long> batchIds(Path directory) {
    List<Long> ids = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return ids;
    }
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(file -> {
        String name = file.getFileName().toString();
        if (name.matches("\\d+")) {
          ids.add(Long.parseLong(name));
        }
      });
    } catch (IOException e) {
      throw SpateException.io("cannot list " + directory + ": " + e.getMessage(), e);
    }
    ids.sort(null);
    return ids;
  }

  private static OptionalLong latest(Path directory) {
    List<Long> ids = batchIds(directory);
    return ids.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ids.get(ids.size() - 1));
  }

  static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw SpateException.io("cannot read the checkpoint file " + file + ": " + e.getMessage(),
          e);
    }
  }

  /** Writes {@code value} to {@code file} atomically (temporary file, then rename). */
  static void writeJson(Path file, JsonNode value) {
    try {
      writeAtomically(file, JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw SpateException.io("cannot write the checkpoint file " + file + ": " + e.getMessage(),
          e);
    }
  }

  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.write(temporary, bytes);
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // retention is best effort; a leftover file is ignored by readers of newer batches
    }
  }
}
