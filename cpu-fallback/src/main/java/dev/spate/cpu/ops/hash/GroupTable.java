package dev.spate.cpu.ops.hash;

import dev.spate.cpu.ops.vector.FixedWidthValues;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A hash table that numbers the distinct key tuples it sees {@code 0, 1, 2, ...} in order of first
 * appearance (group ids), with SQL grouping equality (NULL equals NULL, NaN equals NaN, -0.0 equals
 * 0.0). Keys are kept column-wise, never as boxed rows. Owns off-heap memory: close it.
 */
public interface GroupTable extends AutoCloseable {
  /**
   * Looks up rows {@code positions[0..count)} of {@code keys} (one vector per key column, of the
   * table's key types) and writes their group ids to {@code groupIds[0..count)}. With {@code
   * insert} new tuples get new ids; without it they get -1.
   */
  void findGroups(List<FieldVector> keys, int[] positions, int count, boolean insert,
      int[] groupIds);

  /** Number of groups so far. */
  int groupCount();

  /**
   * New vectors (of {@code fields}, which have the key types) holding the keys of groups {@code
   * from..from+count}; owned by the caller.
   */
  List<FieldVector> keyVectors(int from, int count, List<Field> fields, BufferAllocator allocator);

  @Override
  void close();

  /**
   * The best table for {@code keyFields}: a single group for no keys, primitive longs for one
   * fixed-width key, column vectors otherwise.
   */
  static GroupTable create(List<Field> keyFields, BufferAllocator allocator) {
    if (keyFields.isEmpty()) {
      return new SingleGroupTable();
    }
    if (keyFields.size() == 1 && FixedWidthValues.isKeyType(keyFields.get(0).getType())) {
      return new LongGroupTable();
    }
    return new VectorGroupTable(keyFields, allocator);
  }
}
