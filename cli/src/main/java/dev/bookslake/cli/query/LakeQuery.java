package dev.bookslake.cli.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bookslake.lake.Lake;
import dev.bookslake.lake.ReadSelection;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.TableRead;
import dev.bookslake.lake.sql.DuckDbExtensions;
import dev.bookslake.lake.sql.LakeViews;
import dev.bookslake.pipelines.common.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bookslake query}: runs SQL against the lake's views ({@code lake/sql/views.sql}) in an
 * embedded DuckDB and prints the result as a table, CSV or JSON.
 *
 * <pre>
 * ./bookslake query "SELECT category, books FROM gold.category_stats ORDER BY books DESC LIMIT 5"
 * ./bookslake query "SELECT count(*) FROM silver.books" --lake demo-lake --as-of 2026-01-01 --format json
 * </pre>
 */
@Command(
    name = "query",
    description = "Run SQL on the lake's views (bronze.*, silver.*, gold.*) with DuckDB.",
    footerHeading = "%n",
    footer = {
      "Views: bronze.pages, bronze.fetch_errors, silver.books, silver.book_history, silver.quarantine,",
      "silver.quality_report, gold.books, gold.category_stats, gold.overview, gold.features,",
      "gold.training_data, gold.similar_books, gold.book_sentiment, gold.predictions,",
      "gold.prediction_errors, gold.drift_report (see docs/lake.md); the API's inference log is",
      "NDJSON under <lake>/logs/inference/ (read_json_auto)."
    })
public final class LakeQuery implements Callable<Integer> {
  /** How rows are printed. */
  public enum Format {
    TABLE,
    CSV,
    JSON
  }

  /**
   * A query to run.
   *
   * @param asOf the partition published for this day (the latest {@code dt} on or before it)
   * @param at Iceberg time travel: every table as committed at this instant
   * @param snapshots Iceberg time travel for single tables, by snapshot id ({@code lake history})
   */
  public record Request(
      String sql,
      Lake lake,
      @Nullable LocalDate asOf,
      @Nullable Instant at,
      Map<TableId, Long> snapshots,
      Format format,
      int maxWidth) {
    public Request(String sql, Lake lake, @Nullable LocalDate asOf, Format format, int maxWidth) {
      this(sql, lake, asOf, null, Map.of(), format, maxWidth);
    }
  }

  // In a holder: Jackson's ~360 classes load only for --format json, not before every query's
  // catalog read starts.
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final PrintStream out;

  // A list, so that unquoted SQL is refused with a hint rather than as a stray argument.
  @Parameters(
      paramLabel = "\"SQL\"",
      arity = "0..*",
      hideParamSyntax = true,
      description = "The query, quoted as one argument.")
  private List<String> sql = List.of();

  @Option(
      names = "--lake",
      paramLabel = "DIR",
      description =
          "Lake root folder (default: $BOOKSLAKE_LAKE, else lake/warehouse under the project).")
  private String lake = "";

