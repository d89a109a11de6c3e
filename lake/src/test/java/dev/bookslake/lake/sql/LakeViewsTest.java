package dev.bookslake.lake.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.ReadSelection;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableFiles;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import dev.bookslake.schemas.bronze.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeViewsTest {
  private static final LocalDate DAY0 = LocalDate.parse("2026-01-01");
  private static final LocalDate DAY1 = LocalDate.parse("2026-01-02");

  @TempDir Path temp;

  private static Snapshot writePages(Lake lake, LocalDate dt, String run, int count) {
    PendingSnapshot pending = lake.begin(Tables.BRONZE_PAGES, dt, run);
    List<Page> pages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pages.add(
          Page.newBuilder()
              .setUrl("http://127.0.0.1/" + run + "/" + i)
              .setPageKind("product")
              .setHttpStatus(200)
              .setContentType(null)
              .setEtag(null)
              .setLastModified(null)
              .setBody("<html/>")
              .setSha256("00")
              .setAttempts(1)
              .setFetchedAt(Instant.parse("2026-01-01T10:00:00Z"))
              .setRunId(run)
              .setDt(dt.toString())
              .build());
    }
    TableFiles.write(Page.class, pending.directory().resolve("part-00000-of-00001.parquet"), pages);
    return pending.commit(count);
  }

  private static List<String> column(Connection duck, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = duck.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  @Test
  void aQueryGetsTheViewsItNamesOrAllWhenItNamesNone() {
    assertThat(
            LakeViews.referencedTables(
                "SELECT b.title FROM gold.books b JOIN \"Silver\" . \"book_history\" h USING (upc)"
                    + " WHERE b.upc IN (SELECT upc FROM gold.similar_books) -- not gold.nothing"))
        .containsExactly(Tables.SILVER_BOOK_HISTORY, Tables.GOLD_BOOKS, Tables.GOLD_SIMILAR_BOOKS);
    assertThat(LakeViews.referencedTables("SHOW ALL TABLES")).isEqualTo(Tables.ALL);
    assertThat(LakeViews.referencedTables("SELECT * FROM information_schema.tables"))
        .isEqualTo(Tables.ALL);
    assertThat(LakeViews.referencedTables("SELECT 'xgold.books', mygold.books FROM t"))
        .as("a layer name inside another name is not a reference")
        .isEqualTo(Tables.ALL);
  }

  @Test
  void viewsShowTheLatestPartitionOrTheOneAsOfADateWithDtAsADate() throws SQLException {
    Lake lake = Lake.at(temp.resolve("lake"));
    writePages(lake, DAY0, "run-0", 2);
    writePages(lake, DAY1, "run-1", 3);

    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      List<TableId> installed = LakeViews.install(duck, lake, (LocalDate) null);
      assertThat(installed).as("every table, written or not").containsExactlyElementsOf(Tables.ALL);
      assertThat(column(duck, "SELECT DISTINCT run_id FROM bronze.pages")).containsExactly("run-1");
      assertThat(column(duck, "SELECT DISTINCT typeof(dt) || ' ' || dt FROM bronze.pages"))
          .containsExactly("DATE 2026-01-02");
      assertThat(column(duck, "SELECT count(*) FROM bronze.pages WHERE length(body) > 0"))
          .as("an expression filter DuckDB 1.4.4's iceberg scan cannot take pushed down")
          .containsExactly("3");
      assertThat(column(duck, "SELECT count(*) FROM gold.drift_report"))
          .as("a table never written is empty")
          .containsExactly("0");
      assertThat(column(duck, "SELECT count(*) FROM (DESCRIBE gold.drift_report)"))
          .as("and has its columns")
          .containsExactly(
              String.valueOf(Tables.schema(Tables.GOLD_DRIFT_REPORT).getFields().size()));
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      LakeViews.install(duck, lake, DAY0);
      assertThat(column(duck, "SELECT count(*) FROM bronze.pages")).containsExactly("2");
    }
  }

  @Test
  void viewsArePinnedToTheirSnapshotAndTimeTravelReadsAnOlderOne() throws SQLException {
    Lake lake = Lake.at(temp.resolve("lake"));
    Snapshot first = writePages(lake, DAY0, "run-0", 2);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      LakeViews.install(duck, lake, (LocalDate) null);
      writePages(lake, DAY0, "run-again", 5);
      assertThat(column(duck, "SELECT count(*) FROM bronze.pages"))
          .as("a commit after install is not half-visible: the view stays on its snapshot")
          .containsExactly("2");
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      LakeViews.install(
          duck, lake, ReadSelection.LATEST, Map.of(Tables.BRONZE_PAGES, first.snapshotId()));
      assertThat(column(duck, "SELECT DISTINCT run_id FROM bronze.pages")).containsExactly("run-0");
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      LakeViews.install(duck, lake, (LocalDate) null);
      assertThat(column(duck, "SELECT DISTINCT run_id FROM bronze.pages"))
          .containsExactly("run-again");
    }
  }

  @Test
  void thePlainDuckDbScriptGivesTheSameRowsAsTheProjectsViews() throws SQLException {
    Lake lake = Lake.at(temp.resolve("it's a lake"));
    writePages(lake, DAY0, "run-0", 2);
    writePages(lake, DAY1, "run-1", 3);

    for (String asOf : new String[] {null, DAY0.toString()}) {
      List<String> project;
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
        LakeViews.install(duck, lake, asOf == null ? null : LocalDate.parse(asOf));
        project = column(duck, "SELECT url || ' ' || dt FROM bronze.pages ORDER BY 1");
      }
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
          Statement s = duck.createStatement()) {
        DuckDbExtensions.loadIceberg(duck);
        s.execute("SET VARIABLE lake_root = " + LakeViews.literal(lake.root().toString()));
        s.execute("SET VARIABLE as_of = " + (asOf == null ? "NULL" : LakeViews.literal(asOf)));
        for (String statement : LakeViews.script().split(";\n")) {
          if (!statement.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
            s.execute(statement);
          }
        }
        assertThat(column(duck, "SELECT url || ' ' || dt FROM bronze.pages ORDER BY 1"))
            .as("as of %s", asOf)
            .isEqualTo(project)
            .isNotEmpty();
        assertThat(column(duck, "SELECT count(*) FROM gold.drift_report")).containsExactly("0");
        assertThat(column(duck, "SELECT count(*) > 0 FROM bronze.pages WHERE length(body) > 0"))
            .containsExactly("true");
      }
    }
  }

  @Test
  void everyTableHasABlockInThePlainDuckDbScript() {
    String script = LakeViews.script();
    for (TableId table : Tables.ALL) {
      assertThat(script).contains("-- table: " + table + " ").contains("VIEW " + table + " AS");
    }
  }

  @Test
  void aLakeWithNoCatalogGetsNoViews() throws Exception {
    Path empty = temp.resolve("empty");
    Files.createDirectories(empty);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      assertThat(LakeViews.install(duck, Lake.at(empty), (LocalDate) null)).isEmpty();
    }
  }
}
