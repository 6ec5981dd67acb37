package dev.spate.codegen.generate;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The generated source of one pipeline and what its runner needs besides the class: the literal
 * values to bind, where each output column comes from, and the aggregation layout. The source alone
 * is the class cache key (the normalised plan fingerprint: literals are parameters, not text).
 */
public final class GeneratedSource {
  private final String source;
  private final Object[] parameters;
  private final int[] passThrough;
  private final int[] computed;
  private final boolean[] computedNeverNull;
  private final boolean[] computedNeverNullWithoutNulls;
  private final List<AggregateLayout> layouts;
  private final StateLayout stateLayout;
  private final List<Integer> columns;

  GeneratedSource(String source, Object[] parameters, int[] passThrough, int[] computed,
      boolean[] computedNeverNull, boolean[] computedNeverNullWithoutNulls,
      List<AggregateLayout> layouts, StateLayout stateLayout, List<Integer> columns) {
    this.source = source;
    this.parameters = parameters.clone();
    this.passThrough = passThrough.clone();
    this.computed = computed.clone();
    this.computedNeverNull = computedNeverNull.clone();
    this.computedNeverNullWithoutNulls = computedNeverNullWithoutNulls.clone();
    this.layouts = List.copyOf(layouts);
    this.stateLayout = requireNonNull(stateLayout, "stateLayout is null");
    this.columns = List.copyOf(columns);
  }

  /** The input columns the generated code reads (their buffer addresses must be passed). */
  public List<Integer> columns() {
    return columns;
  }

  public String source() {
    return source;
  }

  /** The literal values for {@code bind}, in parameter order. */
  public Object[] parameters() {
    return parameters.clone();
  }

  /** Per output column of a projection pipeline: the input column passed through, or -1. */
  public int passThrough(int output) {
    return passThrough[output];
  }

  /** Per output column of a projection pipeline: its index among the computed outputs, or -1. */
  public int computed(int output) {
    return computed[output];
  }

  public int computedCount() {
    return computedNeverNull.length;
  }

  /**
   * Whether computed output {@code index} is never NULL (its validity is then set in bulk by the
   * runner, not by the generated code), in a batch where {@code noNullInputs}: none of {@link
   * #columns()} has a NULL (the projection then runs its variant without NULL tests).
   */
  public boolean computedNeverNull(int index, boolean noNullInputs) {
    return noNullInputs ? computedNeverNullWithoutNulls[index] : computedNeverNull[index];
  }

  /** The state layout of each aggregate of an aggregation pipeline. */
  public List<AggregateLayout> layouts() {
    return layouts;
  }

  /** Where the per-group state of an aggregation pipeline lives (no slots for a projection). */
  public StateLayout stateLayout() {
    return stateLayout;
  }
}
