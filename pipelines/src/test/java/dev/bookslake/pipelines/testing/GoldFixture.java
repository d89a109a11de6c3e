package dev.bookslake.pipelines.testing;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.TableFiles;
import dev.bookslake.lake.TableId;
import dev.bookslake.ml.sentiment.Sentiment;
import dev.bookslake.ml.sentiment.SentimentScore;
import dev.bookslake.pipelines.features.internal.TrainingSplit;
import dev.bookslake.schemas.features.Feature;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.features.FeatureVectorizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Writes a synthetic but realistic gold lake: every gold table the API reads plus {@code
 * silver.book_history}, as real Parquet files committed through {@link Lake} (real layout, real
 * pointers). Prices and stock change from one dt to the next, so the history has intervals and a
 * new snapshot has different data. {@code gold.books} is committed last for each dt, so a reader
 * following its pointer sees the other tables of that dt already published. Each table has the
 * columns of its Avro schema in {@code schemas/}, in order and with the types the stages write
 * (checked by {@code GoldFixtureSchemaTest}); the feature vectors come from the feature contract's
 * own vectorizer and the splits from {@link TrainingSplit}, as in the features stage.
 *
 * <pre>
 * scripts/bench-api.sh     # runs it from the test classpath: GoldFixture --lake /tmp/lake --books 1000
 * </pre>
 */
public final class GoldFixture {
  /** The categories books are spread over; one has a space, as the real shop's do. */
  public static final List<String> CATEGORIES =
      List.of(
          "Poetry",
          "Travel",
          "Mystery",
          "Historical Fiction",
          "Science",
          "Fantasy",
          "Romance",
          "Philosophy");

