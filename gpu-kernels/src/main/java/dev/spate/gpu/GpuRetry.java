package dev.spate.gpu;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.cpu.CpuBackend;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The out-of-memory policy of the per-batch GPU operators (after spark-rapids' retry with split):
 * a piece of a batch whose GPU work fails with a {@link GpuOutOfMemoryException} (which has already
 * released what the attempt held) is split in halves and each half retried, down to {@link
 * GpuConfig#RETRY_MIN_ROWS} rows; a piece that still does not fit runs on the CPU operator, with
 * the reason counted in {@link GpuMetrics}. Under {@code spate.test.failOnFallback=true} with
 * {@code spate.gpu.enabled=true} the fallback is an error instead ({@link #checkFallback}).
 *
 * <p>Pieces are zero-copy slices (physical rows, ignoring any selection) of a batch the caller
 * keeps; each {@link Work} owns the piece it is given and must close it or hand it on. Results come
 * back in row order. Immutable.
 */
final class GpuRetry {
  /** Work on one piece: rows {@code start .. start + piece.rowCount() - 1} of the batch. */
  interface Work<T> {
    T apply(ColumnarBatch piece, int start);
  }

  private final PhysicalNode node;
  private final String operator;
  private final ExecContext context;
  private final int minRows;

  GpuRetry(PhysicalNode node, String operator, ExecContext context) {
    this.node = requireNonNull(node, "node is null");
    this.operator = requireNonNull(operator, "operator is null");
    this.context = requireNonNull(context, "context is null");
    this.minRows = Math.max(1, context.config().get(GpuConfig.RETRY_MIN_ROWS));
  }

  /**
   * Gives {@code sink} the results of {@code gpu} (or {@code cpu} where the device ran out) over
   * {@code batch}, piece by piece in row order (so a failure leaves nothing unowned).
   */
  <T> void run(ColumnarBatch batch, Work<T> gpu, Work<T> cpu, Consumer<T> sink) {
    runPiece(batch, 0, batch.rowCount(), gpu, cpu, sink);
  }

  private <T> void runPiece(ColumnarBatch batch, int start, int count, Work<T> gpu, Work<T> cpu,
      Consumer<T> sink) {
    T result;
    try {
      result = gpu.apply(slice(batch, start, count), start);
    } catch (GpuOutOfMemoryException e) {
      if (count > minRows) {
        GpuMetrics.oomRetry();
        int half = count / 2;
        runPiece(batch, start, half, gpu, cpu, sink);
        runPiece(batch, start + half, count - half, gpu, cpu, sink);
        return;
      }
      fallBack("on " + count + " rows (not split below spate.gpu.retry.minRows=" + minRows
          + "), so they ran on the CPU", e);
      result = cpu.apply(slice(batch, start, count), start);
    }
    sink.accept(result);
  }

  /** The fewest rows a piece is split down to ({@link GpuConfig#RETRY_MIN_ROWS}). */
  int minRows() {
    return minRows;
  }

  /**
   * Records that work goes to the CPU after {@code failure} ({@code what} completes "ran out of
   * device memory ..."), or throws where falling back is forbidden ({@link #checkFallback}).
   */
  void fallBack(String what, GpuOutOfMemoryException failure) {
    String reason = "GPU " + operator + " ran out of device memory " + what + ": "
        + failure.getMessage();
    checkFallback(context.config(), reason, failure);
    GpuMetrics.cpuFallback(reason);
  }

  /**
   * Throws when the configuration forbids falling back from the GPU to the CPU ({@code
   * spate.test.failOnFallback=true} with {@code spate.gpu.enabled=true}); returns otherwise.
   */
  static void checkFallback(SpateConfig config, String reason, Throwable cause) {
    if (config.get(SpateConfig.FAIL_ON_FALLBACK)
        && config.get(SpateConfig.GPU_ENABLED) == SpateConfig.GpuMode.TRUE) {
      throw new SpateException(SpateException.ErrorClass.GPU, reason
          + " spate.test.failOnFallback=true with spate.gpu.enabled=true forbids running it on"
          + " the CPU.", cause);
    }
  }

  /** Rows {@code start .. start + count - 1} of {@code batch} as a batch of their own. */
  ColumnarBatch slice(ColumnarBatch batch, int start, int count) {
    List<FieldVector> vectors = new ArrayList<>(batch.columns().size());
    try {
      for (FieldVector column : batch.columns()) {
        TransferPair pair = column.getTransferPair(context.allocator());
        pair.splitAndTransfer(start, count);
        vectors.add((FieldVector) pair.getTo());
      }
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
    return ColumnarBatch.of(batch.schema(), vectors, count);
  }

  /** Every batch the CPU operator of the node makes of {@code piece} (which it consumes). */
  List<ColumnarBatch> onCpu(ColumnarBatch piece) {
    List<ColumnarBatch> outputs = new ArrayList<>();
    try (BatchStream stream = new CpuBackend().open(node,
        List.of(new PrefixedStream(piece.schema(), List.of(piece), null)), context)) {
      for (ColumnarBatch next = stream.next(); next != null; next = stream.next()) {
        outputs.add(next);
      }
    } catch (RuntimeException e) {
      outputs.forEach(ColumnarBatch::close);
      throw e;
    }
    return outputs;
  }
}
