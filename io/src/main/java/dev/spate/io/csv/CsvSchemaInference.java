package dev.spate.io.csv;

import dev.spate.SpateException;
import dev.spate.io.FormatOptions;
import dev.spate.io.text.TemporalValues;
import dev.spate.io.text.TextFiles;
import dev.spate.io.text.TextValues;
import dev.spate.planner.types.DataTypes;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.fs.FileStatus;

/**
 * The schema of CSV files: column names from the header line of the first file ({@code
 * header=true}) or {@code _c0, _c1, ...}; types all STRING unless {@code inferSchema=true}, which
 * reads every record and picks for each column the narrowest of INT, BIGINT, DOUBLE, BOOLEAN,
 * TIMESTAMP that every non-null value parses as (INT widens to BIGINT and DOUBLE; any other conflict
 * gives STRING; a column that is only null is STRING).
 */
public final class CsvSchemaInference {
  private static final List<ArrowType> CANDIDATES = List.of(DataTypes.INT, DataTypes.BIGINT,
      DataTypes.DOUBLE, DataTypes.BOOLEAN, DataTypes.TIMESTAMP);

  private CsvSchemaInference() {}

  public static Schema infer(List<FileStatus> files, FormatOptions options) {
    CSVFormat format = CsvOptions.format(options);
    boolean header = CsvOptions.header(options);
    boolean inferTypes = options.getBoolean("inferSchema", false);
    String nullValue = CsvOptions.nullValue(options);
    TemporalValues temporal = new TemporalValues(options.get(FormatOptions.TIMESTAMP_FORMAT),
        options.get(FormatOptions.DATE_FORMAT), ZoneOffset.UTC); // the zone does not change what parses
    List<String> names = null;
    List<ArrowType> types = new ArrayList<>();
    for (FileStatus file : files) {
      try (BufferedReader reader = TextFiles.openReader(file.getPath());
          CSVParser parser = format.parse(reader)) {
        boolean first = true;
        for (CSVRecord record : parser) {
          if (names == null) {
            names = columnNames(record, header);
            for (int column = 0; column < names.size(); column++) {
              types.add(ArrowType.Null.INSTANCE);
            }
          }
          boolean isHeader = first && header;
          first = false;
          if (isHeader || !inferTypes) {
            continue;
          }
          for (int column = 0; column < Math.min(record.size(), types.size()); column++) {
            String text = record.get(column);
            if (!text.equals(nullValue)) {
              types.set(column, merge(types.get(column), inferValue(text, temporal)));
            }
          }
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        throw SpateException.io("cannot read csv file " + file.getPath() + ": " + e.getMessage(), e);
      }
      if (!inferTypes && names != null) {
        break;
      }
    }
    List<Field> fields = new ArrayList<>();
    for (int column = 0; names != null && column < names.size(); column++) {
      ArrowType type = types.get(column);
      fields.add(DataTypes.field(names.get(column),
          type instanceof ArrowType.Null ? DataTypes.STRING : type, true));
    }
    return new Schema(fields);
  }

  private static List<String> columnNames(CSVRecord record, boolean header) {
    List<String> names = new ArrayList<>(record.size());
    for (int column = 0; column < record.size(); column++) {
      String name = header ? record.get(column).trim() : "";
      names.add(name.isEmpty() ? "_c" + column : name);
    }
    return names;
  }

  private static ArrowType inferValue(String text, TemporalValues temporal) {
    for (ArrowType candidate : CANDIDATES) {
      try {
        TextValues.parse(text, candidate, temporal);
        return candidate;
      } catch (RuntimeException e) {
        // not this type; try the next wider one
      }
    }
    return DataTypes.STRING;
  }

  private static ArrowType merge(ArrowType left, ArrowType right) {
    if (left instanceof ArrowType.Null || left.equals(right)) {
      return right;
    }
    if (DataTypes.isNumeric(left) && DataTypes.isNumeric(right)) {
      int leftRank = CANDIDATES.indexOf(left);
      int rightRank = CANDIDATES.indexOf(right);
      return CANDIDATES.get(Math.max(leftRank, rightRank));
    }
    return DataTypes.STRING;
  }
}
