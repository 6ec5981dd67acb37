package dev.spate.planner.batch;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A batch of rows: Arrow vectors of equal physical length {@link #rowCount()}, and an optional
 * selection that names the live rows (a filter selects rather than copies).
 *
 * <p><b>Ownership.</b> A batch owns its vectors and any extra resources handed to it (for example
 * the input batch whose vectors a projection passes through); {@link #close()} releases all of them
 * and is idempotent. Whoever receives a batch from {@link BatchStream#next()} owns it and must close
 * it. A batch is not thread safe and is never shared between two owners.
 *
 * <p><b>Selection.</b> When {@link #selection()} is null every row {@code 0..rowCount-1} is live.
 * Otherwise rows {@code selection[0..selectedCount-1]} are live, in strictly increasing order; values
 * at other positions are undefined and must not be read. Consumers that do not want to handle a
 * selection call {@link #compact(BufferAllocator)}.
 */
public final class ColumnarBatch implements AutoCloseable {
  private final Schema schema;
  private final List<FieldVector> columns;
  private final int rowCount;
  private final int[] selection;
  private final int selectedCount;
  private final boolean ownsColumns;
  private final List<AutoCloseable> resources;
  private boolean closed;

  private ColumnarBatch(Schema schema, List<FieldVector> columns, int rowCount, int[] selection,
      int selectedCount, boolean ownsColumns, List<AutoCloseable> resources) {
    this.schema = requireNonNull(schema, "schema is null");
    this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
    this.rowCount = rowCount;
    this.selection = selection;
    this.selectedCount = selectedCount;
    this.ownsColumns = ownsColumns;
    this.resources = List.copyOf(requireNonNull(resources, "resources is null"));
    if (schema.getFields().size() != columns.size()) {
      throw SpateException.internal("batch schema has " + schema.getFields().size()
          + " fields but " + columns.size() + " columns", null);
    }
  }

  /** A dense batch that owns {@code columns}; their value counts are set to {@code rowCount}. */
  public static ColumnarBatch of(Schema schema, List<FieldVector> columns, int rowCount) {
    for (FieldVector column : columns) {
      column.setValueCount(rowCount);
    }
    return new ColumnarBatch(schema, columns, rowCount, null, rowCount, true, List.of());
  }

  /**
   * A batch over {@code columns} of physical length {@code rowCount} with a selection (null for all
   * rows) that owns only {@code ownedColumns} (a subset of {@code columns}) and {@code resources};
   * the other columns belong to one of the resources, typically the input batch of a projection
   * that passes columns through.
   */
  public static ColumnarBatch withResources(Schema schema, List<FieldVector> columns, int rowCount,
      int[] selection, int selectedCount, List<FieldVector> ownedColumns,
      List<? extends AutoCloseable> resources) {
    List<AutoCloseable> all = new ArrayList<>(ownedColumns);
    all.addAll(resources);
    return new ColumnarBatch(schema, columns, rowCount, selection, selectedCount, false, all);
  }

  /**
   * The same columns with another selection (null for all rows); the new batch takes this batch
   * over and closes it when closed.
   */
  public ColumnarBatch withSelection(int[] newSelection, int newSelectedCount) {
    return new ColumnarBatch(schema, columns, rowCount, newSelection, newSelectedCount, false,
        List.of(this));
  }

  public Schema schema() {
    return schema;
  }

  public List<FieldVector> columns() {
    return columns;
  }

  public FieldVector column(int index) {
    return columns.get(index);
  }

  public Field field(int index) {
    return schema.getFields().get(index);
  }

  /** Physical length of every column. */
  public int rowCount() {
    return rowCount;
  }

  /** The live rows, or null when all {@link #rowCount()} rows are live. */
  public int[] selection() {
    return selection;
  }

  /** Number of live rows. */
  public int selectedCount() {
    return selectedCount;
  }

  /** The physical position of the {@code index}-th live row. */
  public int position(int index) {
    return selection == null ? index : selection[index];
  }

  /**
   * A dense batch holding only the live rows; this batch is consumed (closed) either way. Returns
   * this batch itself when it has no selection.
   */
  public ColumnarBatch compact(BufferAllocator allocator) {
    if (selection == null) {
      return this;
    }
    List<FieldVector> copies = new ArrayList<>(columns.size());
    try {
      for (FieldVector column : columns) {
        copies.add(VectorGather.gather(column, selection, selectedCount, column.getField(),
            allocator));
      }
      return of(schema, copies, selectedCount);
    } catch (RuntimeException e) {
      copies.forEach(FieldVector::close);
      throw e;
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    if (ownsColumns) {
      for (FieldVector column : columns) {
        column.close();
      }
    }
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = SpateException.internal("failed to release a batch resource", e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
