package dev.spate.streaming;

/**
 * A two-argument callback that returns nothing, Spark's {@code VoidFunction2}; used by {@link
 * DataStreamWriter#foreachBatch}. It declares no checked exception, so a lambda {@code (batch, id)
 * -> ...} compiles; a runtime exception thrown by it fails the query.
 */
@FunctionalInterface
public interface VoidFunction2<T1, T2> {
  void call(T1 first, T2 second);
}
