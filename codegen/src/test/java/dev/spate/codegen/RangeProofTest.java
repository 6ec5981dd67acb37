package dev.spate.codegen;

import static dev.spate.codegen.PlanRunner.ANSI;
import static dev.spate.codegen.PlanRunner.BIGINT;
import static dev.spate.codegen.PlanRunner.BOOLEAN;
import static dev.spate.codegen.PlanRunner.INT;
import static dev.spate.codegen.PlanRunner.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spate.SpateException;
import dev.spate.codegen.generate.PipelineGenerator;
import dev.spate.codegen.generate.PipelineSpec;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keyless ANSI aggregations whose batches are proven free of overflow run without checks
 * (RangeProof): values whose ranges just fit give the exact results, values that just overflow (in
 * an expression, a narrower type, a negation or the running sum) raise the same errors as before.
 * Expected values are computed in plain Java with {@link Math}'s exact operations.
 */
class RangeProofTest {
  private static final Field A = DataTypes.field("a", DataTypes.BIGINT, true);
  private static final Field B = DataTypes.field("b", DataTypes.INT, true);
  private static final Field F = DataTypes.field("f", DataTypes.DOUBLE, true);
  private static final Schema SCHEMA = new Schema(List.of(A, B, F));

  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  private static Expression a() {
    return new ColumnRef(0, "a", A);
  }

