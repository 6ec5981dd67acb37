package dev.spate.planner;

import dev.spate.SpateException;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.spi.PlacedPlan;
import java.util.Locale;

/**
 * The text of {@code EXPLAIN} / {@code DataFrame.explain(mode)}: {@code simple} prints the physical
 * plan; {@code extended} the parsed, analyzed and optimized logical plans and the physical plan,
 * under Spark's headers ({@code == Parsed Logical Plan ==} ...); {@code placement} the physical plan
 * with the backend of every node and the reasons faster backends were not used.
 *
 * <p>Usage: {@code Explain.text("extended", parsed, analyzed, optimized, physical, placed)}; the
 * plans a mode does not print may be null ({@code placed} is only needed by {@code placement}).
 */
public final class Explain {
  private Explain() {}

  public static String text(String mode, LogicalPlan parsed, LogicalPlan analyzed,
      LogicalPlan optimized, PhysicalNode physical, PlacedPlan placed) {
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "simple":
        return "== Physical Plan ==\n" + treeString(physical);
      case "extended":
        return "== Parsed Logical Plan ==\n" + parsed.treeString()
            + "\n== Analyzed Logical Plan ==\n" + analyzed.treeString()
            + "\n== Optimized Logical Plan ==\n" + optimized.treeString()
            + "\n== Physical Plan ==\n" + treeString(physical);
      case "placement":
        if (placed == null) {
          throw SpateException.internal("explain placement needs a placed plan", null);
        }
        return "== Physical Plan (placement) ==\n" + placed.treeString(true);
      default:
        throw SpateException.analysis("Unknown explain mode: %s. Accepted explain modes are"
            + " 'simple', 'extended', 'placement'.", mode);
    }
  }

  /** The physical tree, one node per line, indented like {@link LogicalPlan#treeString()}. */
  public static String treeString(PhysicalNode node) {
    StringBuilder text = new StringBuilder();
    append(text, node, 0);
    return text.toString();
  }

  private static void append(StringBuilder text, PhysicalNode node, int depth) {
    text.append("  ".repeat(depth)).append(depth == 0 ? "" : "+- ").append(node.name());
    String parameters = node.explainParams();
    if (!parameters.isEmpty()) {
      text.append(' ').append(parameters);
    }
    text.append('\n');
    for (PhysicalNode child : node.children()) {
      append(text, child, depth + 1);
    }
  }
}
