package dev.spate.planner.sql;

import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.SortOrder;
import dev.spate.planner.expr.Star;
import dev.spate.planner.expr.UnresolvedColumn;
import dev.spate.planner.expr.UnresolvedFunction;
import dev.spate.planner.logical.Aggregate;
import dev.spate.planner.logical.Distinct;
import dev.spate.planner.logical.Filter;
import dev.spate.planner.logical.Join;
import dev.spate.planner.logical.JoinType;
import dev.spate.planner.logical.Limit;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.logical.Sort;
import dev.spate.planner.logical.SubqueryAlias;
import dev.spate.planner.logical.Union;
import dev.spate.planner.logical.UnresolvedRelation;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.UnionOp;
import net.sf.jsqlparser.statement.select.Values;

/**
 * Converts a JSqlParser {@link Select} into an unresolved logical plan, clause by clause in SQL's
 * order: FROM (tables, sub-queries, inline VALUES, joins), WHERE, GROUP BY / aggregation, HAVING,
 * SELECT, DISTINCT, ORDER BY, LIMIT/OFFSET. Ordinals in GROUP BY and ORDER BY are replaced by the
 * select item they name. Aggregation without GROUP BY stays a {@link Project}; the analyzer turns
 * it into an {@link Aggregate} when it finds aggregate functions.
 */
final class QueryBuilder {
  private QueryBuilder() {}

