package dev.bookslake.lake.sql;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.LakeException;
import dev.bookslake.lake.TableId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installs the analysts' views ({@code lake/sql/views.sql}) into a DuckDB connection: one view per
 * table, {@code <layer>.<table>}, over the snapshot published for the latest {@code dt} or the
 * latest on or before an as-of date. Tables with no snapshot yet get no view.
 *
 * <pre>{@code
 * try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
 *   List<TableId> views = LakeViews.install(duck, Lake.open("lake/warehouse"), null);
 *   // SELECT category, books FROM gold.category_stats ...
 * }
 * }</pre>
 */
public final class LakeViews {
  private static final String RESOURCE = "/bookslake/sql/views.sql";
  private static final String SET_LAKE_ROOT = "SET VARIABLE lake_root = ?";
  private static final String SET_AS_OF = "SET VARIABLE as_of = ?::DATE";
  private static final Pattern BLOCK =
      Pattern.compile("(?m)^-- table: ([a-z]+\\.[a-z0-9_]+)\\b.*$");

  /** One view definition: the table and its SQL statements. */
  public record ViewBlock(TableId table, List<String> statements) {}

  private LakeViews() {}

  /**
   * Creates the views of every table that has a snapshot (on or before {@code asOf} when given).
   *
   * @return the tables that got a view
   */
  public static List<TableId> install(Connection connection, Lake lake, LocalDate asOf) {
    String script = script();
    List<TableId> installed = new ArrayList<>();
    try (PreparedStatement root = connection.prepareStatement(SET_LAKE_ROOT);
        PreparedStatement date = connection.prepareStatement(SET_AS_OF);
        Statement statement = connection.createStatement()) {
      root.setString(1, lake.root().toString());
      root.execute();
      date.setObject(1, asOf == null ? null : asOf.toString());
      date.execute();
      for (String sql : preamble(script)) {
        statement.execute(sql);
      }
      for (ViewBlock block : blocks(script)) {
        boolean present =
            asOf == null
                ? lake.current(block.table()).isPresent()
                : lake.asOf(block.table(), asOf).isPresent();
        if (!present) {
          continue;
        }
        for (String sql : block.statements()) {
          statement.execute(sql);
        }
        installed.add(block.table());
      }
    } catch (SQLException e) {
      throw new LakeException(
          "Cannot create lake views over: " + lake.root() + " (" + e.getMessage() + ")", e);
    }
    return installed;
  }

  /** The view definitions of {@code views.sql}, in file order. */
  public static List<ViewBlock> blocks(String script) {
    List<ViewBlock> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(script);
    List<int[]> starts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    while (m.find()) {
      starts.add(new int[] {m.start(), m.end()});
      names.add(m.group(1));
    }
    for (int i = 0; i < starts.size(); i++) {
      int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : script.length();
      blocks.add(
          new ViewBlock(
              TableId.parse(names.get(i)), statements(script.substring(starts.get(i)[1], end))));
    }
    return blocks;
  }

  /** The full text of {@code views.sql}. */
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

  private static List<String> preamble(String script) {
    Matcher m = BLOCK.matcher(script);
    return statements(m.find() ? script.substring(0, m.start()) : script);
  }

  private static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        String statement = current.toString().strip();
        out.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }
}
