package dev.spate.codegen;

import dev.spate.planner.config.ConfigKey;
import dev.spate.planner.config.SpateConfig;
import java.util.List;

/**
 * Configuration keys of the codegen backend (besides {@link SpateConfig#CODEGEN_ENABLED} and
 * {@link SpateConfig#FAIL_ON_FALLBACK}, declared by the planner).
 */
public final class CodegenConfig {
  public static final ConfigKey<String> DUMP_SOURCE = ConfigKey.stringKey(
      "spate.codegen.dumpSource", "",
      "a directory to write every generated class's source to (<fingerprint>.java); empty: off");
  public static final ConfigKey<Integer> MAX_METHOD_BYTES = ConfigKey.intKey(
      "spate.codegen.maxMethodBytes", 8000,
      "largest bytecode size of a generated method; larger ones fall back to the interpreted path"
          + " (HotSpot does not JIT-compile methods over 8000 bytes)");
  public static final ConfigKey<Integer> METHOD_BUDGET = ConfigKey.intKey(
      "spate.codegen.methodExpressionNodes", 96,
      "expression nodes per generated method before the work is split into several methods");
  public static final ConfigKey<Boolean> VECTORIZE = ConfigKey.booleanKey(
      "spate.codegen.vectorize", true,
      "run keyless aggregations over BIGINT, DOUBLE and INT columns on SIMD lanes through the JDK's"
          + " Vector API when the JVM resolves it (--add-modules jdk.incubator.vector)");
  public static final ConfigKey<Boolean> FORCE_COMPILE_ERROR = ConfigKey.booleanKey(
      "spate.codegen.test.forceCompileError", false,
      "tests only: make every generated class fail to compile, to exercise the fallback");

  public static final List<ConfigKey<?>> KEYS =
      List.of(DUMP_SOURCE, MAX_METHOD_BYTES, METHOD_BUDGET, VECTORIZE, FORCE_COMPILE_ERROR);

  private CodegenConfig() {}
}
