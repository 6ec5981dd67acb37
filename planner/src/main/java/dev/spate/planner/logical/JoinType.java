package dev.spate.planner.logical;

/** Join types with Spark's names (as accepted by {@code DataFrame.join(right, cond, type)}). */
public enum JoinType {
  INNER, LEFT_OUTER, RIGHT_OUTER, FULL_OUTER, LEFT_SEMI, LEFT_ANTI, CROSS;

  /** Parses Spark's join type names: inner, cross, outer, full, fullouter, full_outer, left, leftouter, ... */
  public static JoinType parse(String name) {
    String normalized = name.toLowerCase(java.util.Locale.ROOT).replace("_", "");
    switch (normalized) {
      case "inner":
        return INNER;
      case "cross":
        return CROSS;
      case "outer":
      case "full":
      case "fullouter":
        return FULL_OUTER;
      case "left":
      case "leftouter":
        return LEFT_OUTER;
      case "right":
      case "rightouter":
        return RIGHT_OUTER;
      case "semi":
      case "leftsemi":
        return LEFT_SEMI;
      case "anti":
      case "leftanti":
        return LEFT_ANTI;
      default:
        throw dev.spate.SpateException.analysis(
            "Unsupported join type '%s'. Supported join types include: inner, outer, full,"
                + " fullouter, full_outer, left, leftouter, left_outer, right, rightouter,"
                + " right_outer, leftsemi, left_semi, semi, leftanti, left_anti, anti, cross", name);
    }
  }

  /** True when the output has only the left side's columns. */
  public boolean leftOnly() {
    return this == LEFT_SEMI || this == LEFT_ANTI;
  }
}
