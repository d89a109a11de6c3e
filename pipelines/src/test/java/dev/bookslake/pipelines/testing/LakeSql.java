package dev.bookslake.pipelines.testing;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.sql.LakeViews;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a lake in tests the way analysts do: DuckDB over the lake views. */
public final class LakeSql {
  private LakeSql() {}

  /** Rows of a query over the current snapshots, each a column-name → value map in select order. */
  public static List<Map<String, Object>> rows(Lake lake, String sql) {
    return rowsAsOf(lake, null, sql);
  }

  /** Rows of a query over the snapshots published for {@code asOf} (current when null). */
  public static List<Map<String, Object>> rowsAsOf(Lake lake, LocalDate asOf, String sql) {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      LakeViews.install(duck, lake, asOf);
      try (Statement s = duck.createStatement();
          ResultSet r = s.executeQuery(sql)) {
        ResultSetMetaData meta = r.getMetaData();
        List<Map<String, Object>> out = new ArrayList<>();
        while (r.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 1; c <= meta.getColumnCount(); c++) {
            row.put(meta.getColumnLabel(c), r.getObject(c));
          }
          out.add(row);
        }
        return out;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot query test lake: " + sql, e);
    }
  }

  /** The single value of a one-row, one-column query. */
  public static Object value(Lake lake, String sql) {
    List<Map<String, Object>> rows = rows(lake, sql);
    if (rows.size() != 1 || rows.get(0).size() != 1) {
      throw new IllegalStateException("Cannot read one value from: " + sql + " -> " + rows);
    }
    return rows.get(0).values().iterator().next();
  }

  /** The first column of every row, as strings. */
  public static List<String> column(Lake lake, String sql) {
    return rows(lake, sql).stream().map(r -> String.valueOf(r.values().iterator().next())).toList();
  }
}
