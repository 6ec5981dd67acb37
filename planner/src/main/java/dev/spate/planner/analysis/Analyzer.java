package dev.spate.planner.analysis;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.SortOrder;
import dev.spate.planner.expr.Star;
import dev.spate.planner.expr.UnresolvedColumn;
import dev.spate.planner.expr.UnresolvedFunction;
import dev.spate.planner.logical.Aggregate;
import dev.spate.planner.logical.Attribute;
import dev.spate.planner.logical.Filter;
import dev.spate.planner.logical.Generate;
import dev.spate.planner.logical.Join;
import dev.spate.planner.logical.JoinType;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.logical.Sort;
import dev.spate.planner.logical.SubqueryAlias;
import dev.spate.planner.logical.Union;
import dev.spate.planner.logical.UnresolvedRelation;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Turns an unresolved logical plan (from {@code SqlParser} or the DataFrame API) into a resolved
 * one: relations from the {@link Catalog}, column names (case-insensitive unless {@code
 * spate.sql.caseSensitive}), {@code *}, functions and Spark's implicit casts, aggregation (GROUP
 * BY, HAVING and ORDER BY over aggregates or columns missing from the select list, with hidden
 * columns removed by a final Project), {@code explode} in a select list, {@code JOIN ... USING},
 * UNION type widening. Errors are {@code SpateException}s of class ANALYSIS with Spark's error
 * classes and texts. Analyzing an already resolved plan returns an equivalent plan.
 *
 * <p>Usage: {@code LogicalPlan resolved = new Analyzer(catalog, config).analyze(plan);} then
 * {@code Optimizer} and {@code PhysicalPlanner}. Not thread safe; create one per query.
 */
public final class Analyzer {
  private static final Set<String> FILE_FORMATS = Set.of("parquet", "json", "csv", "text");

  private final Catalog catalog;
  private final FunctionRegistry registry;
  private final ExpressionResolver resolver;

