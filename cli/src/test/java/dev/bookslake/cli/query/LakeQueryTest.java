package dev.bookslake.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.cli.Bookslake;
import dev.bookslake.cli.CliRun;
import dev.bookslake.lake.Lake;
import dev.bookslake.pipelines.testing.GoldFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bookslake query} in this JVM, through the command line as users call it, over a real
 * fixture lake of two days: each output format byte for byte, {@code --as-of}, and the failures a
 * user meets (a view the lake does not have, SQL DuckDB refuses).
 */
class LakeQueryTest {
  private static final LocalDate DAY_1 = LocalDate.parse("2026-01-01");
  private static final LocalDate DAY_2 = LocalDate.parse("2026-01-02");
  private static final int BOOKS = 12;

  @TempDir static Path lake;

  @BeforeAll
  static void writeLake() {
    GoldFixture.write(Lake.at(lake), BOOKS, List.of(DAY_1, DAY_2));
  }

  private static CliRun.Result query(String sql, String... options) {
    List<String> args = new ArrayList<>(List.of("query", sql, "--lake", lake.toString()));
    args.addAll(List.of(options));
    return CliRun.run(args);
  }

  private static CliRun.Result ok(String sql, String... options) {
    CliRun.Result result = query(sql, options);
    assertThat(result.exitCode()).as(result.err()).isEqualTo(Bookslake.EXIT_OK);
    assertThat(result.err()).isEmpty();
    return result;
  }

  @Test
  void tablePadsEveryColumnToItsWidestCellAndRightAlignsNumbers() {
    CliRun.Result result =
        ok(
            "SELECT site_id, title, price_incl_tax, in_stock, description FROM gold.books"
                + " WHERE site_id IN (2, 10) ORDER BY site_id");
    assertThat(result.out())
        .isEqualTo(
            """
        +---------+---------------+----------------+----------+----------------------------------------------------------+
        | site_id | title         | price_incl_tax | in_stock | description                                              |
        +---------+---------------+----------------+----------+----------------------------------------------------------+
        |       2 | Soumission 2  |          10.85 | true     | A story, number 2, told with "quotes" and unicode: café. |
        |      10 | Soumission 10 |          13.81 | true     | NULL                                                     |
        +---------+---------------+----------------+----------+----------------------------------------------------------+
        2 rows
        """);
  }

  @Test
  void tableCutsCellsAtMaxWidthAndKeepsEachRowOnOneLine() {
    CliRun.Result result =
        ok(
            "SELECT 'two' || chr(10) || 'lines' AS text, repeat('x', 12) AS long",
            "--max-width",
            "9");
    assertThat(result.out())
        .isEqualTo(
            """
        +-----------+-----------+
        | text      | long      |
        +-----------+-----------+
        | two lines | xxxxxxxx… |
        +-----------+-----------+
        1 row
        """);
  }

