package dev.spate.planner.spi;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.physical.PhysicalNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A physical plan with a backend chosen for every node and the reasons the faster backends were
 * not chosen. Immutable; {@link #open(ExecContext)} starts one execution.
 */
public final class PlacedPlan {
  private final PhysicalNode node;
  private final Backend backend;
  private final List<String> reasons;
  private final List<PlacedPlan> children;

  public PlacedPlan(PhysicalNode node, Backend backend, List<String> reasons,
      List<PlacedPlan> children) {
    this.node = requireNonNull(node, "node is null");
    this.backend = requireNonNull(backend, "backend is null");
    this.reasons = List.copyOf(reasons);
    this.children = List.copyOf(children);
  }

  /**
   * Places every node of {@code plan} on the first of {@code backends} (fastest first) that
   * supports it, then lets every backend that is a {@link PlacementRefiner} refine the whole tree.
   */
  public static PlacedPlan place(PhysicalNode plan, List<Backend> backends,
      dev.spate.planner.config.SpateConfig config) {
    PlacedPlan placed = placeNodes(plan, backends, config);
    for (Backend backend : backends) {
      if (backend instanceof PlacementRefiner) {
        placed = ((PlacementRefiner) backend).refine(placed, backends, config);
      }
    }
    return placed;
  }

  private static PlacedPlan placeNodes(PhysicalNode plan, List<Backend> backends,
      dev.spate.planner.config.SpateConfig config) {
    List<PlacedPlan> placedChildren = new ArrayList<>();
    for (PhysicalNode child : plan.children()) {
      placedChildren.add(placeNodes(child, backends, config));
    }
    List<String> reasons = new ArrayList<>();
    for (Backend backend : backends) {
      java.util.Optional<String> reason = backend.unsupportedReason(plan, config);
      if (reason.isEmpty()) {
        return new PlacedPlan(plan, backend, reasons, placedChildren);
      }
      reasons.add(backend.kind().name().toLowerCase(Locale.ROOT) + ": " + reason.get());
    }
    throw dev.spate.SpateException.plan("no backend can run %s: %s", plan.name(), reasons);
  }

  public PhysicalNode node() {
    return node;
  }

  public Backend backend() {
    return backend;
  }

  /** Why each faster backend did not take this node ("codegen: ..."). */
  public List<String> reasons() {
    return reasons;
  }

  public List<PlacedPlan> children() {
    return children;
  }

  /** Opens the whole tree; the returned stream owns every stream below it. */
  public BatchStream open(ExecContext context) {
    List<BatchStream> inputs = new ArrayList<>(children.size());
    try {
      for (PlacedPlan child : children) {
        inputs.add(child.open(context));
      }
      return backend.open(node, inputs, context);
    } catch (RuntimeException e) {
      for (BatchStream input : inputs) {
        input.close();
      }
      throw e;
    }
  }

  /**
   * The tree, one node per line, each tagged with its backend ({@code [cpu]}) and, when {@code
   * withReasons}, the reasons faster backends were not used.
   */
  public String treeString(boolean withReasons) {
    StringBuilder text = new StringBuilder();
    append(text, 0, withReasons);
    return text.toString();
  }

  private void append(StringBuilder text, int depth, boolean withReasons) {
    String indent = "  ".repeat(depth);
    text.append(indent).append(depth == 0 ? "" : "+- ").append(node.name()).append(" [")
        .append(backend.kind().name().toLowerCase(Locale.ROOT)).append("] ")
        .append(node.explainParams()).append('\n');
    if (withReasons) {
      for (String reason : reasons) {
        text.append(indent).append(depth == 0 ? "" : "   ").append("   ! ").append(reason)
            .append('\n');
      }
    }
    for (PlacedPlan child : children) {
      child.append(text, depth + 1, withReasons);
    }
  }
}
