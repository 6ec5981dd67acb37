package dev.spate.cpu.expr;

import dev.spate.SpateException;
import dev.spate.cpu.expr.functions.Arithmetic;
import dev.spate.cpu.expr.functions.Comparisons;
import dev.spate.cpu.expr.functions.ComplexFunctions;
import dev.spate.cpu.expr.functions.Conditionals;
import dev.spate.cpu.expr.functions.DateFunctions;
import dev.spate.cpu.expr.functions.JsonFunctions;
import dev.spate.cpu.expr.functions.MathFunctions;
import dev.spate.cpu.expr.functions.Predicates;
import dev.spate.cpu.expr.functions.StringFunctions;
import dev.spate.planner.expr.Call;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The CPU kernels by canonical function name (see {@link dev.spate.planner.expr.FunctionNames}). */
public final class FunctionRegistry {
  private static final Map<String, KernelFactory> FACTORIES = build();

  private FunctionRegistry() {}

  private static Map<String, KernelFactory> build() {
    Map<String, KernelFactory> factories = new HashMap<>();
    Arithmetic.register(factories);
    Comparisons.register(factories);
    Predicates.register(factories);
    Conditionals.register(factories);
    StringFunctions.register(factories);
    DateFunctions.register(factories);
    MathFunctions.register(factories);
    ComplexFunctions.register(factories);
    JsonFunctions.register(factories);
    return Map.copyOf(factories);
  }

  /** True when the CPU backend has a kernel for {@code name}. */
  public static boolean supports(String name) {
    return FACTORIES.containsKey(name);
  }

  /** The node evaluating {@code call}; a PLAN error names an unknown function. */
  public static EvalNode create(Call call, List<EvalNode> arguments) {
    KernelFactory factory = FACTORIES.get(call.name());
    if (factory == null) {
      throw SpateException.plan("the CPU backend has no function named '%s' (in %s)", call.name(),
          call.sql());
    }
    return factory.create(call, arguments);
  }
}
