package dev.bookslake.pipelines.testing;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.TableId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Writes a synthetic but realistic gold lake: every gold table the API reads plus {@code
 * silver.book_history}, as real Parquet files committed through {@link Lake} (real layout, real
 * pointers). Prices and stock change from one dt to the next, so the history has intervals and a
 * new snapshot has different data. {@code gold.books} is committed last for each dt, so a reader
 * following its pointer sees the other tables of that dt already published.
 *
 * <pre>
 * scripts/bench-api.sh     # runs it from the test classpath: GoldFixture --lake /tmp/lake --books 1000
 * </pre>
 */
public final class GoldFixture {
  /** The categories books are spread over; one has a space, as the real shop's do. */
  public static final List<String> CATEGORIES = List.of(
      "Poetry", "Travel", "Mystery", "Historical Fiction", "Science", "Fantasy", "Romance", "Philosophy");

  private static final String PARAMS =
      "WITH p AS (SELECT ?::INTEGER AS n, ?::INTEGER AS k, ?::DATE[] AS dts, ?::VARCHAR[] AS cats) ";
  private static final String CREATE_BOOKS = "CREATE OR REPLACE TEMP TABLE fx_books AS " + PARAMS + """
      SELECT
        substr(md5('upc-' || i::VARCHAR), 1, 16) AS upc,
        i::INTEGER AS site_id,
        list_extract(['A Light in the Attic', 'Tipping the Velvet', 'Soumission', 'Sharp Objects',
                      'Sapiens', 'The Requiem Red', 'The Dirty Little Secrets', 'Light and Shadow'],
                     1 + (i % 8)::INTEGER) || ' ' || i::VARCHAR AS title,
        list_extract(cats, 1 + (i % len(cats))::INTEGER) AS category,
        price AS price_excl_tax,
        price AS price_incl_tax,
        0.00::DECIMAL(10,2) AS tax,
        'GBP' AS currency,
        stock::INTEGER AS stock_count,
        stock > 0 AS in_stock,
        (1 + i % 5)::INTEGER AS rating,
        (i % 4)::INTEGER AS review_count,
        CASE WHEN i % 10 = 0 THEN NULL
             ELSE 'A story, number ' || i::VARCHAR || ', told with "quotes" and unicode: café.' END AS description,
        'https://books.toscrape.com/media/cache/' || i::VARCHAR || '.jpg' AS image_url,
        'https://books.toscrape.com/catalogue/book-' || i::VARCHAR || '_' || i::VARCHAR || '/index.html' AS product_url,
        sha256('page-' || i::VARCHAR || '-' || k::VARCHAR) AS page_sha256,
        (list_extract(dts, k + 1)::TIMESTAMP + INTERVAL 6 HOUR)::TIMESTAMPTZ AS scraped_at,
        'fixture-' || list_extract(dts, k + 1)::VARCHAR AS run_id,
        list_extract(dts, k + 1)::VARCHAR AS dt,
        CASE WHEN price < 20 THEN 'low' WHEN price < 35 THEN 'mid' ELSE 'high' END AS price_band,
        CASE WHEN i % 10 = 0 THEN 0 ELSE 60 + length(i::VARCHAR) END::INTEGER AS description_length,
        (3 + i % 3)::INTEGER AS title_word_count,
        list_extract(dts, 1) AS first_seen,
        (list_extract(dts, k + 1) - list_extract(dts, 1))::INTEGER AS days_since_first_seen
      FROM p, range(1, n + 1) t(i),
        LATERAL (SELECT round(10 + ((i * 37 + k * 11) % 4000) / 100.0, 2)::DECIMAL(10,2) AS price,
                        (i * 7 + k) % 23 AS stock)
      """;
  private static final String CREATE_HISTORY = "CREATE OR REPLACE TEMP TABLE fx_history AS " + PARAMS + """
      SELECT
        substr(md5('upc-' || i::VARCHAR), 1, 16) AS upc,
        round(10 + ((i * 37 + j * 11) % 4000) / 100.0, 2)::DECIMAL(10,2) AS price_excl_tax,
        round(10 + ((i * 37 + j * 11) % 4000) / 100.0, 2)::DECIMAL(10,2) AS price_incl_tax,
        ((i * 7 + j) % 23)::INTEGER AS stock_count,
        (i * 7 + j) % 23 > 0 AS in_stock,
        list_extract(dts, j + 1) AS valid_from,
        CASE WHEN j < k THEN list_extract(dts, j + 2) END AS valid_to,
        j = k AS is_current,
        list_extract(dts, k + 1)::VARCHAR AS dt
      FROM p, range(1, n + 1) t(i), range(0, k + 1) v(j)
      """;
  private static final String CREATE_CATEGORY_STATS = """
      CREATE OR REPLACE TEMP TABLE fx_category_stats AS
      SELECT category, count(*)::INTEGER AS books, count(*) FILTER (WHERE in_stock)::INTEGER AS in_stock_books,
        round(count(*) FILTER (WHERE in_stock) / count(*), 4) AS in_stock_share,
        min(price_incl_tax) AS min_price, round(avg(price_incl_tax), 2)::DECIMAL(10,2) AS avg_price,
        median(price_incl_tax) AS median_price, max(price_incl_tax) AS max_price,
        round(avg(rating), 3) AS avg_rating,
        count(*) FILTER (WHERE rating = 1)::INTEGER AS rating_1, count(*) FILTER (WHERE rating = 2)::INTEGER AS rating_2,
        count(*) FILTER (WHERE rating = 3)::INTEGER AS rating_3, count(*) FILTER (WHERE rating = 4)::INTEGER AS rating_4,
        count(*) FILTER (WHERE rating = 5)::INTEGER AS rating_5, any_value(dt) AS dt
      FROM fx_books GROUP BY category ORDER BY category
      """;
  private static final String CREATE_OVERVIEW = """
      CREATE OR REPLACE TEMP TABLE fx_overview AS
      SELECT count(*)::INTEGER AS books, count(DISTINCT category)::INTEGER AS categories,
        count(*) FILTER (WHERE in_stock)::INTEGER AS in_stock_books,
        min(price_incl_tax) AS min_price, round(avg(price_incl_tax), 2)::DECIMAL(10,2) AS avg_price,
        max(price_incl_tax) AS max_price, round(avg(rating), 3) AS avg_rating,
        [count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2), count(*) FILTER (WHERE rating = 3),
         count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5)] AS rating_counts,
        {'low': count(*) FILTER (WHERE price_band = 'low'), 'mid': count(*) FILTER (WHERE price_band = 'mid'),
         'high': count(*) FILTER (WHERE price_band = 'high')} AS price_bands,
        any_value(dt) AS dt
      FROM fx_books
      """;
  private static final String CREATE_FEATURES = """
      CREATE OR REPLACE TEMP TABLE fx_features AS
      SELECT upc, site_id, description_length, title_word_count,
        (list_position(?::VARCHAR[], category) - 1)::INTEGER AS category_index,
        stock_count, in_stock::INTEGER AS in_stock, review_count, days_since_first_seen,
        'fixture-contract-v1' AS feature_contract_hash, dt
      FROM fx_books ORDER BY site_id
      """;
  private static final String CREATE_TRAINING = """
      CREATE OR REPLACE TEMP TABLE fx_training_data AS
      SELECT f.*, b.rating AS rating, b.price_incl_tax AS price,
        CASE WHEN b.site_id % 5 = 0 THEN 'test' ELSE 'train' END AS split
      FROM fx_features f JOIN fx_books b USING (upc) ORDER BY f.site_id
      """;
  private static final String CREATE_SIMILAR = """
      CREATE OR REPLACE TEMP TABLE fx_similar_books AS
      SELECT substr(md5('upc-' || i::VARCHAR), 1, 16) AS upc,
        substr(md5('upc-' || (((i - 1 + r * 7) % n) + 1)::VARCHAR), 1, 16) AS neighbour_upc,
        (((i - 1 + r * 7) % n) + 1)::INTEGER AS neighbour_site_id,
        r::INTEGER AS rank, round(1 - r * 0.05, 4)::DOUBLE AS score
      FROM (SELECT ?::INTEGER AS n) p, range(1, n + 1) t(i), range(1, 11) s(r)
      """;
  private static final String COPY_TO = "COPY (SELECT * FROM %s) TO ? (FORMAT parquet)";
  private static final String COUNT = "SELECT count(*) FROM %s";

