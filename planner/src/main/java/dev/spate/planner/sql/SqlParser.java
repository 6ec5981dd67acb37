package dev.spate.planner.sql;

import dev.spate.SpateException;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.logical.LogicalPlan;
import java.util.Locale;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.create.view.TemporaryOption;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Spark SQL text to Spate's unresolved plans and expressions, on top of JSqlParser.
 *
 * <p>Usage: {@code LogicalPlan plan = SqlParser.parseQuery("SELECT a, count(*) FROM t GROUP BY
 * a")}; {@code Expression condition = SqlParser.parseExpression("x > 1 AND y IS NOT NULL")} (for
 * {@code df.where}, {@code selectExpr}, {@code functions.expr}; an {@code AS alias} is kept as an
 * {@link dev.spate.planner.expr.Alias}); {@code SqlStatement statement =
 * SqlParser.parseStatement(sql)} is either a {@link QueryStatement} or a {@link CreateTempView}.
 * The results are unresolved: pass plans to {@code dev.spate.planner.analysis.Analyzer}.
 *
 * <p>Errors are {@code SpateException}s of class ANALYSIS: {@code [PARSE_SYNTAX_ERROR] Syntax error
 * at line L, column C: unexpected 'token'} for text JSqlParser rejects, and {@code
 * [UNSUPPORTED_FEATURE] ... is not supported} naming a construct Spate does not implement.
 *
 * <p>Spark's {@code window} is a reserved word in JSqlParser; bare {@code window} identifiers
 * (the {@code window(...)} function and {@code window.start}) are backquoted before parsing.
 */
public final class SqlParser {
  private SqlParser() {}

  /** Parses one query ({@code SELECT}, set operations, {@code VALUES}). */
  public static LogicalPlan parseQuery(String sql) {
    SqlStatement statement = parseStatement(sql);
    if (!(statement instanceof QueryStatement)) {
      throw SpateException.analysis("[UNSUPPORTED_FEATURE] expected a query, got a %s statement",
          statement.getClass().getSimpleName());
    }
    return ((QueryStatement) statement).plan();
  }

  /** Parses a query or a {@code CREATE [OR REPLACE] TEMP[ORARY] VIEW v AS query}. */
  public static SqlStatement parseStatement(String sql) {
    Statement statement = parse(sql);
    if (statement instanceof Select) {
      return new QueryStatement(QueryBuilder.build((Select) statement));
    }
    if (statement instanceof CreateView) {
      CreateView view = (CreateView) statement;
      if (view.getTemporary() == null || view.getTemporary() == TemporaryOption.NONE) {
        throw ExpressionBuilder.unsupported("CREATE VIEW without TEMPORARY (persistent views)");
      }
      if (view.getColumnNames() != null) {
        throw ExpressionBuilder.unsupported("a column list in CREATE VIEW");
      }
      return new CreateTempView(ExpressionBuilder.unquote(view.getView().getName()),
          view.isOrReplace(), QueryBuilder.build(view.getSelect()));
    }
    throw ExpressionBuilder.unsupported("the statement "
        + statement.getClass().getSimpleName().toUpperCase(Locale.ROOT));
  }

  /** Parses one expression, optionally followed by {@code AS alias}. */
  public static Expression parseExpression(String text) {
    Statement statement = parse("SELECT " + text);
    if (!(statement instanceof net.sf.jsqlparser.statement.select.PlainSelect)) {
      throw SpateException.analysis("[PARSE_SYNTAX_ERROR] Syntax error in expression '%s'", text);
    }
    net.sf.jsqlparser.statement.select.PlainSelect select =
        (net.sf.jsqlparser.statement.select.PlainSelect) statement;
    if (select.getSelectItems().size() != 1 || select.getFromItem() != null
        || select.getWhere() != null) {
      throw SpateException.analysis("[PARSE_SYNTAX_ERROR] Syntax error in expression '%s':"
          + " expected exactly one expression", text);
    }
    return QueryBuilder.selectItem(select.getSelectItems().get(0));
  }

  private static Statement parse(String sql) {
    String text = KeywordQuoter.adapt(sql);
    try {
      return CCJSqlParserUtil.parse(text);
    } catch (JSQLParserException e) {
      throw syntaxError(sql, e);
    }
  }

  private static SpateException syntaxError(String sql, JSQLParserException exception) {
    Throwable cause = exception.getCause();
    while (cause != null && !(cause instanceof ParseException)) {
      cause = cause.getCause();
    }
    if (cause != null && ((ParseException) cause).currentToken != null) {
      Token token = ((ParseException) cause).currentToken.next;
      if (token != null) {
        String found = token.image == null || token.image.isEmpty() ? "end of input"
            : "'" + token.image + "'";
        return new SpateException(SpateException.ErrorClass.ANALYSIS, String.format(
            "[PARSE_SYNTAX_ERROR] Syntax error at line %d, column %d: unexpected %s in: %s",
            token.beginLine, token.beginColumn, found, sql), exception);
      }
    }
    String message = exception.getMessage() == null ? "" : exception.getMessage().split("\n")[0];
    return new SpateException(SpateException.ErrorClass.ANALYSIS,
        "[PARSE_SYNTAX_ERROR] Syntax error: " + message + " in: " + sql, exception);
  }
}
