package dev.spate.cpu.expr.cast;

import dev.spate.SpateException;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.planner.types.DataTypes;
import org.apache.arrow.vector.types.pojo.Field;

/** Which casts the CPU backend runs (Spark's ANSI-allowed casts); others are PLAN errors. */
final class CastPlan {
  private CastPlan() {}

  static void check(Field from, Field to) {
    TypeKind source = TypeKind.of(from);
    TypeKind target = TypeKind.of(to);
    if (!allowed(source, target)) {
      throw SpateException.plan("the CPU backend cannot cast %s to %s",
          DataTypes.sqlName(from), DataTypes.sqlName(to));
    }
  }

  private static boolean allowed(TypeKind source, TypeKind target) {
    if (source == TypeKind.STRING) {
      return target != TypeKind.LIST && target != TypeKind.STRUCT && target != TypeKind.MAP;
    }
    if (source == TypeKind.NULL || target == TypeKind.STRING || source == target) {
      return true;
    }
    if (target == TypeKind.BINARY) {
      return false;
    }
    boolean numericSource = source.isIntegral() || source.isFloating()
        || source == TypeKind.DECIMAL || source == TypeKind.BOOLEAN;
    boolean numericTarget = target.isIntegral() || target.isFloating()
        || target == TypeKind.DECIMAL || target == TypeKind.BOOLEAN;
    switch (target) {
      case DATE:
        return source == TypeKind.TIMESTAMP;
      case TIMESTAMP:
        return source == TypeKind.DATE || (numericSource && source != TypeKind.BOOLEAN);
      default:
        return numericTarget && (numericSource || source == TypeKind.TIMESTAMP);
    }
  }
}
