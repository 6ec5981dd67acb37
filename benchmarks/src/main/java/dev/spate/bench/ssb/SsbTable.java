package dev.spate.bench.ssb;

import dev.spate.planner.types.DdlParser;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The five tables of the Star Schema Benchmark with their columns. Integer columns are {@code INT}
 * (prices are in cents), text columns {@code STRING}; the generator never produces NULLs.
 */
public enum SsbTable {
  LINEORDER("lineorder", "lo_orderkey INT, lo_linenumber INT, lo_custkey INT, lo_partkey INT,"
      + " lo_suppkey INT, lo_orderdate INT, lo_orderpriority STRING, lo_shippriority INT,"
      + " lo_quantity INT, lo_extendedprice INT, lo_ordtotalprice INT, lo_discount INT,"
      + " lo_revenue INT, lo_supplycost INT, lo_tax INT, lo_commitdate INT, lo_shipmode STRING"),
  CUSTOMER("customer", "c_custkey INT, c_name STRING, c_address STRING, c_city STRING,"
      + " c_nation STRING, c_region STRING, c_phone STRING, c_mktsegment STRING"),
  SUPPLIER("supplier", "s_suppkey INT, s_name STRING, s_address STRING, s_city STRING,"
      + " s_nation STRING, s_region STRING, s_phone STRING"),
  PART("part", "p_partkey INT, p_name STRING, p_mfgr STRING, p_category STRING,"
      + " p_brand1 STRING, p_color STRING, p_type STRING, p_size INT, p_container STRING"),
  DATE("date", "d_datekey INT, d_date STRING, d_dayofweek STRING, d_month STRING, d_year INT,"
      + " d_yearmonthnum INT, d_yearmonth STRING, d_daynuminweek INT, d_daynuminmonth INT,"
      + " d_daynuminyear INT, d_monthnuminyear INT, d_weeknuminyear INT,"
      + " d_sellingseason STRING, d_lastdayinweekfl INT, d_lastdayinmonthfl INT,"
      + " d_holidayfl INT, d_weekdayfl INT");

  private final String tableName;
  private final String ddl;

  SsbTable(String tableName, String ddl) {
    this.tableName = tableName;
    this.ddl = ddl;
  }

  /** The table's name in the SSB queries, which is also its directory under the data directory. */
  public String tableName() {
    return tableName;
  }

  /** The table's columns. */
  public Schema schema() {
    return DdlParser.parseSchema(ddl);
  }
}
