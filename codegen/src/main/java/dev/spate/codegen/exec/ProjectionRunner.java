package dev.spate.codegen.exec;

import static java.util.Objects.requireNonNull;

import dev.spate.codegen.generate.GeneratedSource;
import dev.spate.codegen.runtime.PipelineKernel;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorGather;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs a filter-and-project pipeline: per input batch, one call of the generated {@code process}
 * writes the computed columns into output vectors pre-sized to the batch and selects the kept rows;
 * column references pass the input vectors through (the output batch keeps the input batch as a
 * resource), as the interpreted operators do; a pipeline that only passes columns through (no
 * filter, nothing computed) does not call the class at all. Batches with no kept row are skipped.
 */
final class ProjectionRunner implements BatchStream {
  private final Schema schema;
  private final GeneratedSource generated;
  private final PipelineKernel kernel;
  private final BatchStream input;
  private final ExecContext context;
  private final boolean filters;
  private final long[] data;
  private final long[] validity;
  private final long[] outData;
  private final long[] outValidity;
  private int[] scratchSelection = new int[0];
  private boolean closed;

  ProjectionRunner(CompiledPipeline pipeline, BatchStream input, ExecContext context) {
    this.schema = pipeline.spec().outputSchema();
    this.generated = pipeline.generated();
    this.kernel = pipeline.newKernel();
    this.input = requireNonNull(input, "input is null");
    this.context = requireNonNull(context, "context is null");
    this.filters = !pipeline.spec().filters().isEmpty();
    int inputColumns = pipeline.spec().inputSchema().getFields().size();
    this.data = new long[inputColumns];
    this.validity = new long[inputColumns];
    this.outData = new long[generated.computedCount()];
    this.outValidity = new long[generated.computedCount()];
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public ColumnarBatch next() {
    if (closed) {
      return null;
    }
    while (true) {
      ColumnarBatch batch = input.next();
      if (batch == null) {
        return null;
      }
      ColumnarBatch result = process(batch);
      if (result != null) {
        return result;
      }
    }
  }

  private ColumnarBatch process(ColumnarBatch batch) {
    int rows = batch.rowCount();
    int live = batch.selectedCount();
    if (live == 0 && filters) {
      batch.close();
      return null;
    }
    List<FieldVector> outputs = new ArrayList<>(generated.computedCount());
    try {
      boolean noNullInputs = true;
      for (int column : generated.columns()) {
        FieldVector vector = batch.column(column);
        data[column] = vector.getDataBufferAddress();
        validity[column] =
            vector.getNullCount() == 0 ? 0L : vector.getValidityBufferAddress();
        noNullInputs &= validity[column] == 0L;
      }
      allocateOutputs(rows, outputs);
      int[] kept = filters ? new int[Math.max(live, 1)] : unusedSelection(live);
      int keptCount = filters || !outputs.isEmpty() ? kernel.process(data, validity,
          batch.selection(), live, kept, outData, outValidity) : live;
      if (keptCount == 0 && filters) {
        outputs.forEach(FieldVector::close);
        batch.close();
        return null;
      }
      for (int index = 0; index < outputs.size(); index++) {
        if (generated.computedNeverNull(index, noNullInputs)) {
          MemoryUtil.setMemory(outValidity[index], (rows + 7) / 8, (byte) 0xFF);
        }
        outputs.get(index).setValueCount(rows);
      }
      int[] selection = !filters ? batch.selection() : keptCount == rows ? null : kept;
      int selected = filters ? keptCount : live;
      List<FieldVector> columns = new ArrayList<>(schema.getFields().size());
      for (int output = 0; output < schema.getFields().size(); output++) {
        int passed = generated.passThrough(output);
        columns.add(passed >= 0 ? batch.column(passed) : outputs.get(generated.computed(output)));
      }
      return ColumnarBatch.withResources(schema, columns, rows, selection, selected, outputs,
          List.of(batch));
    } catch (RuntimeException e) {
      outputs.forEach(FieldVector::close);
      batch.close();
      throw e;
    }
  }

  /**
   * A reused array for the rows the kernel keeps when nothing is filtered (the batch keeps the
   * input's selection, so the kernel's copy of it is not needed after the call).
   */
  private int[] unusedSelection(int live) {
    if (scratchSelection.length < live) {
      scratchSelection = new int[Math.max(live, scratchSelection.length * 2)];
    }
    return scratchSelection;
  }

  private void allocateOutputs(int rows, List<FieldVector> outputs) {
    for (int output = 0; output < schema.getFields().size(); output++) {
      int index = generated.computed(output);
      if (index < 0) {
        continue;
      }
      FieldVector vector = VectorGather.allocate(schema.getFields().get(output), rows,
          context.allocator());
      outputs.add(vector);
      long validityBytes = vector.getValidityBuffer().capacity();
      vector.getValidityBuffer().setZero(0, validityBytes);
      if (vector instanceof BitVector) {
        vector.getDataBuffer().setZero(0, vector.getDataBuffer().capacity());
      }
      outData[index] = vector.getDataBufferAddress();
      outValidity[index] = vector.getValidityBufferAddress();
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      input.close();
    }
  }
}
