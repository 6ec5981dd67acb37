package dev.spate.bench.ssb;

import dev.spate.bench.GeneratedBatches;
import dev.spate.io.FileFormats;
import dev.spate.io.WriteResult;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.spi.ExecContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A deterministic generator of the Star Schema Benchmark's data (O'Neil et al., derived from TPC-H
 * dbgen): the same scale factor and seed always give the same rows. Sizes at scale factor SF:
 * lineorder about SF × 6,000,000 rows (SF × 1,500,000 orders of 1 to 7 lines), customer SF ×
 * 30,000, supplier SF × 2,000 (at least {@value #MIN_SUPPLIERS}), part 200,000 × ⌊1 + log₂ SF⌋
 * (for SF below 1, 200,000 × SF but at least {@value #MIN_PARTS}), date 2,557 days. The minimums
 * keep tiny scale factors' selective queries (one brand, one nation's suppliers) from coming out
 * empty; Q3.4 (two cities on each side and one month) still selects nothing below about SF 0.5. Each table is written as Parquet (snappy) into its
 * own directory, built and written one Arrow batch at a time, so memory use does not grow with the
 * scale factor.
 *
 * <p>A properties file {@value #MARKER} written last records the data version, scale factor, seed
 * and row counts: {@link #prepare} reuses a directory that has a matching one and regenerates anything
 * else, such as an interrupted generation.
 */
public final class SsbGenerator {
  /** The completion marker, written after every table. */
  public static final String MARKER = "_SSB_COMPLETE";
  /** The fewest parts generated, so that small scale factors still cover the 1,000 brands. */
  public static final int MIN_PARTS = 5_000;
  /** The fewest suppliers generated, so that small scale factors still cover the 250 cities. */
  public static final int MIN_SUPPLIERS = 250;

  /**
   * The version of the generated data, recorded in the marker: change it whenever the generator's
   * output changes, so that older generations are regenerated rather than reused (and regenerate
   * the shipped answers).
   */
  private static final String DATA_VERSION = "1";
  private static final int BATCH_ROWS = 65_536;

  private final double scaleFactor;
  private final long seed;

  public SsbGenerator(double scaleFactor, long seed) {
    if (!(scaleFactor > 0) || scaleFactor * 1_500_000 > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("scale factor must be in (0, 1431], got " + scaleFactor);
    }
    this.scaleFactor = scaleFactor;
    this.seed = seed;
  }

  public int orders() {
    return scaled(1_500_000);
  }

  public int customers() {
    return scaled(30_000);
  }

  public int suppliers() {
    return Math.max(MIN_SUPPLIERS, scaled(2_000));
  }

  public int parts() {
    if (scaleFactor < 1) {
      return Math.max(MIN_PARTS, scaled(200_000));
    }
    return 200_000 * (int) Math.floor(1 + Math.log(scaleFactor) / Math.log(2));
  }

  /**
   * The data under {@code directory}: reused when a complete generation for this scale factor and
   * seed is there, generated (replacing whatever is there) otherwise.
   */
  public SsbData prepare(Path directory) throws IOException {
    SsbData existing = readMarker(directory);
    if (existing != null) {
      return existing;
    }
    Files.createDirectories(directory);
    Files.deleteIfExists(directory.resolve(MARKER));
    Map<SsbTable, Long> rows = new EnumMap<>(SsbTable.class);
    try (BufferAllocator allocator = new RootAllocator()) {
      ExecContext context = new ExecContext(allocator, new SpateConfig(Map.of()), 0L);
      for (SsbTable table : SsbTable.values()) {
        TableRows tableRows = rows(table);
        GeneratedBatches batches = new GeneratedBatches(table.schema(), allocator, BATCH_ROWS,
            (vectors, capacity) -> tableRows.fill(new BatchColumns(vectors), capacity));
        WriteResult result = FileFormats.write("parquet",
            directory.resolve(table.tableName()).toString(), "overwrite", Map.of(), batches,
            context);
        rows.put(table, result.rows());
      }
    }
    writeMarker(directory, rows);
    return new SsbData(directory, rows);
  }

  private TableRows rows(SsbTable table) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L * (table.ordinal() + 1));
    switch (table) {
      case LINEORDER:
        return new LineorderRows(orders(), customers(), parts(), suppliers(), random);
      case CUSTOMER:
        return DimensionRows.customers(customers(), random);
      case SUPPLIER:
        return DimensionRows.suppliers(suppliers(), random);
      case PART:
        return DimensionRows.parts(parts(), random);
      default:
        return DimensionRows.dates();
    }
  }

  private int scaled(int rowsAtScaleOne) {
    return (int) Math.max(1, Math.round(scaleFactor * rowsAtScaleOne));
  }

  /** The scale factor as written in markers and answer keys: {@code 0.01}, {@code 1}. */
  static String scaleText(double scaleFactor) {
    return BigDecimal.valueOf(scaleFactor).stripTrailingZeros().toPlainString();
  }

  private SsbData readMarker(Path directory) throws IOException {
    Path marker = directory.resolve(MARKER);
    if (!Files.isRegularFile(marker)) {
      return null;
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(marker)) {
      properties.load(in);
    }
    if (!DATA_VERSION.equals(properties.getProperty("version"))
        || !scaleText(scaleFactor).equals(properties.getProperty("scaleFactor"))
        || !Long.toString(seed).equals(properties.getProperty("seed"))) {
      return null;
    }
    Map<SsbTable, Long> rows = new EnumMap<>(SsbTable.class);
    for (SsbTable table : SsbTable.values()) {
      String count = properties.getProperty("rows." + table.tableName());
      if (count == null || !Files.isDirectory(directory.resolve(table.tableName()))) {
        return null;
      }
      rows.put(table, Long.parseLong(count));
    }
    return new SsbData(directory, rows);
  }

  private void writeMarker(Path directory, Map<SsbTable, Long> rows) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("version", DATA_VERSION);
    properties.setProperty("scaleFactor", scaleText(scaleFactor));
    properties.setProperty("seed", Long.toString(seed));
    rows.forEach((table, count) -> properties.setProperty("rows." + table.tableName(),
        Long.toString(count)));
    Path temporary = directory.resolve(MARKER + ".tmp");
    try (OutputStream out = Files.newOutputStream(temporary)) {
      properties.store(out, "SSB data generated by Spate");
    }
    Files.move(temporary, directory.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
