package dev.spate.planner.sql;

/**
 * A parsed SQL statement: a {@link QueryStatement} (a query to run) or a {@link CreateTempView}
 * (a view for the engine to register). Returned by {@link SqlParser#parseStatement(String)}.
 */
public interface SqlStatement {}
