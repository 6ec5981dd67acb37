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
 * visible content at commit time.
 *
 * <p>{@link #intoDirectory} is the lighter protocol of a streaming sink, which keeps its own commit
 * log: each file is written straight into the directory under a hidden name ({@code .<name>
 * .inprogress}) and renamed to {@code <prefix><NNNNN>-<jobId>.<ext>} at commit; there is no
 * temporary directory and no {@code _SUCCESS}, which saves most of the file system calls of a small
 * micro-batch. Not thread safe.
 */
public final class OutputCommitter {
  private static final String IN_PROGRESS = ".inprogress";

  private final Path directory;
  private final FileSystem fileSystem;
  private final boolean overwrite;
  private final String jobId = UUID.randomUUID().toString();
  /** The job's temporary directory, or null for {@link #intoDirectory}. */
  private final Path temporaryDirectory;
  /** The final name prefix of {@link #intoDirectory} files, or null. */
  private final String filePrefix;
  private final List<Path> pendingFiles = new ArrayList<>();

  private OutputCommitter(Path directory, FileSystem fileSystem, boolean overwrite,
      String filePrefix) {
    this.directory = requireNonNull(directory, "directory is null");
    this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
    this.overwrite = overwrite;
    this.filePrefix = filePrefix;
    this.temporaryDirectory = filePrefix == null
        ? new Path(new Path(directory, "_temporary"), jobId) : null;
  }

  private OutputCommitter(Path directory, FileSystem fileSystem, boolean overwrite) {
    this(directory, fileSystem, overwrite, null);
  }

  /**
   * A job adding files named {@code <filePrefix><NNNNN>-<jobId>.<ext>} to {@code path} (created
   * when missing), written in place under hidden in-progress names; the caller records the
   * committed names in its own log and removes in-progress leftovers of crashed jobs ({@link
   * #isInProgress}).
   */
  public static OutputCommitter intoDirectory(String path, String filePrefix) {
    Path directory = HadoopFiles.qualify(path);
    return new OutputCommitter(directory, HadoopFiles.fileSystem(directory), false,
        requireNonNull(filePrefix, "filePrefix is null"));
  }

  /** Whether {@code name} is an in-progress file of an {@link #intoDirectory} job. */
  public static boolean isInProgress(String name) {
    return name.startsWith(".") && name.endsWith(IN_PROGRESS);
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
    Path file = filePrefix == null
        ? new Path(temporaryDirectory, String.format(Locale.ROOT, "part-%05d-%s.%s",
            pendingFiles.size(), jobId, extension))
        : new Path(directory, "." + finalName(pendingFiles.size(), extension) + IN_PROGRESS);
    pendingFiles.add(file);
    return file;
  }

  private String finalName(int index, String extension) {
    return String.format(Locale.ROOT, "%s%05d-%s.%s", filePrefix, index, jobId, extension);
  }

  /** The visible name of a pending file once committed. */
  private String committedName(Path pending) {
    String name = pending.getName();
    return filePrefix == null ? name
        : name.substring(1, name.length() - IN_PROGRESS.length());
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
      if (filePrefix != null) {
        return renamePending(rows);
      }
      fileSystem.mkdirs(directory);
      if (overwrite) {
        for (FileStatus existing : fileSystem.listStatus(directory)) {
          if (!existing.getPath().getName().equals("_temporary")) {
            fileSystem.delete(existing.getPath(), true);
          }
        }
      }
      WriteResult result = renamePending(rows);
      deleteTemporaryDirectory();
      fileSystem.create(new Path(directory, "_SUCCESS"), true).close();
      return result;
    } catch (IOException e) {
      abort();
      throw SpateException.io("cannot commit the write to " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Renames every pending file to its visible name in the directory. */
  private WriteResult renamePending(long rows) throws IOException {
    List<String> committed = new ArrayList<>(pendingFiles.size());
    List<Long> sizes = new ArrayList<>(pendingFiles.size());
    for (Path pending : pendingFiles) {
      Path target = new Path(directory, committedName(pending));
      sizes.add(fileSystem.getFileStatus(pending).getLen());
      if (!fileSystem.rename(pending, target)) {
        throw SpateException.io("cannot rename " + pending + " to " + target, null);
      }
      committed.add(target.toString());
    }
    return new WriteResult(committed, sizes, rows);
  }

  /** Removes this job's temporary files; safe to call after a failure, more than once. */
  public void abort() {
    try {
      deleteTemporaryDirectory();
    } catch (IOException e) {
      // the job failed already; the temporary directory is hidden from readers
    }
  }

  /** Deletes the job's temporary directory, or its in-progress files for {@link #intoDirectory}. */
  private void deleteTemporaryDirectory() throws IOException {
    if (temporaryDirectory == null) {
      for (Path pending : pendingFiles) {
        fileSystem.delete(pending, false);
      }
      return;
    }
    fileSystem.delete(temporaryDirectory, true);
    Path parent = temporaryDirectory.getParent();
    FileStatus[] left = fileSystem.exists(parent) ? fileSystem.listStatus(parent) : null;
    if (left != null && left.length == 0) {
      fileSystem.delete(parent, true);
    }
  }
}
