package dev.spate.io.csv;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.io.FormatOptions;
import dev.spate.io.text.RowEncoder;
import dev.spate.io.text.TemporalValues;
import dev.spate.io.text.TextValues;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.types.DataTypes;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Spark's CSV writer through commons-csv: a header line with {@code header=true}, NULL as an
 * unquoted {@code nullValue} (default empty), timestamps as {@code 2020-01-01T00:00:00.000Z}.
 * Nested columns are rejected, as in Spark.
 */
public final class CsvRowEncoder implements RowEncoder {
  private final CSVFormat format;
  private final boolean header;
  private final Schema schema;
  private final TemporalValues temporal;

  public CsvRowEncoder(Schema schema, FormatOptions options, TemporalValues temporal) {
    this.schema = requireNonNull(schema, "schema is null");
    this.temporal = requireNonNull(temporal, "temporal is null");
    this.format = CsvOptions.format(options).builder()
        .setNullString(CsvOptions.nullValue(options)).get();
    this.header = CsvOptions.header(options);
    for (Field field : schema.getFields()) {
      ArrowType type = field.getType();
      if (type instanceof ArrowType.List || type instanceof ArrowType.Struct
          || type instanceof ArrowType.Map) {
        throw SpateException.analysis("[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource"
            + " doesn't support the column %s of the type %s.", field.getName(),
            DataTypes.sqlName(field));
      }
    }
  }

  @Override
  public Sink open(OutputStream output) throws IOException {
    CSVPrinter printer = new CSVPrinter(new BufferedWriter(
        new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16), format);
    if (header) {
      for (Field field : schema.getFields()) {
        printer.print(field.getName());
      }
      printer.println();
    }
    List<Field> fields = schema.getFields();
    return new Sink() {
      @Override
      public void write(ColumnarBatch batch, int position) throws IOException {
        for (int column = 0; column < fields.size(); column++) {
          FieldVector vector = batch.column(column);
          printer.print(vector.isNull(position) ? null
              : TextValues.format(vector, position, temporal));
        }
        printer.println();
      }

      @Override
      public void close() throws IOException {
        printer.close();
      }
    };
  }
}
