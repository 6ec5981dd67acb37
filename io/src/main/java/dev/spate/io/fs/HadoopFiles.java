package dev.spate.io.fs;

import dev.spate.SpateException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Access to files through Hadoop's {@link FileSystem}, so that plain local paths and {@code file:},
 * {@code hdfs:} and {@code s3a:} URIs all work. Local files go through the raw local file system,
 * which writes no {@code .crc} checksum sidecar files.
 */
public final class HadoopFiles {
  private static final Configuration CONFIGURATION = new Configuration();
  private static volatile FileSystem local;

  private HadoopFiles() {}

  /** The one local file system instance (see {@link ForkFreeLocalFileSystem}). */
  private static FileSystem local() throws IOException {
    FileSystem fileSystem = local;
    if (fileSystem == null) {
      synchronized (HadoopFiles.class) {
        if (local == null) {
          FileSystem created = new ForkFreeLocalFileSystem();
          created.initialize(java.net.URI.create("file:///"), CONFIGURATION);
          local = created;
        }
        fileSystem = local;
      }
    }
    return fileSystem;
  }

  /** The shared Hadoop configuration (defaults plus whatever {@code core-site.xml} is on the class path). */
  public static Configuration configuration() {
    return CONFIGURATION;
  }

  /** The file system of {@code path}; the raw (checksum-free) one for local paths. */
  public static FileSystem fileSystem(Path path) {
    try {
      String scheme = path.toUri().getScheme() != null ? path.toUri().getScheme()
          : FileSystem.getDefaultUri(CONFIGURATION).getScheme();
      if ("file".equals(scheme)) {
        return local();
      }
      FileSystem fileSystem = path.getFileSystem(CONFIGURATION);
      return fileSystem instanceof LocalFileSystem ? ((LocalFileSystem) fileSystem).getRaw()
          : fileSystem;
    } catch (IOException | RuntimeException e) {
      String scheme = path.toUri().getScheme();
      String module = "s3a".equals(scheme) ? "org.apache.hadoop:hadoop-aws"
          : "hdfs".equals(scheme) ? "org.apache.hadoop:hadoop-hdfs-client" : null;
      throw SpateException.io("cannot access the file system of " + path + ": " + e.getMessage()
          + (module == null ? "" : "; the " + scheme + ": scheme needs " + module
              + " (same version as hadoop-common) on the class path"), e);
    }
  }

  /** The fully qualified form of {@code path}, for example {@code file:/data/x}. */
  public static Path qualify(String path) {
    Path hadoopPath = new Path(path);
    return fileSystem(hadoopPath).makeQualified(hadoopPath);
  }

  /** True for names that readers skip: Spark's hidden and metadata files ({@code _SUCCESS}, {@code .x.crc}). */
  public static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /**
   * The data files named by {@code paths}: files as given, directories listed recursively in path
   * order, skipping hidden names; glob patterns are expanded. A path that does not exist is an IO
   * error {@code [PATH_NOT_FOUND] Path does not exist: file:/x}.
   */
  public static List<FileStatus> listFiles(List<String> paths) {
    List<FileStatus> files = new ArrayList<>();
    for (String pathText : paths) {
      Path path = qualify(pathText);
      FileSystem fileSystem = fileSystem(path);
      try {
        FileStatus[] matches = isGlob(pathText) ? fileSystem.globStatus(path)
            : new FileStatus[] {fileSystem.getFileStatus(path)};
        if (matches == null || matches.length == 0) {
          throw pathNotFound(path);
        }
        Arrays.sort(matches, Comparator.comparing(status -> status.getPath().toString()));
        for (FileStatus match : matches) {
          collect(fileSystem, match, files);
        }
      } catch (FileNotFoundException e) {
        throw pathNotFound(path);
      } catch (IOException e) {
        throw SpateException.io("cannot list " + path + ": " + e.getMessage(), e);
      }
    }
    return files;
  }

  private static void collect(FileSystem fileSystem, FileStatus status, List<FileStatus> files)
      throws IOException {
    if (!status.isDirectory()) {
      files.add(status);
      return;
    }
    FileStatus[] children = fileSystem.listStatus(status.getPath());
    Arrays.sort(children, Comparator.comparing(child -> child.getPath().getName()));
    for (FileStatus child : children) {
      if (!isHidden(child.getPath().getName())) {
        collect(fileSystem, child, files);
      }
    }
  }

  private static boolean isGlob(String path) {
    return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0
        || path.indexOf('{') >= 0;
  }

  private static SpateException pathNotFound(Path path) {
    return SpateException.io("[PATH_NOT_FOUND] Path does not exist: " + path + ".", null);
  }
}
