package dev.spate.codegen;

import static dev.spate.codegen.PlanRunner.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.PlacedPlan;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Floating comparisons against literals, which codegen specialises on the literal's NaN-ness, in
 * Spark's order (NaN equals NaN and is above every value, -0.0 equals 0.0), checked against a
 * reference order written from that rule. Every literal runs through the same cached class, and
 * the first batch has a NULL while the second has none, so both loop variants run.
 */
class FloatingLiteralComparisonTest {
  private static final Field X = DataTypes.field("x", DataTypes.DOUBLE, true);
  private static final Field F = DataTypes.field("f", DataTypes.FLOAT, true);
  private static final Double[] VALUES = {Double.NaN, -0.0, null, 1.5, Double.NEGATIVE_INFINITY,
      Double.POSITIVE_INFINITY, 0.0, -3.0, 1.5, Double.NaN};
  private static final String[] COMPARISONS = {FunctionNames.EQUAL, FunctionNames.NOT_EQUAL,
      FunctionNames.LESS_THAN, FunctionNames.LESS_THAN_OR_EQUAL, FunctionNames.GREATER_THAN,
      FunctionNames.GREATER_THAN_OR_EQUAL, FunctionNames.EQUAL_NULL_SAFE, FunctionNames.IN};

  private BufferAllocator allocator;
  private TableSource table;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
    List<List<Object>> rows = new ArrayList<>();
    for (Double value : VALUES) {
      rows.add(Arrays.asList(value, value == null ? null : (float) (double) value));
    }
    table = PlanRunner.table(new Schema(List.of(X, F)), rows, 5);
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0.0, -0.0, 1.5, Double.POSITIVE_INFINITY, -2.0})
  void projectedComparisonsFollowSparkOrder(double literal) {
    List<Expression> outputs = new ArrayList<>();
    for (String comparison : COMPARISONS) {
      Literal wide = Literal.ofDouble(literal);
      Literal narrow = floatLiteral(literal);
      outputs.add(new Alias(compare(comparison, column(0), wide), "xl" + outputs.size()));
      outputs.add(new Alias(compare(comparison, wide, column(0)), "lx" + outputs.size()));
      outputs.add(new Alias(compare(comparison, column(1), narrow), "fl" + outputs.size()));
      outputs.add(new Alias(compare(comparison, narrow, column(1)), "lf" + outputs.size()));
    }
    List<List<Object>> rows = run(new ProjectExec(outputs, PlanRunner.scan(table)));

    assertThat(rows).hasSize(VALUES.length);
    for (int row = 0; row < VALUES.length; row++) {
      Double value = VALUES[row];
      Float narrow = value == null ? null : (float) (double) value;
      List<Object> expected = new ArrayList<>();
      Double narrowLiteral = (double) (float) literal;
      for (String comparison : COMPARISONS) {
        expected.add(expected(comparison, value, literal));
        expected.add(expected(comparison, literal, value));
        expected.add(expected(comparison, widened(narrow), narrowLiteral));
        expected.add(expected(comparison, narrowLiteral, widened(narrow)));
      }
      assertThat(rows.get(row)).as("x = %s, literal %s", value, literal)
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, -0.0, 1.5})
  void filtersKeepTheRowsSparkKeeps(double literal) {
    for (String comparison : COMPARISONS) {
      List<List<Object>> rows = run(new FilterExec(
          compare(comparison, column(0), Literal.ofDouble(literal)), PlanRunner.scan(table)));
      List<Double> kept = new ArrayList<>();
      for (List<Object> row : rows) {
        kept.add((Double) row.get(0));
      }
      List<Double> expected = new ArrayList<>();
      for (Double value : VALUES) {
        if (Boolean.TRUE.equals(expected(comparison, value, literal))) {
          expected.add(value);
        }
      }
      assertThat(kept).as("x %s %s", comparison, literal).isEqualTo(expected);
    }
  }

  private List<List<Object>> run(PhysicalNode plan) {
    PlacedPlan placed = PlanRunner.place(plan, PlanRunner.ANSI);
    assertThat(placed.backend().kind()).isEqualTo(Backend.Kind.CODEGEN);
    return PlanRunner.run(placed, PlanRunner.ANSI, allocator);
  }

  private static ColumnRef column(int ordinal) {
    Field field = ordinal == 0 ? X : F;
    return new ColumnRef(ordinal, field.getName(), field);
  }

  private static Literal floatLiteral(double value) {
    return Literal.of((float) value, DataTypes.FLOAT);
  }

  private static Expression compare(String comparison, Expression left, Expression right) {
    return call(comparison, PlanRunner.BOOLEAN, left, right);
  }

  private static Double widened(Float value) {
    return value == null ? null : (double) value;
  }

  /** {@code left <comparison> right} in Spark's semantics; null stands for SQL NULL. */
  private static Boolean expected(String comparison, Double left, Double right) {
    if (left == null || right == null) {
      return comparison.equals(FunctionNames.EQUAL_NULL_SAFE) ? false : null;
    }
    return SparkDoubleOrder.holds(comparison, SparkDoubleOrder.compare(left, right));
  }
}
