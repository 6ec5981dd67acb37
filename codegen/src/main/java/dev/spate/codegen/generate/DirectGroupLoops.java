package dev.spate.codegen.generate;

import dev.spate.codegen.runtime.LongKeyTable;
import dev.spate.codegen.source.CodeBlock;
import dev.spate.codegen.source.JavaType;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;

/**
 * The group loops of an aggregation by one integral column (or dates, timestamps) grouped by a
 * {@link LongKeyTable}: a loop finding the batch's smallest and largest non-NULL key, then, when
 * the table's direct index covers them ({@link LongKeyTable#direct}), a loop finding each row's
 * group there (one array read instead of a hashed probe) and a return; otherwise the generated
 * method goes on to the probe. The loops read the key in the locals of {@code row} and write
 * {@code groups[i]}.
 */
final class DirectGroupLoops {
  private DirectGroupLoops() {}

  /** {@code key} as a column the direct index serves (integral, not BOOLEAN), or null. */
  static ColumnRef directKey(Expression key) {
    Expression column = PipelineSpec.unalias(key);
    TypeKind kind = TypeKind.of(column.dataType());
    return column instanceof ColumnRef && !CodegenTypes.floating(kind)
        && kind != TypeKind.BOOLEAN ? (ColumnRef) column : null;
  }

  /** The loops over {@code count} rows, row {@code i} being {@code row}. */
  static CodeBlock generate(ColumnRef key, String row, ExpressionGenerator expressions) {
    CodeBlock code = new CodeBlock();
    code.declare(JavaType.LONG, "lowest", "Long.MAX_VALUE");
    code.declare(JavaType.LONG, "highest", "Long.MIN_VALUE");
    expressions.resetScopes();
    code.append(PipelineGenerator.loop(row, "count", body -> {
      ExprValue value = expressions.generate(key, body);
      if (!value.neverNull()) {
        body.beginIf("!" + value.isNull());
      }
      body.assign("lowest", "Math.min(lowest, (long) " + value.value() + ")");
      body.assign("highest", "Math.max(highest, (long) " + value.value() + ")");
      if (!value.neverNull()) {
        body.end();
      }
    }));
    code.beginIf("table.direct(lowest, highest)");
    code.declareFinal(JavaType.INT_ARRAY, "direct", "table.directGroups()");
    code.declareFinal(JavaType.LONG, "base", "table.directBase()");
    expressions.resetScopes();
    code.append(PipelineGenerator.loop(row, "count", body -> {
      ExprValue value = expressions.generate(key, body);
      body.declare(JavaType.INT, "g", "-1");
      if (!value.neverNull()) {
        body.beginIf(value.isNull()).assign("g", "table.nullGroup()").beginElse();
      }
      body.assign("g", "direct[(int) ((long) " + value.value() + " - base)]");
      body.beginIf("g < 0").assign("g", "table.addDirect((long) " + value.value() + ")").end();
      if (!value.neverNull()) {
        body.end();
      }
      body.assign("groups[i]", "g");
    }));
    return code.statement("return").end();
  }
}
