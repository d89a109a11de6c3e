package dev.bookslake.lake.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeViewsTest {
  private static final LocalDate DAY0 = LocalDate.parse("2026-01-01");
  private static final LocalDate DAY1 = LocalDate.parse("2026-01-02");

  @TempDir Path root;

  private static void writeBooks(Lake lake, LocalDate dt, String selectSql) throws SQLException {
    PendingSnapshot pending = lake.begin(Tables.SILVER_BOOKS, dt, "run-" + dt);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      String file =
          pending.directory().resolve("part-00000-of-00001.parquet").toString().replace("'", "''");
      s.execute("COPY (" + selectSql + ") TO '" + file + "' (FORMAT parquet)");
    }
    pending.commit(-1);
  }

  private static List<String> titles(Connection duck) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = duck.createStatement();
        ResultSet r = s.executeQuery("SELECT title FROM silver.books ORDER BY title")) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  @Test
  void everyTableOfTheLakeContractHasAViewBlock() {
    assertThat(LakeViews.blocks(LakeViews.script()))
        .extracting(b -> b.table().toString())
        .contains(
            "bronze.pages",
            "bronze.fetch_errors",
            "silver.books",
            "silver.book_history",
            "silver.quarantine",
            "gold.books",
            "gold.category_stats",
            "gold.overview",
            "gold.features",
            "gold.training_data",
            "gold.similar_books",
            "gold.predictions",
            "gold.prediction_errors",
            "gold.drift_report");
  }

  @Test
  void viewsShowTheCurrentSnapshotOrTheOneAsOfADate() throws SQLException {
    Lake lake = Lake.at(root);
    writeBooks(lake, DAY0, "SELECT 'A Light in the Attic' AS title UNION ALL SELECT 'Soumission'");
    writeBooks(lake, DAY1, "SELECT 'Sharp Objects' AS title");

    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      List<TableId> views = LakeViews.install(duck, lake, null);
      assertThat(views)
          .as("only tables with snapshots get a view")
          .containsExactly(Tables.SILVER_BOOKS);
      assertThat(titles(duck)).containsExactly("Sharp Objects");
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      LakeViews.install(duck, lake, DAY0);
      assertThat(titles(duck)).containsExactly("A Light in the Attic", "Soumission");
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      assertThat(LakeViews.install(duck, lake, LocalDate.parse("2025-12-31"))).isEmpty();
    }
  }

  @Test
  void aRerunOfTheSameDateIsSeenAndAnUncommittedWriteIsNot() throws SQLException {
    Lake lake = Lake.at(root);
    writeBooks(lake, DAY0, "SELECT 'first' AS title");
    writeBooks(lake, DAY0, "SELECT 'second' AS title");
    PendingSnapshot pending = lake.begin(Tables.SILVER_BOOKS, DAY1, "in-flight");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute(
          "COPY (SELECT 'half-written' AS title) TO '"
              + pending.directory().resolve("part-0.parquet")
              + "' (FORMAT parquet)");
    }

    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      LakeViews.install(duck, lake, null);
      assertThat(titles(duck)).containsExactly("second");
    }
  }

  @Test
  void lakeRootsWithQuotesAreEscaped() throws SQLException {
    Lake lake = Lake.at(root.resolve("it's a lake"));
    writeBooks(lake, DAY0, "SELECT 'x' AS title");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      LakeViews.install(duck, lake, null);
      assertThat(titles(duck)).containsExactly("x");
    }
  }
}