  private GoldFixture() {}

  /** Writes every dt in order; the last one ends up current. */
  public static void write(Lake lake, int books, List<LocalDate> dts) {
    for (int k = 0; k < dts.size(); k++) {
      writeDay(lake, books, dts, k);
    }
  }

  /** Writes the tables of {@code dts.get(k)}, with history back to {@code dts.get(0)}. */
  public static void writeDay(Lake lake, int books, List<LocalDate> dts, int k) {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
      Object[] dates = dts.stream().map(java.sql.Date::valueOf).toArray();
      Object[] cats = CATEGORIES.toArray();
      try (PreparedStatement ps = db.prepareStatement(CREATE_BOOKS)) {
        bind(db, ps, books, k, dates, cats);
        ps.execute();
      }
      try (PreparedStatement ps = db.prepareStatement(CREATE_HISTORY)) {
        bind(db, ps, books, k, dates, cats);
        ps.execute();
      }
      try (Statement st = db.createStatement()) {
        st.execute(CREATE_CATEGORY_STATS);
        st.execute(CREATE_OVERVIEW);
      }
      try (PreparedStatement ps = db.prepareStatement(CREATE_FEATURES)) {
        ps.setArray(1, db.createArrayOf("VARCHAR", cats));
        ps.execute();
      }
      try (Statement st = db.createStatement()) {
        st.execute(CREATE_TRAINING);
      }
      try (PreparedStatement ps = db.prepareStatement(CREATE_SIMILAR)) {
        ps.setInt(1, books);
        ps.execute();
      }
      Map<String, String> tables = new LinkedHashMap<>();
      tables.put("silver.book_history", "fx_history");
      tables.put("gold.category_stats", "fx_category_stats");
      tables.put("gold.overview", "fx_overview");
      tables.put("gold.features", "fx_features");
      tables.put("gold.training_data", "fx_training_data");
      tables.put("gold.similar_books", "fx_similar_books");
      tables.put("gold.books", "fx_books");
      for (Map.Entry<String, String> t : tables.entrySet()) {
        commit(db, lake, TableId.parse(t.getKey()), dts.get(k), t.getValue());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot write fixture lake at " + lake.root() + ": " + e.getMessage(), e);
    }
  }

