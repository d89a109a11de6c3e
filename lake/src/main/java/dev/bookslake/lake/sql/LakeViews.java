package dev.bookslake.lake.sql;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.LakeException;
import dev.bookslake.lake.ReadSelection;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.TableRead;
import dev.bookslake.lake.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Installs the analysts' views into a DuckDB connection: one view per lake table, {@code
 * <layer>.<table>}, reading the table through DuckDB's {@code iceberg} extension at one Iceberg
 * snapshot and one {@code dt} partition. Each view is pinned to the metadata file and snapshot
 * resolved from the catalog when it is installed, so every query of a session sees the same state,
 * and a stage committing meanwhile is never half-visible. {@code dt} is shown as a {@code DATE}. A
 * table that exists but was never written shows empty, with its columns.
 *
 * <pre>{@code
 * try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
 *   List<TableId> views = LakeViews.install(duck, Lake.open("lake/warehouse"), ReadSelection.LATEST);
 *   // SELECT category, books FROM gold.category_stats ...
 * }
 * }</pre>
 *
 * <p>Plain DuckDB users get the same views from {@code lake/sql/views.sql} ({@link #script()}),
 * which finds each table's current version through its {@code version-hint.text}.
 */
public final class LakeViews {
  private static final String RESOURCE = "/bookslake/sql/views.sql";
  private static final String CREATE_SCHEMA = "CREATE SCHEMA IF NOT EXISTS %s";
  // OFFSET 0 keeps the query's own filters out of the scan (the partition filter stays in it):
  // DuckDB 1.4.4's iceberg scan fails with an internal error on some pushed-down expression
  // filters, e.g. length(body) > 0 on bronze.pages. Column pruning still reaches the scan.
  private static final String CREATE_VIEW =
      "CREATE OR REPLACE VIEW %s AS SELECT * FROM (SELECT * REPLACE (CAST(dt AS DATE) AS dt)"
          + " FROM iceberg_scan(%s, snapshot_from_id => %d) WHERE %s OFFSET 0)";
  private static final String PARTITION_FILTER = "dt = %s";
  private static final String NO_ROWS = "false";
  private static final Pattern TABLE_REFERENCE =
      Pattern.compile(
          "(?i)(?<![\\w.])\"?(bronze|silver|gold)\"?\\s*\\.\\s*\"?([a-z_][a-z0-9_]*)\"?");

  private LakeViews() {}

  /** The latest views, or those published for {@code asOf} (the latest {@code dt} on or before). */
  public static List<TableId> install(Connection connection, Lake lake, @Nullable LocalDate asOf) {
    return install(connection, lake, ReadSelection.asOf(asOf), Map.of());
  }

  /**
   * Creates the view of every table that exists in the lake's catalog at the selected state.
   *
   * @param selection the partition and time-travel point for every table
   * @param snapshots per-table Iceberg snapshot ids that override the selection's time travel
   * @return the tables that got a view
   */
  public static List<TableId> install(
      Connection connection, Lake lake, ReadSelection selection, Map<TableId, Long> snapshots) {
    return install(connection, lake, selection, snapshots, Tables.ALL);
  }

  /**
   * Creates the views of the given tables only (those that exist in the lake's catalog at the
   * selected state): what a one-off query needs, since each view costs a catalog lookup and a
   * metadata read.
   */
  public static List<TableId> install(
      Connection connection,
      Lake lake,
      ReadSelection selection,
      Map<TableId, Long> snapshots,
      Collection<TableId> tables) {
    return install(connection, lake.root(), lake.selectAll(tables, selection, snapshots).values());
  }

  /**
   * Creates the views of tables already resolved from the lake's catalog ({@link Lake#selectAll}),
   * for a caller that resolved them on another thread while this connection was opening ({@code
   * ./bookslake query} overlaps the two starts).
   *
   * @param root the lake's root, for the error message
   * @return the tables that got a view (a table never written gets none)
   */
  public static List<TableId> install(
      Connection connection, Path root, Collection<TableRead> reads) {
    List<TableId> installed = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      DuckDbExtensions.loadIceberg(connection);
      for (String layer : List.of("bronze", "silver", "gold")) {
        statement.execute(CREATE_SCHEMA.formatted(layer));
      }
      for (TableRead read : reads) {
        if (read.snapshotId() == null) {
          continue;
        }
        statement.execute(viewSql(read));
        installed.add(read.table());
      }
    } catch (SQLException e) {
      throw new LakeException(
          "Cannot create lake views over: " + root + " (" + e.getMessage() + ")", e);
    }
    return installed;
  }

  /**
   * The lake tables a SQL text names as {@code layer.table} (quoted or not, any case), in lake
   * order; every table when it names none (e.g. {@code SHOW ALL TABLES}, {@code
   * information_schema}), since the query may then look at any view.
   */
  public static List<TableId> referencedTables(String sql) {
    Set<String> named = new HashSet<>();
    Matcher m = TABLE_REFERENCE.matcher(sql);
    while (m.find()) {
      named.add(m.group(1).toLowerCase(Locale.ROOT) + "." + m.group(2).toLowerCase(Locale.ROOT));
    }
    List<TableId> tables = Tables.ALL.stream().filter(t -> named.contains(t.toString())).toList();
    return tables.isEmpty() ? Tables.ALL : tables;
  }

  /** The {@code CREATE VIEW} of one selected table. */
  static String viewSql(TableRead read) {
    String filter =
        read.partition()
            .map(p -> PARTITION_FILTER.formatted(literal(p.dt().toString())))
            .orElse(NO_ROWS);
    return CREATE_VIEW.formatted(
        read.table(), literal(read.metadataLocation()), read.snapshotId(), filter);
  }

  /** A SQL string literal; DDL such as a view body cannot take {@code ?} parameters. */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** The full text of {@code views.sql}, for plain DuckDB. */
  public static String script() {
    try (InputStream in = LakeViews.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new LakeException("Cannot find lake views on the classpath: " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LakeException("Cannot read lake views: " + RESOURCE, e);
    }
  }
}