  @Test
  void csvQuotesOnlyWhatNeedsQuotingAndWritesNullAsNothing() {
    CliRun.Result result =
        ok(
            "SELECT 'a,b' AS \"x,y\", 'say \"hi\"' AS quote, 'two' || chr(10) || 'lines' AS newline,"
                + " 'cr' || chr(13) AS cr, NULL AS nothing, 10.50::DECIMAL(10,2) AS price, 'plain' AS plain",
            "--format",
            "csv");
    assertThat(result.out())
        .isEqualTo(
            "\"x,y\",quote,newline,cr,nothing,price,plain\n"
                + "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",,10.50,plain\n");
  }

  @Test
  void csvOfALakeTableHasAHeaderAndOneLinePerRow() {
    CliRun.Result result =
        ok("SELECT category, books FROM gold.category_stats ORDER BY category", "--format", "CSV");
    List<String> lines = result.out().lines().toList();
    assertThat(lines)
        .hasSize(1 + GoldFixture.CATEGORIES.size())
        .startsWith("category,books", "Fantasy,1");
    assertThat(lines).contains("Historical Fiction,2");
  }

  @Test
  void jsonKeepsNumbersExactAndTypedAndWritesWhatJsonCannotHoldAsStrings() {
    CliRun.Result result =
        ok(
            "SELECT true AS yes, 10.48::DECIMAL(10,2) AS price, 7 AS int, 8::BIGINT AS big, 2::SMALLINT AS small,"
                + " 1::TINYINT AS tiny, 0.25::DOUBLE AS dbl, 1.5::FLOAT AS flt, 'nan'::DOUBLE AS nan, 'inf'::FLOAT AS inf,"
                + " 170141183460469231731687303715884105727::HUGEINT AS huge, [1, NULL, 3] AS list, NULL AS nothing,"
                + " DATE '2026-01-02' AS day, 'café' AS text",
            "--format",
            "json");
    assertThat(result.out())
        .isEqualTo(
            "[{\"yes\":true,\"price\":10.48,\"int\":7,\"big\":8,\"small\":2,\"tiny\":1,"
                + "\"dbl\":0.25,\"flt\":1.5,\"nan\":\"NaN\",\"inf\":\"Infinity\","
                + "\"huge\":170141183460469231731687303715884105727,\"list\":[1,null,3],\"nothing\":null,"
                + "\"day\":\"2026-01-02\",\"text\":\"café\"}]\n");
  }

  @Test
  void jsonOfNoRowsIsAnEmptyArray() {
    assertThat(ok("SELECT upc FROM gold.books WHERE false", "--format", "json").out())
        .isEqualTo("[]\n");
  }

  @Test
  void viewsReadTheNewestSnapshotUnlessAsOfNamesAnEarlierDay() {
    // DISTINCT rather than max(): a view holds one dt, and a second one would fail the scalar
    // subquery. (It also dodged DuckDB 2.0.0's internal error on max(dt) over such files.)
    String sql =
        "SELECT (SELECT DISTINCT dt FROM gold.books) AS dt, (SELECT count(*) FROM silver.book_history) AS history";
    assertThat(ok(sql, "--format", "csv").out())
        .isEqualTo("dt,history\n2026-01-02," + 2 * BOOKS + "\n");
    assertThat(ok(sql, "--format", "csv", "--as-of", "2026-01-01").out())
        .isEqualTo("dt,history\n2026-01-01," + BOOKS + "\n");
    assertThat(ok(sql, "--format", "csv", "--as-of", "2030-01-01").out())
        .isEqualTo("dt,history\n2026-01-02," + 2 * BOOKS + "\n");
  }

  @Test
  void aTableNeverWrittenOrBeforeItsFirstDayIsEmptyWithItsColumns() {
    assertThat(ok("SELECT count(*) AS n FROM gold.predictions", "--format", "csv").out())
        .isEqualTo("n\n0\n");
    assertThat(
            ok("SELECT column_name FROM (DESCRIBE gold.predictions) LIMIT 2", "--format", "csv")
                .out())
        .isEqualTo("column_name\nupc\nsite_id\n");
    assertThat(
            ok("SELECT count(*) AS n FROM gold.books", "--format", "csv", "--as-of", "2025-12-31")
                .out())
        .isEqualTo("n\n0\n");
  }

  @Test
  void aViewTheLakeDoesNotHaveFailsTheQueryNamingTheTable() {
    CliRun.Result missing = query("SELECT count(*) FROM gold.nonexistent");
    assertThat(missing.exitCode()).isEqualTo(Bookslake.EXIT_FAILED);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err())
        .startsWith(
            "bookslake query failed: Catalog Error: Table with name nonexistent does not exist!");
  }

  @Test
  void sqlDuckDbRefusesFailsTheQueryWithDuckDbsReason() {
    CliRun.Result syntax = query("SELEC 1");
    assertThat(syntax.exitCode()).isEqualTo(Bookslake.EXIT_FAILED);
    assertThat(syntax.out()).isEmpty();
    assertThat(syntax.err())
        .startsWith("bookslake query failed: Parser Error: syntax error at or near \"SELEC\"");

    CliRun.Result column = query("SELECT no_such_column FROM gold.books");
    assertThat(column.exitCode()).isEqualTo(Bookslake.EXIT_FAILED);
    assertThat(column.err())
        .startsWith(
            "bookslake query failed: Binder Error: Referenced column \"no_such_column\" not found");
  }

  @Test
  void runReturnsTheRowsPrinted() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rows =
        LakeQuery.run(
            new LakeQuery.Request(
                "SELECT upc FROM gold.similar_books",
                Lake.at(lake),
                DAY_1,
                LakeQuery.Format.CSV,
                60),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(rows).isEqualTo(BOOKS * 10);
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(1 + BOOKS * 10);
  }
}