  static LogicalPlan build(Select select) {
    if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
      throw ExpressionBuilder.unsupported("WITH (common table expressions)");
    }
    if (select instanceof PlainSelect) {
      return plainSelect((PlainSelect) select);
    }
    if (select instanceof SetOperationList) {
      return setOperations((SetOperationList) select);
    }
    if (select instanceof ParenthesedSelect) {
      ParenthesedSelect parenthesed = (ParenthesedSelect) select;
      return orderAndLimit(build(parenthesed.getSelect()), List.of(), parenthesed);
    }
    if (select instanceof Values) {
      return values((Values) select, null);
    }
    throw ExpressionBuilder.unsupported("the query form " + select.getClass().getSimpleName());
  }

  private static LogicalPlan plainSelect(PlainSelect select) {
    rejectUnsupportedClauses(select);
    LogicalPlan plan = select.getFromItem() == null ? Scan.of(OneRowTable.INSTANCE)
        : fromItem(select.getFromItem());
    if (select.getJoins() != null) {
      for (net.sf.jsqlparser.statement.select.Join join : select.getJoins()) {
        plan = join(plan, join);
      }
    }
    if (select.getWhere() != null) {
      plan = new Filter(ExpressionBuilder.build(select.getWhere()), plan);
    }
    List<Expression> items = new ArrayList<>();
    for (SelectItem<?> item : select.getSelectItems()) {
      items.add(selectItem(item));
    }
    GroupByElement groupBy = select.getGroupBy();
    if (groupBy != null) {
      if (groupBy.getGroupingSets() != null && !groupBy.getGroupingSets().isEmpty()
          || groupBy.isMysqlWithRollup()) {
        throw ExpressionBuilder.unsupported("GROUPING SETS / ROLLUP / CUBE");
      }
      List<Expression> groupings = new ArrayList<>();
      for (Object grouping : groupBy.getGroupByExpressionList()) {
        groupings.add(ordinalOrExpression((net.sf.jsqlparser.expression.Expression) grouping,
            items, "GROUP BY", false));
      }
      plan = new Aggregate(groupings, items, plan);
    } else {
      plan = new Project(items, plan);
    }
    if (select.getHaving() != null) {
      plan = new Filter(ExpressionBuilder.build(select.getHaving()), plan);
    }
    if (select.getDistinct() != null) {
      if (select.getDistinct().getOnSelectItems() != null) {
        throw ExpressionBuilder.unsupported("DISTINCT ON");
      }
      plan = new Distinct(List.of(), plan);
    }
    return orderAndLimit(plan, items, select);
  }

  private static void rejectUnsupportedClauses(PlainSelect select) {
    if (select.getLateralViews() != null && !select.getLateralViews().isEmpty()) {
      throw ExpressionBuilder.unsupported("LATERAL VIEW");
    }
    if (select.getQualify() != null) {
      throw ExpressionBuilder.unsupported("QUALIFY");
    }
    if (select.getWindowDefinitions() != null && !select.getWindowDefinitions().isEmpty()) {
      throw ExpressionBuilder.unsupported("the WINDOW clause");
    }
    if (select.getIntoTables() != null && !select.getIntoTables().isEmpty()) {
      throw ExpressionBuilder.unsupported("SELECT ... INTO");
    }
  }

  static Expression selectItem(SelectItem<?> item) {
    net.sf.jsqlparser.expression.Expression expression = item.getExpression();
    if (expression instanceof AllTableColumns) {
      Table table = ((AllTableColumns) expression).getTable();
      return new Star(ExpressionBuilder.unquote(table.getName()));
    }
    if (expression instanceof AllColumns) {
      return new Star(null);
    }
    return ExpressionBuilder.aliased(expression, item.getAlias());
  }

  /**
   * An integer literal in GROUP BY / ORDER BY names the select item at that 1-based position:
   * GROUP BY takes its expression; ORDER BY refers to its output column by alias when it has one.
   */
  private static Expression ordinalOrExpression(net.sf.jsqlparser.expression.Expression expression,
      List<Expression> items, String clause, boolean byOutputName) {
    if (!(expression instanceof LongValue)) {
      return ExpressionBuilder.build(expression);
    }
    long ordinal = ((LongValue) expression).getValue();
    if (ordinal < 1 || ordinal > items.size()) {
      throw dev.spate.SpateException.analysis("[%s_POS_OUT_OF_RANGE] %s position %d is not in"
          + " select list (valid range is [1, %d]).", clause.replace(' ', '_'), clause, ordinal,
          items.size());
    }
    Expression item = items.get((int) ordinal - 1);
    if (item instanceof Star) {
      throw dev.spate.SpateException.analysis("[STAR_GROUP_BY_POS] Star (*) is not allowed in a"
          + " select list when %s an ordinal position is used.", clause);
    }
    if (item instanceof Alias) {
      return byOutputName ? UnresolvedColumn.of(((Alias) item).name()) : ((Alias) item).child();
    }
    return item;
  }

  private static LogicalPlan orderAndLimit(LogicalPlan input, List<Expression> items,
      Select select) {
    LogicalPlan plan = input;
    if (select.getOrderByElements() != null && !select.getOrderByElements().isEmpty()) {
      List<SortOrder> order = new ArrayList<>();
      for (OrderByElement element : select.getOrderByElements()) {
        Expression key = ordinalOrExpression(element.getExpression(), items, "ORDER BY", true);
        boolean ascending = element.isAsc();
        boolean nullsFirst = element.getNullOrdering() == null ? ascending
            : element.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST;
        order.add(new SortOrder(key, ascending, nullsFirst));
      }
      plan = new Sort(order, plan);
    }
    if (select.getFetch() != null) {
      throw ExpressionBuilder.unsupported("FETCH");
    }
    long offset = 0;
    if (select.getOffset() != null) {
      offset = constant(select.getOffset().getOffset(), "OFFSET");
    }
    if (select.getLimit() != null) {
      if (select.getLimit().getOffset() != null) {
        offset = constant(select.getLimit().getOffset(), "OFFSET");
      }
      net.sf.jsqlparser.expression.Expression rows = select.getLimit().getRowCount();
      long limit = rows == null || rows instanceof net.sf.jsqlparser.expression.AllValue
          || rows instanceof net.sf.jsqlparser.expression.NullValue
          ? Long.MAX_VALUE : constant(rows, "LIMIT");
      plan = new Limit(limit, offset, plan);
    } else if (offset > 0) {
      plan = new Limit(Long.MAX_VALUE, offset, plan);
    }
    return plan;
  }

  private static long constant(net.sf.jsqlparser.expression.Expression expression, String clause) {
    if (expression instanceof LongValue && ((LongValue) expression).getValue() >= 0) {
      return ((LongValue) expression).getValue();
    }
    throw dev.spate.SpateException.analysis("[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE_OR_NOT_LITERAL]"
        + " The %s expression %s must be a non-negative integer literal.", clause, expression);
  }

  private static LogicalPlan setOperations(SetOperationList list) {
    List<Select> selects = list.getSelects();
    LogicalPlan plan = build(selects.get(0));
    for (int index = 1; index < selects.size(); index++) {
      SetOperation operation = list.getOperation(index - 1);
      if (!(operation instanceof UnionOp)) {
        throw ExpressionBuilder.unsupported(operation.toString());
      }
      plan = new Union(List.of(plan, build(selects.get(index))));
      if (!((UnionOp) operation).isAll()) {
        plan = new Distinct(List.of(), plan);
      }
    }
    return orderAndLimit(plan, List.of(), list);
  }

  private static LogicalPlan fromItem(FromItem item) {
    if (item.getPivot() != null || item.getUnPivot() != null) {
      throw ExpressionBuilder.unsupported("PIVOT / UNPIVOT");
    }
    String alias = item.getAlias() == null ? null : ExpressionBuilder.unquote(item.getAlias().getName());
    if (item instanceof Table) {
      Table table = (Table) item;
      List<String> parts = new ArrayList<>();
      List<String> reversed = table.getNameParts();
      for (int index = reversed.size() - 1; index >= 0; index--) {
        if (reversed.get(index) != null) {
          parts.add(ExpressionBuilder.unquote(reversed.get(index)));
        }
      }
      LogicalPlan relation = new UnresolvedRelation(parts);
      return alias == null ? relation : new SubqueryAlias(alias, relation);
    }
    if (item instanceof Values) {
      return values((Values) item, item.getAlias());
    }
    if (item instanceof ParenthesedSelect) {
      ParenthesedSelect parenthesed = (ParenthesedSelect) item;
      if (parenthesed.getSelect() instanceof Values) {
        return values((Values) parenthesed.getSelect(), item.getAlias());
      }
      LogicalPlan query = build(parenthesed);
      return alias == null ? query : new SubqueryAlias(alias, query);
    }
    if (item instanceof ParenthesedFromItem) {
      ParenthesedFromItem parenthesed = (ParenthesedFromItem) item;
      if (parenthesed.getFromItem() instanceof Values
          && (parenthesed.getJoins() == null || parenthesed.getJoins().isEmpty())) {
        return values((Values) parenthesed.getFromItem(), item.getAlias());
      }
      LogicalPlan plan = fromItem(parenthesed.getFromItem());
      if (parenthesed.getJoins() != null) {
        for (net.sf.jsqlparser.statement.select.Join join : parenthesed.getJoins()) {
          plan = join(plan, join);
        }
      }
      return alias == null ? plan : new SubqueryAlias(alias, plan);
    }
    throw ExpressionBuilder.unsupported("the FROM item " + item + " ("
        + item.getClass().getSimpleName() + ")");
  }

  private static LogicalPlan join(LogicalPlan left, net.sf.jsqlparser.statement.select.Join join) {
    if (join.isNatural() || join.isApply() || join.isWindowJoin()) {
      throw ExpressionBuilder.unsupported("the join " + join);
    }
    LogicalPlan right = fromItem(join.getRightItem());
    JoinType type = joinType(join);
    Expression condition = null;
    for (net.sf.jsqlparser.expression.Expression on : join.getOnExpressions()) {
      Expression built = ExpressionBuilder.build(on);
      condition = condition == null ? built : UnresolvedFunction.of(FunctionNames.AND, condition,
          built);
    }
    List<String> using = new ArrayList<>();
    for (Column column : join.getUsingColumns()) {
      using.add(ExpressionBuilder.unquote(column.getColumnName()));
    }
    if (type == JoinType.CROSS && (condition != null || !using.isEmpty())) {
      type = JoinType.INNER;
    }
    return new Join(left, right, type, condition, using);
  }

  private static JoinType joinType(net.sf.jsqlparser.statement.select.Join join) {
    if (join.isCross()) {
      return JoinType.CROSS;
    }
    if (join.isSemi()) {
      return JoinType.LEFT_SEMI;
    }
    if (join.isStraight()) {
      return JoinType.LEFT_ANTI; // KeywordQuoter spells [LEFT] ANTI JOIN as STRAIGHT_JOIN
    }
    if (join.isFull()) {
      return JoinType.FULL_OUTER;
    }
    if (join.isLeft()) {
      return JoinType.LEFT_OUTER;
    }
    if (join.isRight()) {
      return JoinType.RIGHT_OUTER;
    }
    return JoinType.INNER;
  }

  /**
   * An inline table: one {@code Project} of aliased expressions over the one-row relation per row,
   * combined with {@code Union}; columns are named by the alias's column list or {@code col1,
   * col2, ...} as in Spark.
   */
  private static LogicalPlan values(Values values,
      net.sf.jsqlparser.expression.Alias alias) {
    List<List<Expression>> rows = new ArrayList<>();
    ExpressionList<?> list = values.getExpressions();
    boolean singleRow = list instanceof ParenthesedExpressionList
        && list.stream().noneMatch(item -> item instanceof ExpressionList);
    for (Object row : singleRow ? List.of(list) : list) {
      List<Expression> cells = new ArrayList<>();
      if (row instanceof ExpressionList) {
        for (Object cell : (ExpressionList<?>) row) {
          cells.add(ExpressionBuilder.build((net.sf.jsqlparser.expression.Expression) cell));
        }
      } else {
        cells.add(ExpressionBuilder.build((net.sf.jsqlparser.expression.Expression) row));
      }
      if (!rows.isEmpty() && rows.get(0).size() != cells.size()) {
        throw dev.spate.SpateException.analysis("[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH]"
            + " Invalid inline table. Inline table expected %d columns but found %d columns in"
            + " row %d.", rows.get(0).size(), cells.size(), rows.size());
      }
      rows.add(cells);
    }
    int width = rows.get(0).size();
    List<String> names = new ArrayList<>();
    if (alias != null && alias.getAliasColumns() != null && !alias.getAliasColumns().isEmpty()) {
      for (net.sf.jsqlparser.expression.Alias.AliasColumn column : alias.getAliasColumns()) {
        names.add(ExpressionBuilder.unquote(column.name));
      }
      if (names.size() != width) {
        throw dev.spate.SpateException.analysis("[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH]"
            + " Invalid inline table. Inline table expected %d columns but found %d columns in"
            + " row 0.", names.size(), width);
      }
    } else {
      for (int index = 1; index <= width; index++) {
        names.add("col" + index);
      }
    }
    List<LogicalPlan> projects = new ArrayList<>();
    for (List<Expression> row : rows) {
      List<Expression> projections = new ArrayList<>();
      for (int index = 0; index < width; index++) {
        projections.add(new Alias(row.get(index), names.get(index)));
      }
      projects.add(new Project(projections, Scan.of(OneRowTable.INSTANCE)));
    }
    LogicalPlan plan = projects.size() == 1 ? projects.get(0) : new Union(projects);
    return alias == null ? plan : new SubqueryAlias(ExpressionBuilder.unquote(alias.getName()),
        plan);
  }
}
