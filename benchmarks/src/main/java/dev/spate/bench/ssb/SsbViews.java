package dev.spate.bench.ssb;

import static java.util.Objects.requireNonNull;

import dev.spate.DataFrame;
import dev.spate.SpateSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * The SSB tables of one generation as temporary views of the sessions that run the queries,
 * registered on a session's first query of each storage variant and kept for the session's life,
 * so that later (timed) runs find them ready. The in-memory variant reads the Parquet files once
 * into the session's memory, where they stay until the session closes.
 *
 * <p>View names are {@code ssb_<variant>_<tag>_<table>}, so both variants and several generations
 * can share a session.
 */
final class SsbViews {
  private final SsbData data;
  private final String tag;
  private final Map<SpateSession, Map<StorageVariant, Registered>> sessions = new WeakHashMap<>();

  /**
   * @param tag distinguishes this generation's views from other generations' in one session; a
   *     SQL identifier fragment such as {@code sf0_01}
   */
  SsbViews(SsbData data, String tag) {
    this.data = requireNonNull(data, "data is null");
    this.tag = requireNonNull(tag, "tag is null");
  }

  SsbData data() {
    return data;
  }

  /** The views of {@code variant} in {@code session}, registering them on first use. */
  synchronized Registered register(SpateSession session, StorageVariant variant) {
    Map<StorageVariant, Registered> variants =
        sessions.computeIfAbsent(session, key -> new EnumMap<>(StorageVariant.class));
    Registered registered = variants.get(variant);
    if (registered == null) {
      registered = create(session, variant);
      variants.put(variant, registered);
    }
    return registered;
  }

  private Registered create(SpateSession session, StorageVariant variant) {
    String prefix = "ssb_" + variant.label() + "_" + tag + "_";
    Map<SsbTable, Long> bytes = new EnumMap<>(SsbTable.class);
    for (SsbTable table : SsbTable.values()) {
      String view = prefix + table.tableName();
      DataFrame files = session.read().parquet(data.tableDirectory(table).toString());
      if (variant == StorageVariant.PARQUET) {
        files.createOrReplaceTempView(view);
        bytes.put(table, data.parquetBytes(table));
      } else {
        try (ArrowReader reader = files.toArrow()) {
          session.fromArrow(reader).createOrReplaceTempView(view);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        bytes.put(table, arrowBytes(session.table(view)));
      }
    }
    return new Registered(prefix, bytes);
  }

  /** The Arrow buffer bytes of an in-memory table's batches. */
  private static long arrowBytes(DataFrame table) {
    long bytes = 0;
    try (ArrowReader reader = table.toArrow()) {
      while (reader.loadNextBatch()) {
        for (FieldVector vector : reader.getVectorSchemaRoot().getFieldVectors()) {
          bytes += vector.getBufferSize();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }

  /** The views of one variant in one session: their name prefix and the bytes of each table. */
  static final class Registered {
    private final String prefix;
    private final Map<SsbTable, Long> bytes;

    Registered(String prefix, Map<SsbTable, Long> bytes) {
      this.prefix = requireNonNull(prefix, "prefix is null");
      this.bytes = Map.copyOf(requireNonNull(bytes, "bytes is null"));
    }

    String prefix() {
      return prefix;
    }

    /** The stored bytes of {@code tables}: Parquet file bytes or Arrow buffer bytes. */
    long bytes(Set<SsbTable> tables) {
      long total = 0;
      for (SsbTable table : tables) {
        total += bytes.get(table);
      }
      return total;
    }
  }
}