  public Analyzer(Catalog catalog, SpateConfig config) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    requireNonNull(config, "config is null");
    this.registry = new FunctionRegistry(config.ansi());
    this.resolver = new ExpressionResolver(registry, config.get(SpateConfig.CASE_SENSITIVE),
        config.ansi());
  }

  /** Resolves every relation, name, function and type in {@code plan}. */
  public LogicalPlan analyze(LogicalPlan plan) {
    return resolvePlan(plan);
  }

  private LogicalPlan resolvePlan(LogicalPlan plan) {
    if (plan instanceof UnresolvedRelation) {
      return resolveRelation((UnresolvedRelation) plan);
    }
    if (plan instanceof Scan) {
      return plan;
    }
    if (plan instanceof Project) {
      return resolveProject((Project) plan);
    }
    if (plan instanceof Aggregate) {
      Aggregate aggregate = (Aggregate) plan;
      return resolveAggregate(aggregate.groupings(), aggregate.aggregates(),
          resolvePlan(aggregate.child()));
    }
    if (plan instanceof Filter) {
      return resolveFilter((Filter) plan);
    }
    if (plan instanceof Sort) {
      return resolveSort((Sort) plan);
    }
    if (plan instanceof Join) {
      return resolveJoin((Join) plan);
    }
    if (plan instanceof Union) {
      return resolveUnion((Union) plan);
    }
    if (plan instanceof Generate) {
      Generate generate = (Generate) plan;
      LogicalPlan child = resolvePlan(generate.child());
      return new Generate(generator(resolver.resolve(generate.generator(), child.output())),
          generate.outer(), generate.outputNames(), child);
    }
    List<LogicalPlan> children = new ArrayList<>();
    for (LogicalPlan child : plan.children()) {
      children.add(resolvePlan(child));
    }
    return children.isEmpty() ? plan : plan.withChildren(children);
  }

  private LogicalPlan resolveRelation(UnresolvedRelation relation) {
    List<String> parts = relation.nameParts();
    if (parts.size() == 2 && FILE_FORMATS.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
      return Scan.of(catalog.fileTable(parts.get(0).toLowerCase(Locale.ROOT), parts.get(1)));
    }
    LogicalPlan view = parts.size() == 1 ? catalog.view(parts.get(0)) : null;
    if (view == null) {
      throw SpateException.analysis("[TABLE_OR_VIEW_NOT_FOUND] The table or view `%s` cannot be"
          + " found. Verify the spelling and correctness of the schema and catalog.",
          String.join("`.`", parts));
    }
    return new SubqueryAlias(parts.get(0), resolvePlan(view));
  }

  private LogicalPlan resolveProject(Project project) {
    LogicalPlan child = resolvePlan(project.child());
    List<Attribute> input = child.output();
    List<Expression> items = expandStars(project.projections(), input);
    int generatorIndex = -1;
    for (int index = 0; index < items.size(); index++) {
      if (isGenerator(unalias(items.get(index)))) {
        if (generatorIndex >= 0) {
          throw SpateException.analysis("[UNSUPPORTED_GENERATOR.MULTI_GENERATOR] Only one"
              + " generator allowed per SELECT clause but found 2: %s, %s.",
              items.get(generatorIndex).sql(), items.get(index).sql());
        }
        generatorIndex = index;
      }
    }
    boolean aggregates = false;
    for (Expression item : items) {
      aggregates |= containsAggregate(item);
    }
    if (aggregates && generatorIndex < 0) {
      return resolveAggregate(List.of(), items, child);
    }
    if (generatorIndex >= 0) {
      if (aggregates) {
        throw SpateException.analysis("[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The"
            + " generator is not supported: nested in expressions \"%s\".",
            items.get(generatorIndex).sql());
      }
      return resolveGenerate(items, generatorIndex, child);
    }
    List<Expression> projections = new ArrayList<>();
    for (Expression item : items) {
      projections.add(named(item, input));
    }
    return new Project(projections, child);
  }

  private LogicalPlan resolveGenerate(List<Expression> items, int generatorIndex,
      LogicalPlan child) {
    List<Attribute> input = child.output();
    Expression item = items.get(generatorIndex);
    UnresolvedFunction function = (UnresolvedFunction) unalias(item);
    if (function.arguments().size() != 1) {
      throw SpateException.analysis("[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `%s` requires 1"
          + " parameters but the actual number is %d.", function.name(),
          function.arguments().size());
    }
    Expression generator = generator(resolver.resolve(function.arguments().get(0), input));
    boolean map = generator.dataType().getType() instanceof ArrowType.Map;
    List<String> names = map ? List.of("key", "value")
        : List.of(item instanceof Alias ? ((Alias) item).name() : "col");
    Generate generate = new Generate(generator, function.name().equals("explode_outer"), names,
        child);
    List<Attribute> generatedOutput = generate.output();
    List<Expression> projections = new ArrayList<>();
    for (int index = 0; index < items.size(); index++) {
      if (index == generatorIndex) {
        for (int column = input.size(); column < generatedOutput.size(); column++) {
          Attribute attribute = generatedOutput.get(column);
          projections.add(new ColumnRef(column, attribute.name(), attribute.field()));
        }
      } else {
        projections.add(named(items.get(index), input));
      }
    }
    return new Project(projections, generate);
  }

  private static Expression generator(Expression generator) {
    ArrowType type = generator.dataType().getType();
    if (!(type instanceof ArrowType.List) && !(type instanceof ArrowType.Map)) {
      throw SpateException.analysis("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve"
          + " \"explode(%s)\" due to data type mismatch: The first parameter requires the"
          + " (\"ARRAY\" or \"MAP\") type, however \"%s\" has the type \"%s\".", generator.sql(),
          generator.sql(), FunctionRegistry.typeName(generator));
    }
    return generator;
  }

  private LogicalPlan resolveAggregate(List<Expression> unresolvedGroupings,
      List<Expression> unresolvedItems, LogicalPlan child) {
    TimeWindows.Rewrite windowed = TimeWindows.rewrite(unresolvedGroupings, unresolvedItems, child,
        resolver);
    if (windowed != null) {
      return resolveAggregate(windowed.groupings, windowed.items, windowed.child);
    }
    List<Attribute> input = child.output();
    List<Expression> items = expandStars(unresolvedItems, input);
    List<Expression> groupings = new ArrayList<>();
    for (Expression grouping : unresolvedGroupings) {
      Expression resolved = resolveGrouping(grouping, items, input);
      if (resolved.anyMatch(node -> node instanceof AggregateCall)) {
        throw SpateException.analysis("[GROUP_BY_AGGREGATE] Aggregate functions are not allowed"
            + " in GROUP BY, but found %s.", resolved.sql());
      }
      groupings.add(resolved);
    }
    List<Expression> outputs = new ArrayList<>();
    for (Expression item : items) {
      Expression output = named(item, input);
      checkGrouped(unalias(output), groupings);
      outputs.add(output);
    }
    return new Aggregate(groupings, outputs, child);
  }

  /** A GROUP BY expression over the input, or else a select-list alias it names (Spark's groupByAliases). */
  private Expression resolveGrouping(Expression grouping, List<Expression> items,
      List<Attribute> input) {
    try {
      return resolver.resolve(grouping, input);
    } catch (SpateException error) {
      if (grouping instanceof UnresolvedColumn
          && ((UnresolvedColumn) grouping).nameParts().size() == 1) {
        String name = ((UnresolvedColumn) grouping).nameParts().get(0);
        for (Expression item : items) {
          if (item instanceof Alias && resolver.same(((Alias) item).name(), name)) {
            return resolver.resolve(((Alias) item).child(), input);
          }
        }
      }
      throw error;
    }
  }

  private static void checkGrouped(Expression expression, List<Expression> groupings) {
    if (groupings.contains(expression) || expression instanceof AggregateCall) {
      return;
    }
    if (expression instanceof ColumnRef) {
      throw SpateException.analysis("[MISSING_AGGREGATION] The non-aggregating expression \"%s\""
          + " is based on columns which are not participating in the GROUP BY clause. Add the"
          + " columns or the expression to the GROUP BY, aggregate the expression, or use"
          + " \"any_value(%s)\" if you do not care which of the values within a group is"
          + " returned.", expression.sql(), expression.sql());
    }
    for (Expression child : expression.children()) {
      checkGrouped(child, groupings);
    }
  }

  private LogicalPlan resolveFilter(Filter filter) {
    LogicalPlan child = resolvePlan(filter.child());
    Expression condition = filter.condition();
    if (child instanceof Aggregate) {
      return resolveHaving(condition, (Aggregate) child);
    }
    Expression resolved = resolver.resolve(condition, child.output());
    if (resolved.anyMatch(node -> node instanceof AggregateCall)) {
      throw SpateException.analysis("[INVALID_WHERE_CONDITION] The WHERE condition \"%s\""
          + " contains invalid expressions: %s. Rewrite the query to avoid window functions,"
          + " aggregate functions, and generator functions in the WHERE clause.", condition.sql(),
          resolved.sql());
    }
    return new Filter(requireBoolean(resolved, "Filter"), child);
  }

  private LogicalPlan resolveHaving(Expression condition, Aggregate aggregate) {
    if (!containsAggregate(condition)) {
      try {
        Expression resolved = resolver.resolve(condition, aggregate.output());
        return new Filter(requireBoolean(resolved, "Filter"), aggregate);
      } catch (SpateException error) {
        if (error.errorClass() != SpateException.ErrorClass.ANALYSIS) {
          throw error;
        }
      }
    }
    Extension extension = extendAggregate(aggregate, condition);
    Filter filter = new Filter(requireBoolean(extension.expression, "Filter"), extension.plan);
    return trim(filter, aggregate.output().size());
  }

  private LogicalPlan resolveSort(Sort sort) {
    LogicalPlan child = resolvePlan(sort.child());
    int width = child.output().size();
    List<SortOrder> order = new ArrayList<>();
    for (SortOrder key : sort.order()) {
      Expression resolved = null;
      if (!containsAggregate(key.child())) {
        try {
          resolved = resolver.resolve(key.child(), child.output());
        } catch (SpateException error) {
          if (!extendable(child)) {
            throw error;
          }
        }
      }
      if (resolved == null) {
        Extension extension = extend(child, key.child());
        child = extension.plan;
        resolved = extension.expression;
      }
      order.add(new SortOrder(resolved, key.ascending(), key.nullsFirst()));
    }
    return trim(new Sort(order, child), width);
  }

  /** A plan extended with a hidden column, and an expression over its output. */
  private static final class Extension {
    final LogicalPlan plan;
    final Expression expression;

    Extension(LogicalPlan plan, Expression expression) {
      this.plan = plan;
      this.expression = expression;
    }
  }

  private static boolean extendable(LogicalPlan plan) {
    return plan instanceof Project || plan instanceof Aggregate
        || (plan instanceof Filter && extendable(plan.child()));
  }

  /**
   * Makes {@code unresolved} (written over the input of {@code plan}'s projection or aggregation)
   * available above {@code plan}, adding a hidden output column where needed.
   */
  private Extension extend(LogicalPlan plan, Expression unresolved) {
    if (plan instanceof Aggregate) {
      return extendAggregate((Aggregate) plan, unresolved);
    }
    if (plan instanceof Filter && extendable(plan.child())) {
      Extension inner = extend(plan.child(), unresolved);
      return new Extension(new Filter(((Filter) plan).condition(), inner.plan), inner.expression);
    }
    if (plan instanceof Project) {
      Project project = (Project) plan;
      Expression resolved;
      LogicalPlan child = project.child();
      try {
        resolved = resolver.resolve(unresolved, child.output());
      } catch (SpateException error) {
        if (!extendable(child)) {
          throw error;
        }
        Extension inner = extend(child, unresolved);
        child = inner.plan;
        resolved = inner.expression;
      }
      List<Expression> projections = new ArrayList<>(project.projections());
      for (int index = 0; index < projections.size(); index++) {
        if (unalias(projections.get(index)).equals(resolved)) {
          return new Extension(new Project(projections, child), reference(
              new Project(projections, child).output(), index));
        }
      }
      projections.add(resolved instanceof ColumnRef ? resolved
          : new Alias(resolved, resolver.displayName(unresolved, child.output())));
      Project extended = new Project(projections, child);
      return new Extension(extended, reference(extended.output(), projections.size() - 1));
    }
    throw SpateException.analysis("[UNRESOLVED_COLUMN] %s cannot be resolved over %s",
        unresolved.sql(), plan.describe());
  }

  private Extension extendAggregate(Aggregate aggregate, Expression unresolved) {
    Expression resolved = resolver.resolve(unresolved, aggregate.child().output());
    List<Expression> outputs = new ArrayList<>(aggregate.aggregates());
    Expression rewritten = overAggregate(resolved, aggregate.groupings(), outputs);
    Aggregate extended = new Aggregate(aggregate.groupings(), outputs, aggregate.child());
    return new Extension(extended, rebind(rewritten, extended.output()));
  }

  /**
   * Rewrites an expression over an aggregation's input into one over its output: grouping
   * expressions and aggregate calls become references to output columns, appended as hidden
   * columns when the select list lacks them. Placeholder references carry their output index.
   */
  private static Expression overAggregate(Expression expression, List<Expression> groupings,
      List<Expression> outputs) {
    for (int index = 0; index < outputs.size(); index++) {
      if (unalias(outputs.get(index)).equals(expression)) {
        return new ColumnRef(index, Project.nameOf(outputs.get(index)), expression.dataType());
      }
    }
    if (expression instanceof AggregateCall || groupings.contains(expression)) {
      outputs.add(expression instanceof ColumnRef ? expression
          : new Alias(expression, expression.sql()));
      return new ColumnRef(outputs.size() - 1, expression.sql(), expression.dataType());
    }
    checkGrouped(expression, groupings);
    List<Expression> children = new ArrayList<>();
    for (Expression child : expression.children()) {
      children.add(overAggregate(child, groupings, outputs));
    }
    return children.isEmpty() ? expression : expression.withChildren(children);
  }

  /** Gives placeholder references the exact field of the output column they index. */
  private static Expression rebind(Expression expression, List<Attribute> output) {
    return expression.transformUp(node -> node instanceof ColumnRef
        ? reference(output, ((ColumnRef) node).ordinal()) : node);
  }

  private static ColumnRef reference(List<Attribute> output, int ordinal) {
    Attribute attribute = output.get(ordinal);
    return new ColumnRef(ordinal, attribute.name(), attribute.field());
  }

  /** {@code plan} itself, or a Project keeping its first {@code width} columns. */
  private static LogicalPlan trim(LogicalPlan plan, int width) {
    List<Attribute> output = plan.output();
    if (output.size() == width) {
      return plan;
    }
    List<Expression> columns = new ArrayList<>();
    for (int index = 0; index < width; index++) {
      columns.add(reference(output, index));
    }
    return new Project(columns, plan);
  }

  private LogicalPlan resolveJoin(Join join) {
    LogicalPlan left = resolvePlan(join.left());
    LogicalPlan right = resolvePlan(join.right());
    if (!join.usingColumns().isEmpty()) {
      return resolveUsing(join, left, right);
    }
    Expression condition = null;
    if (join.condition() != null) {
      List<Attribute> input = new ArrayList<>(left.output());
      input.addAll(right.output());
      condition = resolver.resolve(join.condition(), input);
      if (condition.anyMatch(node -> node instanceof AggregateCall)) {
        throw SpateException.analysis("[UNSUPPORTED_EXPR_FOR_OPERATOR] A query operator contains"
            + " one or more unsupported expressions: aggregate functions in a join condition"
            + " (%s).", condition.sql());
      }
      condition = requireBoolean(condition, "Join condition");
    }
    return new Join(left, right, join.joinType(), condition, List.of());
  }

  private LogicalPlan resolveUsing(Join join, LogicalPlan left, LogicalPlan right) {
    List<Attribute> leftOutput = left.output();
    List<Attribute> rightOutput = right.output();
    List<Integer> leftKeys = new ArrayList<>();
    List<Integer> rightKeys = new ArrayList<>();
    Expression condition = null;
    for (String name : join.usingColumns()) {
      int leftIndex = usingColumn(name, leftOutput, "left");
      int rightIndex = usingColumn(name, rightOutput, "right");
      leftKeys.add(leftIndex);
      rightKeys.add(rightIndex);
      Expression equal = registry.resolve(FunctionNames.EQUAL, List.of(
          reference(leftOutput, leftIndex),
          reference(rightOutput, rightIndex).withOrdinal(leftOutput.size() + rightIndex)), false,
          name + " = " + name);
      condition = condition == null ? equal : registry.resolve(FunctionNames.AND,
          List.of(condition, equal), false, "USING");
    }
    JoinType type = join.joinType() == JoinType.CROSS ? JoinType.INNER : join.joinType();
    Join resolved = new Join(left, right, type, condition, List.of());
    List<Attribute> output = resolved.output();
    List<Expression> projections = new ArrayList<>();
    for (int key = 0; key < leftKeys.size(); key++) {
      ColumnRef leftRef = reference(output, leftKeys.get(key));
      if (type == JoinType.RIGHT_OUTER) {
        projections.add(reference(output, leftOutput.size() + rightKeys.get(key)));
      } else if (type == JoinType.FULL_OUTER) {
        ColumnRef rightRef = reference(output, leftOutput.size() + rightKeys.get(key));
        projections.add(new Alias(registry.resolve(FunctionNames.COALESCE,
            List.of(leftRef, rightRef), false, "coalesce"), leftRef.name()));
      } else {
        projections.add(leftRef);
      }
    }
    for (int index = 0; index < leftOutput.size(); index++) {
      if (!leftKeys.contains(index)) {
        projections.add(reference(output, index));
      }
    }
    if (!type.leftOnly()) {
      for (int index = 0; index < rightOutput.size(); index++) {
        if (!rightKeys.contains(index)) {
          projections.add(reference(output, leftOutput.size() + index));
        }
      }
    }
    return new Project(projections, resolved);
  }

  private int usingColumn(String name, List<Attribute> output, String side) {
    int found = -1;
    for (int index = 0; index < output.size(); index++) {
      if (resolver.same(output.get(index).name(), name)) {
        if (found >= 0) {
          throw SpateException.analysis("[AMBIGUOUS_REFERENCE] Reference `%s` is ambiguous on the"
              + " %s side of the join.", name, side);
        }
        found = index;
      }
    }
    if (found < 0) {
      List<String> names = new ArrayList<>();
      for (Attribute attribute : output) {
        names.add("`" + attribute.name() + "`");
      }
      throw SpateException.analysis("[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column `%s` cannot"
          + " be resolved on the %s side of the join. The %s-side columns: [%s].", name, side,
          side, String.join(", ", names));
    }
    return found;
  }

  private LogicalPlan resolveUnion(Union union) {
    List<LogicalPlan> inputs = new ArrayList<>();
    for (LogicalPlan input : union.children()) {
      inputs.add(resolvePlan(input));
    }
    List<Attribute> first = inputs.get(0).output();
    List<Field> types = new ArrayList<>();
    for (Attribute attribute : first) {
      types.add(attribute.field());
    }
    for (int input = 1; input < inputs.size(); input++) {
      List<Attribute> output = inputs.get(input).output();
      if (output.size() != first.size()) {
        throw SpateException.analysis("[NUM_COLUMNS_MISMATCH] UNION can only be performed on"
            + " inputs with the same number of columns, but the first input has %d columns and"
            + " the %s input has %d columns.", first.size(), ordinalWord(input + 1),
            output.size());
      }
      for (int column = 0; column < first.size(); column++) {
        Field common = TypeCoercion.commonType(types.get(column), output.get(column).field());
        if (common == null) {
          throw SpateException.analysis("[INCOMPATIBLE_COLUMN_TYPE] UNION can only be performed"
              + " on inputs with compatible column types. The %s column of the %s input is"
              + " \"%s\" type which is not compatible with \"%s\" at the same column of the first"
              + " input.", ordinalWord(column + 1), ordinalWord(input + 1),
              DataTypes.sqlName(output.get(column).field()).toUpperCase(Locale.ROOT),
              DataTypes.sqlName(types.get(column)).toUpperCase(Locale.ROOT));
        }
        types.set(column, common);
      }
    }
    List<LogicalPlan> coerced = new ArrayList<>();
    for (LogicalPlan input : inputs) {
      coerced.add(castColumns(input, types));
    }
    return new Union(coerced);
  }

  private static LogicalPlan castColumns(LogicalPlan plan, List<Field> types) {
    List<Attribute> output = plan.output();
    List<Expression> projections = new ArrayList<>();
    boolean changed = false;
    for (int index = 0; index < output.size(); index++) {
      ColumnRef column = reference(output, index);
      Field type = types.get(index);
      if (TypeCoercion.isNull(type.getType())) {
        projections.add(column);
        continue;
      }
      Expression cast = TypeCoercion.castTo(column, type);
      changed |= cast != column;
      projections.add(cast == column ? column : new Alias(cast, column.name()));
    }
    return changed ? new Project(projections, plan) : plan;
  }

  private List<Expression> expandStars(List<Expression> items, List<Attribute> input) {
    List<Expression> expanded = new ArrayList<>();
    for (Expression item : items) {
      if (item instanceof Star) {
        expanded.addAll(resolver.expandStar((Star) item, input));
      } else {
        expanded.add(item);
      }
    }
    return expanded;
  }

  /** A resolved output column: a column reference as is, anything else under its Spark name. */
  private Expression named(Expression item, List<Attribute> input) {
    Expression resolved = resolver.resolve(item, input);
    if (resolved instanceof ColumnRef || resolved instanceof Alias) {
      return resolved;
    }
    return new Alias(resolved, resolver.displayName(item, input));
  }

  private static Expression requireBoolean(Expression condition, String operator) {
    ArrowType type = condition.dataType().getType();
    if (TypeCoercion.isNull(type)) {
      return TypeCoercion.cast(condition, DataTypes.BOOLEAN);
    }
    if (!(type instanceof ArrowType.Bool)) {
      throw SpateException.analysis("[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve \"%s\""
          + " due to data type mismatch: %s expression \"%s\" of type \"%s\" is not a boolean.",
          condition.sql(), operator, condition.sql(), FunctionRegistry.typeName(condition));
    }
    return condition;
  }

  private static boolean containsAggregate(Expression expression) {
    return expression.anyMatch(node -> node instanceof AggregateCall
        || (node instanceof UnresolvedFunction
            && FunctionRegistry.isAggregate(((UnresolvedFunction) node).name())));
  }

  private static boolean isGenerator(Expression expression) {
    return expression instanceof UnresolvedFunction
        && (((UnresolvedFunction) expression).name().equals("explode")
            || ((UnresolvedFunction) expression).name().equals("explode_outer"));
  }

  private static Expression unalias(Expression expression) {
    return expression instanceof Alias ? ((Alias) expression).child() : expression;
  }

  private static String ordinalWord(int position) {
    switch (position) {
      case 1:
        return "first";
      case 2:
        return "second";
      case 3:
        return "third";
      default:
        return position + "th";
    }
  }
}