  @Option(
      names = "--as-of",
      paramLabel = "YYYY-MM-DD",
      description =
          "Read each table as it was published on this day (default: the newest snapshot).")
  private LocalDate asOf;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description =
          "Iceberg time travel: every table as it was committed at this instant, e.g. 2026-01-02T06:00:00Z.")
  private Instant at;

  @Option(
      names = "--snapshot",
      paramLabel = "TABLE=ID",
      description =
          "Iceberg time travel for one table: read it at this snapshot id (ids: ./bookslake lake history TABLE). Repeatable.")
  private Map<String, Long> snapshot = new LinkedHashMap<>();

  @Option(
      names = "--format",
      paramLabel = "table|csv|json",
      description = "How rows are printed (default: table).")
  private Format format = Format.TABLE;

  @Option(
      names = "--max-width",
      paramLabel = "N",
      description = "Widest table cell before it is cut (default: 60).")
  private int maxWidth = 60;

  /** The command, printing rows to {@code out}. */
  public LakeQuery(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws SQLException {
    if (sql.size() > 1) {
      throw new UsageException("Cannot run two queries at once; quote the SQL: " + sql.get(1));
    }
    if (sql.isEmpty() || sql.get(0).isBlank()) {
      throw new UsageException(
          "Cannot query without SQL: ./bookslake query \"SELECT ...\" [--lake DIR] [--as-of YYYY-MM-DD] [--at TIME] [--snapshot TABLE=ID] [--format table|csv|json]");
    }
    Map<TableId, Long> snapshots = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : snapshot.entrySet()) {
      try {
        snapshots.put(TableId.parse(e.getKey()), e.getValue());
      } catch (IllegalArgumentException bad) {
        throw new UsageException(bad.getMessage());
      }
    }
    run(new Request(sql.get(0), Lake.open(lake), asOf, at, snapshots, format, maxWidth), out);
    return 0;
  }

  /** Runs the query and prints the rows; returns how many rows were printed. */
  public static int run(Request request, PrintStream out) throws SQLException {
    // Only the views the SQL names: each costs a catalog lookup and a metadata read. The lake's
    // catalog (Iceberg, SQLite) is read on another thread while DuckDB starts (native library,
    // iceberg extension): the two starts are independent, and overlapping them is most of what
    // takes a one-off query under half a second (docs/benchmarks.md).
    // SLF4J first, on this thread: the catalog's Iceberg classes and SQLite's driver (loaded by the
    // JDBC DriverManager that DuckDB's connection starts here) take their loggers at the same time,
    // and a logger asked for on one thread while the other sets SLF4J up prints a replay warning.
    LoggerFactory.getILoggerFactory();
    CompletableFuture<Collection<TableRead>> reads =
        CompletableFuture.supplyAsync(
            () ->
                request
                    .lake()
                    .selectAll(
                        LakeViews.referencedTables(request.sql()),
                        new ReadSelection(request.asOf(), request.at(), null),
                        request.snapshots())
                    .values());
    // The analyst's own SQL, in the analyst's own process: a connection that may load the
    // extensions without their signature check (DuckDbExtensions.connect) gives it nothing more.
    try (Connection duck = DuckDbExtensions.connect()) {
      LakeViews.install(duck, request.lake().root(), resolved(reads));
      try (Statement statement = duck.createStatement();
          ResultSet rows = statement.executeQuery(request.sql())) {
        return switch (request.format()) {
          case TABLE -> printTable(rows, out, request.maxWidth());
          case CSV -> printCsv(rows, out);
          case JSON -> printJson(rows, out);
        };
      }
    }
  }

  private static Collection<TableRead> resolved(CompletableFuture<Collection<TableRead>> reads) {
    try {
      return reads.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static int printTable(ResultSet rows, PrintStream out, int maxWidth) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    int n = meta.getColumnCount();
    List<String[]> cells = new ArrayList<>();
    String[] header = new String[n];
    int[] width = new int[n];
    for (int c = 0; c < n; c++) {
      header[c] = meta.getColumnLabel(c + 1);
      width[c] = header[c].length();
    }
    while (rows.next()) {
      String[] row = new String[n];
      for (int c = 0; c < n; c++) {
        String v = text(rows.getObject(c + 1));
        v = v.replace('\n', ' ');
        if (v.length() > maxWidth) {
          v = v.substring(0, maxWidth - 1) + "…";
        }
        row[c] = v;
        width[c] = Math.max(width[c], v.length());
      }
      cells.add(row);
    }
    StringBuilder rule = new StringBuilder("+");
    for (int w : width) {
      rule.append("-".repeat(w + 2)).append('+');
    }
    out.println(rule);
    out.println(line(header, width, meta, true));
    out.println(rule);
    for (String[] row : cells) {
      out.println(line(row, width, meta, false));
    }
    out.println(rule);
    out.println(cells.size() + (cells.size() == 1 ? " row" : " rows"));
    return cells.size();
  }

  private static String line(String[] values, int[] width, ResultSetMetaData meta, boolean header)
      throws SQLException {
    StringBuilder sb = new StringBuilder("|");
    for (int c = 0; c < values.length; c++) {
      boolean right = !header && isNumeric(meta.getColumnType(c + 1));
      String v = values[c];
      String pad = " ".repeat(width[c] - v.length());
      sb.append(' ').append(right ? pad + v : v + pad).append(" |");
    }
    return sb.toString();
  }

  private static boolean isNumeric(int sqlType) {
    return switch (sqlType) {
      case java.sql.Types.TINYINT,
          java.sql.Types.SMALLINT,
          java.sql.Types.INTEGER,
          java.sql.Types.BIGINT,
          java.sql.Types.FLOAT,
          java.sql.Types.REAL,
          java.sql.Types.DOUBLE,
          java.sql.Types.DECIMAL,
          java.sql.Types.NUMERIC ->
          true;
      default -> false;
    };
  }

  private static int printCsv(ResultSet rows, PrintStream out) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    int n = meta.getColumnCount();
    List<String> header = new ArrayList<>();
    for (int c = 1; c <= n; c++) {
      header.add(csv(meta.getColumnLabel(c)));
    }
    out.println(String.join(",", header));
    int count = 0;
    while (rows.next()) {
      List<String> row = new ArrayList<>();
      for (int c = 1; c <= n; c++) {
        Object v = rows.getObject(c);
        row.add(v == null ? "" : csv(text(v)));
      }
      out.println(String.join(",", row));
      count++;
    }
    return count;
  }

  private static String csv(String v) {
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  private static int printJson(ResultSet rows, PrintStream out) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    int n = meta.getColumnCount();
    int count = 0;
    StringWriter buffer = new StringWriter();
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(buffer)) {
      json.writeStartArray();
      while (rows.next()) {
        json.writeStartObject();
        for (int c = 1; c <= n; c++) {
          json.writeFieldName(meta.getColumnLabel(c));
          writeValue(json, rows.getObject(c));
        }
        json.writeEndObject();
        count++;
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write JSON: " + e.getMessage(), e);
    }
    out.println(buffer);
    return count;
  }

  private static void writeValue(JsonGenerator json, Object v) throws IOException, SQLException {
    switch (v) {
      case null -> json.writeNull();
      case Boolean b -> json.writeBoolean(b);
      case BigDecimal d -> json.writeNumber(d);
      case Integer i -> json.writeNumber(i);
      case Long l -> json.writeNumber(l);
      case Short s -> json.writeNumber(s);
      case Byte b -> json.writeNumber(b);
      case Double d when Double.isFinite(d) -> json.writeNumber(d);
      case Float f when Float.isFinite(f) -> json.writeNumber(f);
      case java.math.BigInteger b -> json.writeNumber(b);
      case java.sql.Array a -> {
        json.writeStartArray();
        for (Object e : (Object[]) a.getArray()) {
          writeValue(json, e);
        }
        json.writeEndArray();
      }
      default -> json.writeString(text(v));
    }
  }

  private static String text(Object v) {
    return v == null ? "NULL" : String.valueOf(v);
  }
}
