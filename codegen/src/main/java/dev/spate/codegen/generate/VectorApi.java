package dev.spate.codegen.generate;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * How generated code reaches the JDK's incubating Vector API ({@code jdk.incubator.vector}), which
 * the JVM resolves only when started with {@code --add-modules jdk.incubator.vector}. JDK 17 loads
 * vectors from a {@code ByteBuffer}; JDK 19 replaced those methods by loads from a {@code
 * MemorySegment}, final since JDK 22. Either view wraps an Arrow buffer's address without copying.
 */
public enum VectorApi {
  /** JDK 17 and 18: {@code LongVector.fromByteBuffer}. */
  BYTE_BUFFER,
  /** JDK 22 and later: {@code LongVector.fromMemorySegment}. */
  MEMORY_SEGMENT;

  private static final String PACKAGE = "jdk.incubator.vector";
  private static final Optional<VectorApi> AVAILABLE = detect();

  /**
   * The flavour this JVM offers, or empty when the module is not resolved (or the JDK offers
   * neither).
   */
  public static Optional<VectorApi> available() {
    return AVAILABLE;
  }

  private static Optional<VectorApi> detect() {
    if (ModuleLayer.boot().findModule(PACKAGE).isEmpty()) {
      return Optional.empty();
    }
    try {
      Class<?> longVector = Class.forName(PACKAGE + ".LongVector");
      Class<?> species = Class.forName(PACKAGE + ".VectorSpecies");
      for (Method method : longVector.getMethods()) {
        if (method.getName().equals("fromByteBuffer")) {
          return Optional.of(BYTE_BUFFER);
        }
      }
      if (Runtime.version().feature() >= 22) {
        longVector.getMethod("fromMemorySegment", species,
            Class.forName("java.lang.foreign.MemorySegment"), long.class,
            java.nio.ByteOrder.class);
        return Optional.of(MEMORY_SEGMENT);
      }
    } catch (ReflectiveOperationException | LinkageError absent) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * The Java statement declaring {@code name}, a view of the {@code bytes} bytes at address {@code
   * address} that {@link #load} reads.
   */
  String view(String name, String address, String bytes) {
    String buffer = "MemoryUtil.directBuffer(" + address + ", " + bytes + ")";
    return this == BYTE_BUFFER ? "final java.nio.ByteBuffer " + name + " = " + buffer
        : "final java.lang.foreign.MemorySegment " + name
            + " = java.lang.foreign.MemorySegment.ofBuffer(" + buffer + ")";
  }

  /**
   * The load of a {@code vectorClass} ({@code LongVector}, {@code DoubleVector}, {@code
   * IntVector}) of {@code species} from view {@code view} at row {@code row} of {@code 1 << shift}
   * byte values, in native byte order (as {@code MemoryUtil} reads), only the lanes of {@code mask}
   * when it is not null.
   */
  String load(String vectorClass, String species, String view, String row, int shift,
      String mask) {
    String method = this == BYTE_BUFFER ? "fromByteBuffer" : "fromMemorySegment";
    String offset = (this == BYTE_BUFFER ? row : "(long) " + row) + " << " + shift;
    return vectorClass + "." + method + "(" + species + ", " + view + ", " + offset
        + ", java.nio.ByteOrder.nativeOrder()" + (mask == null ? "" : ", " + mask) + ")";
  }
}