  private static Expression b() {
    return new ColumnRef(1, "b", B);
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  /** SELECT sum(value) FROM rows WHERE f > 0. */
  private static PhysicalNode sumWherePositive(TableSource table, Expression value) {
    FilterExec filter = new FilterExec(call(FunctionNames.GREATER_THAN, BOOLEAN,
        new ColumnRef(2, "f", F), Literal.ofDouble(0)), PlanRunner.scan(table));
    return new HashAggregateExec(List.of(), List.of(),
        List.of(new AggregateCall("sum", List.of(value), false, BIGINT)), List.of("s"), filter);
  }

  private Object sum(List<List<Object>> rows, int batchRows, Expression value) {
    PlacedPlan placed = PlanRunner.place(sumWherePositive(PlanRunner.table(SCHEMA, rows,
        batchRows), value), ANSI);
    assertThat(placed.backend().kind()).isEqualTo(Backend.Kind.CODEGEN);
    List<List<Object>> result = PlanRunner.run(placed, ANSI, allocator);
    assertThat(result).hasSize(1);
    return result.get(0).get(0);
  }

  /** a * 3 + 7. */
  private static Expression affine() {
    return call(FunctionNames.ADD, BIGINT,
        call(FunctionNames.MULTIPLY, BIGINT, a(), Literal.ofLong(3)), Literal.ofLong(7));
  }

  @Test
  void theProvenLoopIsGeneratedBesideTheCheckedOnes() {
    TableSource table = PlanRunner.table(SCHEMA, List.of(row(1L, 1, 1.0)), 1);
    List<PhysicalNode> chain = new ArrayList<>();
    PhysicalNode plan = sumWherePositive(table, affine());
    chain.add(plan.child());
    chain.add(plan);
    String source = PipelineGenerator.generate(PipelineSpec.of(chain), true, 96,
        Optional.empty()).source();
    assertThat(source).contains("unchecked", "highestOneBit", "branchFree", "exact");
  }

  @Test
  void anExpressionWhoseRangeJustFitsGivesItsExactValue() {
    long largest = (Long.MAX_VALUE - 7) / 3;
    long smallest = Long.MIN_VALUE / 3;
    assertThat(sum(List.of(row(largest, 1, 1.0)), 4, affine()))
        .isEqualTo(Math.addExact(Math.multiplyExact(largest, 3L), 7L));
    assertThat(sum(List.of(row(smallest, 1, 1.0)), 4, affine()))
        .isEqualTo(Math.addExact(Math.multiplyExact(smallest, 3L), 7L));
  }

  @Test
  void anExpressionThatJustOverflowsRaisesItsError() {
    long largest = (Long.MAX_VALUE - 7) / 3;
    assertThatThrownBy(() -> sum(List.of(row(1L, 1, 1.0), row(largest + 1, 1, 1.0)), 4,
        affine())).isInstanceOf(SpateException.class)
        .hasMessageContaining("long overflow").hasMessageContaining("try_add");
    long smallest = Long.MIN_VALUE / 3;
    assertThatThrownBy(() -> sum(List.of(row(smallest - 1, 1, 1.0)), 4, affine()))
        .isInstanceOf(SpateException.class).hasMessageContaining("try_multiply");
  }

  @Test
  void nullValuesAndNullFiltersAreSkippedByTheProvenLoop() {
    List<List<Object>> rows = List.of(row(2L, 1, 1.0), row(null, 1, 1.0), row(3L, 1, null),
        row(-4L, 1, 1.0), row(5L, 1, -1.0));
    // kept with a value: 2 and -4
    assertThat(sum(rows, 8, affine())).isEqualTo(2L * 3 + 7 + -4L * 3 + 7);
  }

  @Test
  void aFilteredOutRowOutOfRangeRaisesNothing() {
    long huge = Long.MAX_VALUE / 2;
    // the proof fails on the huge value, the checked loops skip its filtered-out row
    assertThat(sum(List.of(row(2L, 1, 1.0), row(huge, 1, -1.0), row(3L, 1, 1.0)), 4, affine()))
        .isEqualTo(2L * 3 + 7 + 3L * 3 + 7);
  }

  @Test
  void integerArithmeticIsCheckedAgainstTheIntegerRange() {
    Expression doubled = new Cast(call(FunctionNames.ADD, INT, b(), b()), BIGINT);
    int half = Integer.MAX_VALUE / 2;
    assertThat(sum(List.of(row(1L, half, 1.0), row(1L, -half - 1, 1.0)), 4, doubled))
        .isEqualTo((long) (half + half) + (-half - 1) * 2);
    assertThatThrownBy(() -> sum(List.of(row(1L, half + 1, 1.0)), 4, doubled))
        .isInstanceOf(SpateException.class).hasMessageContaining("integer overflow");
  }

  @Test
  void negationOfTheSmallestIntegerOverflows() {
    Expression negated = new Cast(call(FunctionNames.NEGATIVE, INT, b()), BIGINT);
    assertThat(sum(List.of(row(1L, -Integer.MAX_VALUE, 1.0), row(1L, 5, 1.0)), 4, negated))
        .isEqualTo((long) Integer.MAX_VALUE - 5);
    assertThatThrownBy(() -> sum(List.of(row(1L, Integer.MIN_VALUE, 1.0)), 4, negated))
        .isInstanceOf(SpateException.class).hasMessageContaining("integer overflow");
  }

  @Test
  void aRunningSumThatJustFitsAcrossBatchesIsExact() {
    // 7 * (MAX / 7) is MAX exactly (7 divides 2^63 - 1): the proof's power-of-two bound fails
    long seventh = Long.MAX_VALUE / 7;
    List<List<Object>> rows = new ArrayList<>();
    for (int index = 0; index < 7; index++) {
      rows.add(row(seventh, 1, 1.0));
    }
    assertThat(sum(rows, 4, a())).isEqualTo(Long.MAX_VALUE);
    List<List<Object>> negative = new ArrayList<>();
    for (int index = 0; index < 7; index++) {
      negative.add(row(-seventh, 1, 1.0));
    }
    negative.add(row(-1L, 1, 1.0));
    assertThat(sum(negative, 4, a())).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void aRunningSumAtTheProofsBoundIsExact() {
    // values below 2^61 are bounded by 2^61 - 1: 4 rows prove 2^63 - 4, then a batch of one 3
    // proves 2^63 - 4 + 3 = MAX; one more row overflows
    long value = (1L << 61) - 1;
    List<List<Object>> rows = new ArrayList<>();
    for (int index = 0; index < 4; index++) {
      rows.add(row(value, 1, 1.0));
    }
    rows.add(row(3L, 1, 1.0));
    assertThat(sum(rows, 4, a())).isEqualTo(Long.MAX_VALUE);
    rows.add(row(1L, 1, 1.0));
    assertThatThrownBy(() -> sum(rows, 4, a())).isInstanceOf(SpateException.class)
        .hasMessageContaining("try_sum");
  }

  @Test
  void aRunningSumThatJustOverflowsRaisesTheSumError() {
    long seventh = Long.MAX_VALUE / 7;
    List<List<Object>> rows = new ArrayList<>();
    for (int index = 0; index < 7; index++) {
      rows.add(row(seventh, 1, 1.0));
    }
    rows.add(row(1L, 1, 1.0));
    assertThatThrownBy(() -> sum(rows, 4, a())).isInstanceOf(SpateException.class)
        .hasMessageContaining("try_sum");
  }

  @Test
  void randomMagnitudesMatchExactJavaArithmetic() {
    Random random = new Random(42);
    // (a - b) * 5 over magnitudes from tiny to near the overflow bound of the product
    Expression value = call(FunctionNames.MULTIPLY, BIGINT,
        call(FunctionNames.SUBTRACT, BIGINT, a(), new Cast(b(), BIGINT)), Literal.ofLong(5));
    for (int trial = 0; trial < 20; trial++) {
      long bound = Long.MAX_VALUE / 5 >> random.nextInt(62);
      List<List<Object>> rows = new ArrayList<>();
      long expected = 0;
      boolean overflows = false;
      for (int index = 0; index < 40; index++) {
        long first = random.nextLong() % (bound + 1);
        int second = random.nextInt(2001) - 1000;
        double filter = random.nextBoolean() ? 1.0 : -1.0;
        rows.add(row(first, second, filter));
        if (filter > 0 && !overflows) {
          try {
            expected = Math.addExact(expected,
                Math.multiplyExact(Math.subtractExact(first, second), 5L));
          } catch (ArithmeticException overflow) {
            overflows = true;
          }
        }
      }
      if (overflows) {
        assertThatThrownBy(() -> sum(rows, 16, value)).isInstanceOf(SpateException.class)
            .hasMessageContaining("overflow");
      } else {
        assertThat(sum(rows, 16, value)).isEqualTo(expected);
      }
    }
  }
}
