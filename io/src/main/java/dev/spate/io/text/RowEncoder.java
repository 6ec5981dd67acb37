package dev.spate.io.text;

import dev.spate.planner.batch.ColumnarBatch;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** Encodes rows of batches into one text file (JSON lines, CSV, text). */
public interface RowEncoder {
  /** A sink writing rows to {@code output}; closing the sink closes {@code output}. */
  Sink open(OutputStream output) throws IOException;

  /** Writes rows into one file; used by one thread. */
  interface Sink extends Closeable {
    /** Writes the row at physical position {@code position} of {@code batch}. */
    void write(ColumnarBatch batch, int position) throws IOException;
  }
}