  private static final String PARAMS =
      "WITH p AS (SELECT ?::INTEGER AS n, ?::INTEGER AS k, ?::DATE[] AS dts, ?::VARCHAR[] AS cats) ";
  private static final String CREATE_BOOKS =
      "CREATE OR REPLACE TEMP TABLE fx_books AS "
          + PARAMS
          + """
      , base AS (
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
          list_extract(dts, 1) AS first_seen,
          list_extract(dts, k + 1) AS day
        FROM p, range(1, n + 1) t(i),
          LATERAL (SELECT round(10 + ((i * 37 + k * 11) % 4000) / 100.0, 2)::DECIMAL(10,2) AS price,
                          (i * 7 + k) % 23 AS stock))
      SELECT * EXCLUDE (first_seen, day),
        CASE WHEN price_incl_tax < 20 THEN '<20' WHEN price_incl_tax < 30 THEN '20-30'
             WHEN price_incl_tax < 40 THEN '30-40' WHEN price_incl_tax < 50 THEN '40-50' ELSE '>=50' END AS price_band,
        coalesce(length(description), 0)::INTEGER AS description_length,
        len(regexp_extract_all(title, '\\S*[A-Za-z0-9]\\S*'))::INTEGER AS title_word_count,
        first_seen,
        (day - first_seen)::INTEGER AS days_since_first_seen,
        day::VARCHAR AS dt
      FROM base
      """;
  private static final String CREATE_HISTORY =
      "CREATE OR REPLACE TEMP TABLE fx_history AS "
          + PARAMS
          + """
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
  // The measures of gold.category_stats and gold.overview, over a group of fx_books.
  private static final String MEASURES =
      """
        count(*) FILTER (WHERE in_stock) AS in_stock_books,
        count(*) FILTER (WHERE in_stock) / count(*) AS in_stock_share,
        sum(stock_count)::BIGINT AS total_stock,
        min(price_incl_tax) AS min_price,
        round(avg(price_incl_tax), 4)::DECIMAL(14,4) AS avg_price,
        median(price_incl_tax::DECIMAL(11,3))::DECIMAL(11,3) AS median_price,
        max(price_incl_tax) AS max_price,
        avg(rating) AS avg_rating,
        count(*) FILTER (WHERE rating = 1) AS rating_1, count(*) FILTER (WHERE rating = 2) AS rating_2,
        count(*) FILTER (WHERE rating = 3) AS rating_3, count(*) FILTER (WHERE rating = 4) AS rating_4,
        count(*) FILTER (WHERE rating = 5) AS rating_5
      """;
  private static final String CREATE_CATEGORY_STATS =
      "CREATE OR REPLACE TEMP TABLE fx_category_stats AS "
          + "SELECT category, count(*) AS books, "
          + MEASURES
          + ", any_value(dt) AS dt "
          + "FROM fx_books GROUP BY category ORDER BY category";
  private static final String CREATE_OVERVIEW =
      "CREATE OR REPLACE TEMP TABLE fx_overview AS "
          + "SELECT any_value(dt) AS dt, count(*) AS books, count(DISTINCT category)::INTEGER AS categories, "
          + MEASURES
          + "FROM fx_books";
  // The feature columns come from the contract; the vectors from its own vectorizer, as in the
  // features stage.
  private static final String CREATE_FEATURES =
      """
      CREATE OR REPLACE TABLE fx_features (
        upc VARCHAR, site_id INTEGER, %s, feature_contract_hash VARCHAR, dt VARCHAR)
      """;
  private static final String CREATE_TRAINING =
      """
      CREATE OR REPLACE TABLE fx_training_data (
        upc VARCHAR, site_id INTEGER, %s, target_rating INTEGER, target_price DOUBLE, split VARCHAR,
        feature_contract_hash VARCHAR, dt VARCHAR)
      """;
  private static final String SELECT_BOOKS = "SELECT * FROM fx_books ORDER BY site_id";
  private static final String CREATE_SIMILAR =
      """
      CREATE OR REPLACE TEMP TABLE fx_similar_books AS
      SELECT b.upc, b.site_id, nb.upc AS neighbour_upc, nb.site_id AS neighbour_site_id,
        r::INTEGER AS rank, round(1 - r * 0.05, 4)::DOUBLE AS score, b.category = nb.category AS same_category,
        round(0.5 - r * 0.03, 4)::DOUBLE AS text_similarity, b.dt
      FROM fx_books b, range(1, 11) s(r), fx_books nb
      WHERE nb.site_id = ((b.site_id - 1 + r * 7) % ?) + 1
      ORDER BY b.site_id, r
      """;
  private static final String CREATE_SENTIMENT =
      """
      CREATE OR REPLACE TABLE fx_book_sentiment (
        upc VARCHAR, site_id INTEGER, category VARCHAR, sentiment_score DOUBLE, sentiment_label VARCHAR,
        positive DOUBLE, neutral DOUBLE, negative DOUBLE, has_description BOOLEAN, dt VARCHAR)
      """;
  private static final String COPY_TO = "COPY (SELECT * FROM %s) TO ? (FORMAT parquet)";
  private static final String COUNT = "SELECT count(*) FROM %s";

  private static final FeatureContract CONTRACT = FeatureContract.load();
  private static final Sentiment SENTIMENT = Sentiment.load();

  private GoldFixture() {}

  /** Writes every dt in order; the last one ends up current. */
  public static void write(Lake lake, int books, List<LocalDate> dts) {
    for (int k = 0; k < dts.size(); k++) {
      writeDay(lake, books, dts, k);
    }
  }

  /**
   * As {@link #write}, leaving some tables out: a lake as a release before those tables built it.
   */
  public static void writeWithout(Lake lake, int books, List<LocalDate> dts, Set<TableId> leftOut) {
    for (int k = 0; k < dts.size(); k++) {
      writeDay(lake, books, dts, k, leftOut);
    }
  }

  /** Writes the tables of {@code dts.get(k)}, with history back to {@code dts.get(0)}. */
  public static void writeDay(Lake lake, int books, List<LocalDate> dts, int k) {
    writeDay(lake, books, dts, k, Set.of());
  }

  private static void writeDay(
      Lake lake, int books, List<LocalDate> dts, int k, Set<TableId> leftOut) {
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
      writeVectors(db);
      writeSentiment(db);
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
      tables.put("gold.book_sentiment", "fx_book_sentiment");
      tables.put("gold.books", "fx_books");
      for (Map.Entry<String, String> t : tables.entrySet()) {
        TableId table = TableId.parse(t.getKey());
        if (!leftOut.contains(table)) {
          commit(db, lake, table, dts.get(k), t.getValue());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot write fixture lake at " + lake.root() + ": " + e.getMessage(), e);
    }
  }

  private static void bind(
      Connection db, PreparedStatement ps, int books, int k, Object[] dates, Object[] cats)
      throws SQLException {
    ps.setInt(1, books);
    ps.setInt(2, k);
    ps.setArray(3, db.createArrayOf("DATE", dates));
    ps.setArray(4, db.createArrayOf("VARCHAR", cats));
  }

  /** Fills fx_features and fx_training_data: every book's vector, its targets and its split. */
  private static void writeVectors(Connection db) throws SQLException {
    FeatureVectorizer vectorizer = CONTRACT.vectorizer();
    String columns =
        vectorizer.featureNames().stream()
            .map(n -> '"' + n + "\" FLOAT")
            .collect(Collectors.joining(", "));
    try (Statement st = db.createStatement()) {
      st.execute(String.format(CREATE_FEATURES, columns));
      st.execute(String.format(CREATE_TRAINING, columns));
    }
    DuckDBConnection duck = db.unwrap(DuckDBConnection.class);
    try (Statement st = db.createStatement();
        ResultSet book = st.executeQuery(SELECT_BOOKS);
        DuckDBAppender features =
            duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "fx_features");
        DuckDBAppender training =
            duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "fx_training_data")) {
      while (book.next()) {
        Map<String, Object> inputs = new HashMap<>();
        for (Feature feature : CONTRACT.features()) {
          inputs.put(feature.source(), book.getObject(feature.source()));
        }
        float[] vector = vectorizer.vectorise(inputs);
        String upc = book.getString("upc");
        features.beginRow().append(upc).append(book.getInt("site_id"));
        training.beginRow().append(upc).append(book.getInt("site_id"));
        for (float x : vector) {
          features.append(x);
          training.append(x);
        }
        features.append(CONTRACT.hash()).append(book.getString("dt")).endRow();
        training
            .append(book.getInt("rating"))
            .append(book.getBigDecimal("price_incl_tax").doubleValue())
            .append(TrainingSplit.of(upc))
            .append(CONTRACT.hash())
            .append(book.getString("dt"))
            .endRow();
      }
    }
  }

  /** Fills fx_book_sentiment with the real scorer's answer for each description, as the stage. */
  private static void writeSentiment(Connection db) throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute(CREATE_SENTIMENT);
    }
    DuckDBConnection duck = db.unwrap(DuckDBConnection.class);
    try (Statement st = db.createStatement();
        ResultSet book = st.executeQuery(SELECT_BOOKS);
        DuckDBAppender rows =
            duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "fx_book_sentiment")) {
      while (book.next()) {
        String description = book.getString("description");
        boolean has = description != null && !description.isBlank();
        SentimentScore s = has ? SENTIMENT.score(description) : SentimentScore.NONE;
        rows.beginRow()
            .append(book.getString("upc"))
            .append(book.getInt("site_id"))
            .append(book.getString("category"))
            .append(s.compound())
            .append(s.label().code())
            .append(s.positive())
            .append(s.neutral())
            .append(s.negative())
            .append(has)
            .append(book.getString("dt"))
            .endRow();
      }
    }
  }

  private static void commit(Connection db, Lake lake, TableId table, LocalDate dt, String source)
      throws SQLException {
    PendingSnapshot pending = lake.begin(table, dt, "fixture-" + dt);
    // DuckDB writes Parquet without Iceberg field ids: written aside, then again through the lake.
    Path plain = lake.tempPath("fixture-" + dt).resolve(table + ".parquet");
    try {
      Files.createDirectories(plain.getParent());
      Files.deleteIfExists(plain);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare fixture file: " + plain, e);
    }
    try (PreparedStatement ps = db.prepareStatement(String.format(COPY_TO, source))) {
      ps.setString(1, plain.toString());
      ps.execute();
    }
    rewrite(
        TableFiles.recordClass(table),
        plain,
        pending.directory().resolve("part-00000-of-00001.parquet"));
    lake.deleteTemp("fixture-" + dt);
    long rows;
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(String.format(COUNT, source))) {
      rs.next();
      rows = rs.getLong(1);
    }
    pending.commit(rows);
  }

  private static <T extends SpecificRecord> void rewrite(Class<T> type, Path plain, Path file) {
    TableFiles.write(type, file, TableFiles.readForeign(type, plain));
  }

  /**
   * {@code GoldFixture --lake DIR [--books N] [--dates D1,D2,...]}: writes a fixture lake (the API
   * benchmarks' data).
   */
  public static void main(String[] args) {
    int code = new CommandLine(new Command()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** The command line of {@link #main}. */
  @CommandLine.Command(
      name = "GoldFixture",
      description =
          "Writes a fixture gold lake (every gold table the API reads, silver.book_history) for each date.")
  static final class Command implements Callable<Integer> {
    @Option(
        names = "--lake",
        paramLabel = "DIR",
        required = true,
        description = "The lake root to write.")
    private String lake;

    @Option(
        names = "--books",
        paramLabel = "N",
        description = "Books per date (default: ${DEFAULT-VALUE}).")
    private int books = 1000;

    @Option(
        names = "--dates",
        paramLabel = "DATE",
        split = ",",
        description = "The dates, in order; the last ends up current (default: ${DEFAULT-VALUE}).")
    private List<LocalDate> dts =
        List.of(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-02"));

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit.")
    private boolean help;

    @Override
    public Integer call() {
      long start = System.nanoTime();
      write(Lake.open(lake), books, dts);
      System.out.printf(
          "Wrote a fixture gold lake of %d books for %s at %s in %d ms%n",
          books, dts, Lake.open(lake).root(), (System.nanoTime() - start) / 1_000_000);
      return 0;
    }
  }
}
