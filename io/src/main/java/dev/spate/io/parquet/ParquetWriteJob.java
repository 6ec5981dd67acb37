package dev.spate.io.parquet;

import dev.spate.SpateException;
import dev.spate.io.FormatOptions;
import dev.spate.io.WriteResult;
import dev.spate.io.fs.HadoopFiles;
import dev.spate.io.fs.OutputCommitter;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a stream of batches as Parquet files through an {@link OutputCommitter}. Options: {@code
 * compression} (snappy by default; none, uncompressed, gzip, zstd, lz4_raw, ...), {@code
 * maxFileBytes} (default {@code spate.sql.files.targetFileBytes}: a new file starts once the current
 * one reaches it, checked between batches), {@code parquet.block.size} (row group bytes) and {@code
 * parquet.block.rows} (row group row limit). Only the live rows of each batch are written. An input
 * without rows still produces one file, so the schema survives. Consumes and closes the input.
 */
public final class ParquetWriteJob {
  private static final long DEFAULT_ROW_GROUP_BYTES = 128L << 20;

  private ParquetWriteJob() {}

  public static WriteResult write(OutputCommitter committer, FormatOptions options,
      long defaultMaxFileBytes, BatchStream input) {
    CompressionCodecName codec = codec(options.get(FormatOptions.COMPRESSION, "snappy"));
    long maxFileBytes = options.getLong(FormatOptions.MAX_FILE_BYTES, defaultMaxFileBytes);
    long rowGroupBytes = options.getLong("parquet.block.size", DEFAULT_ROW_GROUP_BYTES);
    long rowGroupRows = options.getLong("parquet.block.rows", Integer.MAX_VALUE);
    String extension = (codec == CompressionCodecName.UNCOMPRESSED ? ""
        : codec.name().toLowerCase(Locale.ROOT) + ".") + "parquet";
    MessageType schema = ParquetSchemas.toParquet(input.schema());
    long rows = 0;
    ParquetWriter<Integer> writer = null;
    ArrowWriteSupport support = null;
    try (BatchStream batches = input) {
      ColumnarBatch batch;
      while ((batch = batches.next()) != null) {
        try (ColumnarBatch current = batch) {
          if (writer == null) {
            support = new ArrowWriteSupport(schema);
            writer = open(committer, extension, support, codec, rowGroupBytes, rowGroupRows);
          }
          support.bind(current);
          for (int index = 0; index < current.selectedCount(); index++) {
            writer.write(current.position(index));
          }
          rows += current.selectedCount();
        }
        if (writer.getDataSize() >= maxFileBytes) {
          writer.close();
          writer = null;
        }
      }
      if (writer == null && rows == 0) {
        writer = open(committer, extension, new ArrowWriteSupport(schema), codec, rowGroupBytes,
            rowGroupRows);
      }
      if (writer != null) {
        writer.close();
        writer = null;
      }
      return committer.commit(rows);
    } catch (IOException e) {
      closeQuietly(writer);
      committer.abort();
      throw SpateException.io("cannot write Parquet files: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(writer);
      committer.abort();
      throw e;
    }
  }

  private static ParquetWriter<Integer> open(OutputCommitter committer, String extension,
      ArrowWriteSupport support, CompressionCodecName codec, long rowGroupBytes, long rowGroupRows)
      throws IOException {
    Path file = committer.newFile(extension);
    return new Builder(new FileSystemOutputFile(committer.fileSystem(), file), support)
        .withConf(HadoopFiles.configuration())
        .withCompressionCodec(codec)
        .withRowGroupSize(rowGroupBytes)
        .withRowGroupRowCountLimit((int) Math.min(Integer.MAX_VALUE, rowGroupRows))
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .build();
  }

  private static CompressionCodecName codec(String name) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    if (upper.equals("NONE")) {
      return CompressionCodecName.UNCOMPRESSED;
    }
    try {
      return CompressionCodecName.valueOf(upper);
    } catch (IllegalArgumentException e) {
      throw SpateException.analysis("option compression for parquet expects one of none,"
          + " uncompressed, snappy, gzip, zstd, lz4_raw, got '%s'", name);
    }
  }

  private static void closeQuietly(ParquetWriter<Integer> writer) {
    if (writer == null) {
      return;
    }
    try {
      writer.close();
    } catch (IOException | RuntimeException e) {
      // the write failed already; its temporary file is removed by the abort that follows
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
    private final ArrowWriteSupport support;

    Builder(OutputFile file, ArrowWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Integer> getWriteSupport(Configuration configuration) {
      return support;
    }
  }

  /** A Parquet output file on a Hadoop file system (the raw one for local files: no .crc files). */
  private static final class FileSystemOutputFile implements OutputFile {
    private final FileSystem fileSystem;
    private final Path path;

    FileSystemOutputFile(FileSystem fileSystem, Path path) {
      this.fileSystem = fileSystem;
      this.path = path;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      return HadoopStreams.wrap(fileSystem.create(path, false));
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      return HadoopStreams.wrap(fileSystem.create(path, true));
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return path.toString();
    }
  }
}