  private static void bind(Connection db, PreparedStatement ps, int books, int k, Object[] dates, Object[] cats)
      throws SQLException {
    ps.setInt(1, books);
    ps.setInt(2, k);
    ps.setArray(3, db.createArrayOf("DATE", dates));
    ps.setArray(4, db.createArrayOf("VARCHAR", cats));
  }

  private static void commit(Connection db, Lake lake, TableId table, LocalDate dt, String source) throws SQLException {
    PendingSnapshot pending = lake.begin(table, dt, "fixture-" + dt);
    Path file = pending.directory().resolve("part-00000-of-00001.parquet");
    try (PreparedStatement ps = db.prepareStatement(String.format(COPY_TO, source))) {
      ps.setString(1, file.toString());
      ps.execute();
    }
    long rows;
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(String.format(COUNT, source))) {
      rs.next();
      rows = rs.getLong(1);
    }
    pending.commit(rows);
  }

  /** {@code GoldFixture --lake DIR [--books N] [--dates D1,D2,...]}: writes a fixture lake (the API benchmarks' data). */
  public static void main(String[] args) {
    int code = new CommandLine(new Command()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** The command line of {@link #main}. */
  @CommandLine.Command(name = "GoldFixture",
      description = "Writes a fixture gold lake (every gold table the API reads, silver.book_history) for each date.")
  static final class Command implements Callable<Integer> {
    @Option(names = "--lake", paramLabel = "DIR", required = true, description = "The lake root to write.")
    private String lake;

    @Option(names = "--books", paramLabel = "N", description = "Books per date (default: ${DEFAULT-VALUE}).")
    private int books = 1000;

    @Option(names = "--dates", paramLabel = "DATE", split = ",",
        description = "The dates, in order; the last ends up current (default: ${DEFAULT-VALUE}).")
    private List<LocalDate> dts = List.of(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-02"));

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Override
    public Integer call() {
      long start = System.nanoTime();
      write(Lake.open(lake), books, dts);
      System.out.printf("Wrote a fixture gold lake of %d books for %s at %s in %d ms%n",
          books, dts, Lake.open(lake).root(), (System.nanoTime() - start) / 1_000_000);
      return 0;
    }
  }
}
