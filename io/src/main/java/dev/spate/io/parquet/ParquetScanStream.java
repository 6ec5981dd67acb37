package dev.spate.io.parquet;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorValues;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.types.DataTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.FileStatus;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads Parquet files row group by row group into Arrow batches of at most {@code batchRows} rows
 * (a batch never spans two row groups). Flat columns are copied by {@link LeafLoader}s straight from
 * Parquet's column readers; nested columns go through Parquet's record assembly ({@link
 * NestedValues}); requested columns missing from a file are NULL. Row groups whose statistics
 * exclude the pushed filters are skipped without reading their data. Lazy: the first file is opened
 * by the first {@link #next()}.
 */
final class ParquetScanStream implements BatchStream {
  private static final GroupConverter NO_OP_CONVERTER = new GroupConverter() {
    private final PrimitiveConverter primitive = new PrimitiveConverter() {};

    @Override
    public Converter getConverter(int fieldIndex) {
      return primitive;
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  };

  private enum Source { FLAT, NESTED, MISSING }

  private final List<FileStatus> files;
  private final Schema sourceSchema;
  private final Schema outputSchema;
  private final List<Expression> filters;
  private final BufferAllocator allocator;
  private final int batchRows;
  private final ParquetScanMetrics metrics;

  private int nextFile;
  private ParquetFileReader reader;
  private String currentFile;
  private List<BlockMetaData> blocks = List.of();
  private int nextBlock;
  private RowGroupPruner pruner;
  private Source[] sources;
  private LeafLoader[] loaders;
  private ColumnDescriptor[] descriptors;
  private int[] nestedIndexes;
  private MessageType flatSchema;
  private MessageType nestedSchema;
  private ColumnReader[] columnReaders;
  private RecordReader<Group> nestedReader;
  private long rowsLeft;
  private boolean closed;

  ParquetScanStream(List<FileStatus> files, Schema sourceSchema, Schema outputSchema,
      List<Expression> filters, BufferAllocator allocator, int batchRows,
      ParquetScanMetrics metrics) {
    this.files = List.copyOf(requireNonNull(files, "files is null"));
    this.sourceSchema = requireNonNull(sourceSchema, "sourceSchema is null");
    this.outputSchema = requireNonNull(outputSchema, "outputSchema is null");
    this.filters = List.copyOf(requireNonNull(filters, "filters is null"));
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.batchRows = Math.max(1, batchRows);
    this.metrics = requireNonNull(metrics, "metrics is null");
  }

  @Override
  public Schema schema() {
    return outputSchema;
  }

  @Override
  public ColumnarBatch next() {
    if (closed) {
      return null;
    }
    while (rowsLeft == 0) {
      if (!advanceRowGroup()) {
        return null;
      }
    }
    int rows = (int) Math.min(batchRows, rowsLeft);
    rowsLeft -= rows;
    return readBatch(rows);
  }

  private ColumnarBatch readBatch(int rows) {
    List<Field> fields = outputSchema.getFields();
    List<FieldVector> vectors = new ArrayList<>(fields.size());
    try {
      for (int column = 0; column < fields.size(); column++) {
        FieldVector vector = fields.get(column).createVector(allocator);
        vectors.add(vector);
        vector.setInitialCapacity(rows);
        vector.allocateNew();
        if (sources[column] == Source.FLAT) {
          loaders[column].load(columnReaders[column], vector, rows);
        }
      }
      if (nestedReader != null) {
        readNested(vectors, rows);
      }
      return ColumnarBatch.of(outputSchema, vectors, rows);
    } catch (SpateException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw ParquetFiles.readError(currentFile, e);
    }
  }

  private void readNested(List<FieldVector> vectors, int rows) {
    List<Field> fields = outputSchema.getFields();
    for (int row = 0; row < rows; row++) {
      Group record = nestedReader.read();
      for (int column = 0; column < fields.size(); column++) {
        if (sources[column] == Source.NESTED) {
          int index = nestedIndexes[column];
          Object value = NestedValues.field(record, index, nestedSchema.getType(index),
              fields.get(column));
          VectorValues.set(vectors.get(column), row, value);
        }
      }
    }
  }

  /** Moves to the next row group that may match the filters; false when all files are done. */
  private boolean advanceRowGroup() {
    try {
      while (true) {
        if (reader != null && nextBlock < blocks.size()) {
          BlockMetaData block = blocks.get(nextBlock++);
          if (!pruner.mightMatch(block)) {
            metrics.rowGroupSkipped();
            continue;
          }
          metrics.rowGroupRead();
          startRowGroup(block, nextBlock - 1);
          return true;
        }
        closeReader();
        if (nextFile >= files.size()) {
          return false;
        }
        openFile(files.get(nextFile++));
      }
    } catch (IOException e) {
      throw ParquetFiles.readError(currentFile, e);
    }
  }

  private void startRowGroup(BlockMetaData block, int blockIndex) throws IOException {
    columnReaders = new ColumnReader[sources.length];
    nestedReader = null;
    if (flatSchema.getFieldCount() == 0 && nestedSchema.getFieldCount() == 0) {
      rowsLeft = block.getRowCount();
      return;
    }
    PageReadStore rowGroup;
    try {
      rowGroup = reader.readRowGroup(blockIndex);
    } catch (RuntimeException e) {
      throw ParquetFiles.readError(currentFile, e);
    }
    if (rowGroup == null) {
      throw ParquetFiles.readError(currentFile, new IOException("row group " + blockIndex
          + " is missing"));
    }
    rowsLeft = rowGroup.getRowCount();
    String createdBy = reader.getFileMetaData().getCreatedBy();
    if (flatSchema.getFieldCount() > 0) {
      ColumnReadStoreImpl store =
          new ColumnReadStoreImpl(rowGroup, NO_OP_CONVERTER, flatSchema, createdBy);
      for (int column = 0; column < sources.length; column++) {
        if (sources[column] == Source.FLAT) {
          columnReaders[column] = store.getColumnReader(descriptors[column]);
        }
      }
    }
    if (nestedSchema.getFieldCount() > 0) {
      nestedReader = new ColumnIOFactory(createdBy).getColumnIO(nestedSchema)
          .getRecordReader(rowGroup, new GroupRecordConverter(nestedSchema));
    }
  }

  private void openFile(FileStatus file) {
    currentFile = file.getPath().toString();
    reader = ParquetFiles.open(file);
    metrics.fileOpened();
    MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
    Map<String, Integer> fileFields = new HashMap<>();
    for (int index = 0; index < fileSchema.getFieldCount(); index++) {
      fileFields.putIfAbsent(fileSchema.getType(index).getName().toLowerCase(Locale.ROOT), index);
    }
    List<Field> fields = outputSchema.getFields();
    sources = new Source[fields.size()];
    loaders = new LeafLoader[fields.size()];
    descriptors = new ColumnDescriptor[fields.size()];
    nestedIndexes = new int[fields.size()];
    List<Type> flatTypes = new ArrayList<>();
    List<Type> nestedTypes = new ArrayList<>();
    for (int column = 0; column < fields.size(); column++) {
      Field target = fields.get(column);
      Integer index = fileFields.get(target.getName().toLowerCase(Locale.ROOT));
      if (index == null) {
        sources[column] = Source.MISSING;
        continue;
      }
      Type fileType = fileSchema.getType(index);
      if (isLeaf(target) && fileType.isPrimitive()
          && !fileType.isRepetition(Type.Repetition.REPEATED)) {
        sources[column] = Source.FLAT;
        descriptors[column] = fileSchema.getColumnDescription(new String[] {fileType.getName()});
        loaders[column] = LeafLoader.create(fileType.asPrimitiveType(),
            descriptors[column].getMaxDefinitionLevel(), target, currentFile);
        if (!flatTypes.contains(fileType)) {
          flatTypes.add(fileType);
        }
      } else {
        Field fileField = ParquetSchemas.toArrow(fileType);
        if (isLeaf(target) || !DataTypes.sameType(fileField, target)) {
          throw SpateException.io("[FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH] Parquet"
              + " column " + target.getName() + " in file " + currentFile + " has type "
              + DataTypes.sqlName(fileField) + " but the schema expects "
              + DataTypes.sqlName(target), null);
        }
        sources[column] = Source.NESTED;
        if (!nestedTypes.contains(fileType)) {
          nestedTypes.add(fileType);
        }
        nestedIndexes[column] = nestedTypes.indexOf(fileType);
      }
    }
    flatSchema = new MessageType(fileSchema.getName(), flatTypes);
    nestedSchema = new MessageType(fileSchema.getName(), nestedTypes);
    List<Type> requested = new ArrayList<>(flatTypes);
    requested.addAll(nestedTypes);
    reader.setRequestedSchema(new MessageType(fileSchema.getName(), requested));
    blocks = reader.getRowGroups();
    nextBlock = 0;
    pruner = new RowGroupPruner(filters, sourceSchema, chunkIndexes(blocks));
  }

  private static boolean isLeaf(Field field) {
    ArrowType type = field.getType();
    return !(type instanceof ArrowType.List || type instanceof ArrowType.Struct
        || type instanceof ArrowType.Map);
  }

  private static Map<String, Integer> chunkIndexes(List<BlockMetaData> blocks) {
    Map<String, Integer> indexes = new HashMap<>();
    if (blocks.isEmpty()) {
      return indexes;
    }
    List<ColumnChunkMetaData> columns = blocks.get(0).getColumns();
    for (int index = 0; index < columns.size(); index++) {
      String[] path = columns.get(index).getPath().toArray();
      if (path.length == 1) {
        indexes.putIfAbsent(path[0].toLowerCase(Locale.ROOT), index);
      }
    }
    return indexes;
  }

  private void closeReader() throws IOException {
    columnReaders = null;
    nestedReader = null;
    if (reader != null) {
      ParquetFileReader toClose = reader;
      reader = null;
      toClose.close();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeReader();
    } catch (IOException e) {
      throw SpateException.io("cannot close Parquet file " + currentFile + ": " + e.getMessage(), e);
    }
  }
}
