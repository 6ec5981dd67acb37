package dev.spate.cpu.expr;

import dev.spate.planner.expr.Call;
import java.util.List;

/** Builds the node that evaluates one call of a function, given its compiled arguments. */
@FunctionalInterface
public interface KernelFactory {
  /**
   * @param call the resolved call (its arguments, e.g. literal patterns, and its result type)
   * @param arguments the compiled arguments, in order
   */
  EvalNode create(Call call, List<EvalNode> arguments);
}
