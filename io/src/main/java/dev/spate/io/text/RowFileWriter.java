package dev.spate.io.text;

import dev.spate.SpateException;
import dev.spate.io.WriteResult;
import dev.spate.io.fs.OutputCommitter;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.Path;

/**
 * Writes a stream of batches as text files through an {@link OutputCommitter}: the live rows of
 * each batch (its selection) are encoded, and a new file is started once the current one reaches
 * {@code maxFileBytes} (checked between batches). {@code compression} is {@code none} or {@code
 * gzip}. Consumes and closes the input stream; on failure the job's temporary files are removed.
 */
public final class RowFileWriter {
  private RowFileWriter() {}

  public static WriteResult write(OutputCommitter committer, String extension, String compression,
      RowEncoder encoder, long maxFileBytes, BatchStream input) {
    boolean gzip = isGzip(compression);
    String fullExtension = gzip ? extension + ".gz" : extension;
    long rows = 0;
    RowEncoder.Sink sink = null;
    CountingOutputStream counter = null;
    try (BatchStream batches = input) {
      ColumnarBatch batch;
      while ((batch = batches.next()) != null) {
        try (ColumnarBatch current = batch) {
          if (current.selectedCount() == 0) {
            continue;
          }
          if (sink == null) {
            Path file = committer.newFile(fullExtension);
            counter = new CountingOutputStream(committer.create(file));
            sink = encoder.open(gzip ? new GZIPOutputStream(counter, 1 << 16) : counter);
          }
          for (int index = 0; index < current.selectedCount(); index++) {
            sink.write(current, current.position(index));
          }
          rows += current.selectedCount();
        }
        if (counter.count >= maxFileBytes) {
          sink.close();
          sink = null;
        }
      }
      if (sink != null) {
        sink.close();
        sink = null;
      }
      return committer.commit(rows);
    } catch (IOException e) {
      closeQuietly(sink);
      committer.abort();
      throw SpateException.io("cannot write " + extension + " files: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(sink);
      committer.abort();
      throw e;
    }
  }

  private static boolean isGzip(String compression) {
    if (compression == null || compression.equalsIgnoreCase("none")
        || compression.equalsIgnoreCase("uncompressed")) {
      return false;
    }
    if (compression.equalsIgnoreCase("gzip")) {
      return true;
    }
    throw SpateException.analysis("option compression for text formats expects none or gzip, got"
        + " '%s'", compression);
  }

  private static void closeQuietly(RowEncoder.Sink sink) {
    if (sink == null) {
      return;
    }
    try {
      sink.close();
    } catch (IOException | RuntimeException e) {
      // the write failed already; its temporary file is removed by the abort that follows
    }
  }

  /** Counts the bytes written to a file, for rolling to the next file. */
  private static final class CountingOutputStream extends FilterOutputStream {
    private long count;

    CountingOutputStream(OutputStream output) {
      super(output);
    }

    @Override
    public void write(int value) throws IOException {
      out.write(value);
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      count += length;
    }
  }
}
