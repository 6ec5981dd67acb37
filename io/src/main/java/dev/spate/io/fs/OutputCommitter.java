package dev.spate.io.fs;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.io.WriteResult;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes the files of one job Spark-style: every file is first written under {@code
 * <dir>/_temporary/<jobId>/}, which readers skip, and only {@link #commit} moves them to {@code
 * <dir>/part-NNNNN-<jobId>.<ext>} and writes the {@code _SUCCESS} marker, so a failed job never
 * leaves a partial visible file. {@link #abort} removes the job's temporary files.
 *
 * <p>Save modes: {@code error}/{@code errorifexists} (the default) refuse an existing path, {@code
 * ignore} skips the job, {@code append} adds files, {@code overwrite} replaces the directory's
 * visible content at commit time. Not thread safe.
 */
public final class OutputCommitter {
  private final Path directory;
  private final FileSystem fileSystem;
  private final boolean overwrite;
  private final String jobId = UUID.randomUUID().toString();
  private final Path temporaryDirectory;
  private final List<Path> pendingFiles = new ArrayList<>();

  private OutputCommitter(Path directory, FileSystem fileSystem, boolean overwrite) {
    this.directory = requireNonNull(directory, "directory is null");
    this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
    this.overwrite = overwrite;
    this.temporaryDirectory = new Path(new Path(directory, "_temporary"), jobId);
  }

  /**
   * Starts a job writing to {@code path} under {@code saveMode}; returns null when the save mode is
   * {@code ignore} and the path exists (nothing is to be written).
   */
  public static OutputCommitter start(String path, String saveMode) {
    Path directory = HadoopFiles.qualify(path);
    FileSystem fileSystem = HadoopFiles.fileSystem(directory);
    String mode = saveMode == null ? "errorifexists" : saveMode.trim().toLowerCase(Locale.ROOT);
    boolean exists;
    try {
      exists = fileSystem.exists(directory);
    } catch (IOException e) {
      throw SpateException.io("cannot access " + directory + ": " + e.getMessage(), e);
    }
    switch (mode) {
      case "error":
      case "errorifexists":
      case "default":
        if (exists) {
          throw SpateException.analysis("[PATH_ALREADY_EXISTS] Path %s already exists. Set mode as"
              + " \"overwrite\" to overwrite the existing path.", directory);
        }
        return new OutputCommitter(directory, fileSystem, false);
      case "ignore":
        return exists ? null : new OutputCommitter(directory, fileSystem, false);
      case "append":
        return new OutputCommitter(directory, fileSystem, false);
      case "overwrite":
        return new OutputCommitter(directory, fileSystem, true);
      default:
        throw SpateException.analysis("Unknown save mode: %s. Accepted save modes are 'overwrite',"
            + " 'append', 'ignore', 'error', 'errorifexists', 'default'.", saveMode);
    }
  }

  public FileSystem fileSystem() {
    return fileSystem;
  }

  /** A new temporary file for the next part; it becomes visible only at {@link #commit}. */
  public Path newFile(String extension) {
    Path file = new Path(temporaryDirectory,
        String.format(Locale.ROOT, "part-%05d-%s.%s", pendingFiles.size(), jobId, extension));
    pendingFiles.add(file);
    return file;
  }

  /** Creates {@code file} (from {@link #newFile}) for writing. */
  public OutputStream create(Path file) {
    try {
      return fileSystem.create(file, false);
    } catch (IOException e) {
      throw SpateException.io("cannot create " + file + ": " + e.getMessage(), e);
    }
  }

  /** Makes every pending file visible, writes {@code _SUCCESS}, and reports what was written. */
  public WriteResult commit(long rows) {
    try {
      fileSystem.mkdirs(directory);
      if (overwrite) {
        for (FileStatus existing : fileSystem.listStatus(directory)) {
          if (!existing.getPath().getName().equals("_temporary")) {
            fileSystem.delete(existing.getPath(), true);
          }
        }
      }
      List<String> committed = new ArrayList<>(pendingFiles.size());
      long bytes = 0;
      for (Path pending : pendingFiles) {
        Path target = new Path(directory, pending.getName());
        if (!fileSystem.rename(pending, target)) {
          throw SpateException.io("cannot rename " + pending + " to " + target, null);
        }
        bytes += fileSystem.getFileStatus(target).getLen();
        committed.add(target.toString());
      }
      deleteTemporaryDirectory();
      fileSystem.create(new Path(directory, "_SUCCESS"), true).close();
      return new WriteResult(committed, rows, bytes);
    } catch (IOException e) {
      abort();
      throw SpateException.io("cannot commit the write to " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Removes this job's temporary files; safe to call after a failure, more than once. */
  public void abort() {
    try {
      deleteTemporaryDirectory();
    } catch (IOException e) {
      // the job failed already; the temporary directory is hidden from readers
    }
  }

  private void deleteTemporaryDirectory() throws IOException {
    fileSystem.delete(temporaryDirectory, true);
    Path parent = temporaryDirectory.getParent();
    FileStatus[] left = fileSystem.exists(parent) ? fileSystem.listStatus(parent) : null;
    if (left != null && left.length == 0) {
      fileSystem.delete(parent, true);
    }
  }
}
