package dev.bookslake.serving.runs;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.TableCommit;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import dev.bookslake.lake.sql.DuckDbExtensions;
import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.http.LakeOnlyDuckDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/**
 * What the pipeline runs did per {@code dt}, read from the lake: pages fetched and not modified
 * ({@code bronze.pages.http_status}), fetch errors, quarantined pages and failures per quality
 * rule, the rows of every table, and each stage's commit with its run id, start and duration (the
 * commit's {@code bookslake.started-at} property; null for commits made before it existed or
 * expired from the table's history by maintenance). Counts are read with DuckDB from each table's
 * current Iceberg snapshot and kept until one of the tables commits again, so repeated requests
 * only read the tables' metadata.
 *
 * <pre>{@code
 * Runs runs = new Runs(Lake.open("lake/warehouse"));
 * List<Runs.DayRuns> days = runs.days(30);   // newest dt first
 * byte[] json = runs.json(30);               // {"runs":[{"dt":"2026-01-02","pages":{...},...}]}
 * }</pre>
 */
public final class Runs implements AutoCloseable {
  /** A stage and the table it commits last: that commit ends the stage's run. */
  public record Stage(String name, TableId lastTable) {}

  /**
   * The stages, in pipeline order: the one list of which commit ends a stage, for this route and
   * the metrics' {@code bookslake_stage_last_commit_timestamp_seconds}.
   */
  public static final List<Stage> STAGES =
      List.of(
          new Stage("scrape", Tables.BRONZE_FETCH_ERRORS),
          new Stage("clean", Tables.SILVER_QUALITY_REPORT),
          new Stage("features", Tables.GOLD_BOOKS),
          new Stage("predict", Tables.GOLD_PREDICTIONS),
          new Stage("monitor", Tables.GOLD_DRIFT_REPORT));

  private static final String COUNT_ROWS =
      """
      SELECT CAST(dt AS VARCHAR) AS dt, count(*) AS n
      FROM iceberg_scan(?, snapshot_from_id => ?)
      GROUP BY ALL
      """;
  private static final String COUNT_PAGES =
      """
      SELECT CAST(dt AS VARCHAR) AS dt,
             count(*) FILTER (WHERE http_status <> 304) AS fetched,
             count(*) FILTER (WHERE http_status = 304) AS not_modified
      FROM iceberg_scan(?, snapshot_from_id => ?)
      GROUP BY ALL
      """;
  private static final String COUNT_QUARANTINED =
      """
      SELECT CAST(dt AS VARCHAR) AS dt, count(DISTINCT product_url) AS n
      FROM iceberg_scan(?, snapshot_from_id => ?)
      GROUP BY ALL
      """;
  private static final String SELECT_FAILURES =
      """
      SELECT CAST(dt AS VARCHAR) AS dt, rule, failed
      FROM iceberg_scan(?, snapshot_from_id => ?)
      WHERE failed > 0
      ORDER BY dt, rule
      """;

  /**
   * One stage's commit for a {@code dt}: the latest commit of its last table for that {@code dt}.
   *
   * @param startedAt the run's start; null when the commit did not record it
   */
  public record StageRun(
      String stage, String runId, Instant committedAt, @Nullable Instant startedAt) {
    /** Seconds from start to commit, to the millisecond; null when the start is unknown. */
    public @Nullable Double durationSeconds() {
      return startedAt == null
          ? null
          : Duration.between(startedAt, committedAt).toMillis() / 1000.0;
    }
  }

  /**
   * What the lake holds for one {@code dt}.
   *
   * @param fetched {@code bronze.pages} rows the server answered with a body (not 304)
   * @param notModified {@code bronze.pages} rows answered 304, their body carried over
   * @param errors {@code bronze.fetch_errors} rows
   * @param quarantined distinct product pages in {@code silver.quarantine}
   * @param failures per quality rule that failed at least once, the pages that failed it
   * @param rows every lake table's rows, 0 when the table has none for the {@code dt}
   * @param stages the stages that committed for the {@code dt}, in pipeline order
   */
  public record DayRuns(
      LocalDate dt,
      long fetched,
      long notModified,
      long errors,
      long quarantined,
      Map<String, Long> failures,
      Map<TableId, Long> rows,
      List<StageRun> stages) {}

  private final Lake lake;
  private @Nullable Connection base;
  private @Nullable String cachedKey;
  private List<DayRuns> cached = List.of();

  public Runs(Lake lake) {
    this.lake = lake;
  }

  /**
   * The runs of the {@code days} calendar days ending at the newest {@code dt} in the lake, newest
   * first; empty for an empty lake.
   */
  public synchronized List<DayRuns> days(int days) {
    Map<TableId, List<TableCommit>> histories = lake.histories(Tables.ALL);
    String key = key(histories);
    if (!key.equals(cachedKey)) {
      cached = read(histories);
      cachedKey = key;
    }
    if (cached.isEmpty()) {
      return cached;
    }
    LocalDate oldest = cached.getFirst().dt().minusDays(days - 1L);
    return cached.stream().filter(d -> !d.dt().isBefore(oldest)).toList();
  }

  /** {@link #days} as the API answers it. */
  public byte[] json(int days) {
    return toJson(days(days));
  }

  // Every table's current snapshot: any commit anywhere changes it.
  private static String key(Map<TableId, List<TableCommit>> histories) {
    StringBuilder key = new StringBuilder();
    histories.forEach(
        (table, commits) -> {
          if (!commits.isEmpty()) {
            key.append(table).append('=').append(commits.getLast().snapshotId()).append(';');
          }
        });
    return key.toString();
  }

  private List<DayRuns> read(Map<TableId, List<TableCommit>> histories) {
    Map<TableId, Map<String, Long>> rows = new LinkedHashMap<>();
    Map<String, long[]> pages = new HashMap<>();
    Map<String, Long> quarantined = new HashMap<>();
    Map<String, Map<String, Long>> failures = new HashMap<>();
    try (Connection c = connection().unwrap(DuckDBConnection.class).duplicate()) {
      for (TableId table : Tables.ALL) {
        Optional<Scan> scan = scan(table, histories);
        if (scan.isEmpty()) {
          rows.put(table, Map.of());
          continue;
        }
        rows.put(table, counts(c, COUNT_ROWS, scan.get()));
        if (table.equals(Tables.BRONZE_PAGES)) {
          try (PreparedStatement ps = prepare(c, COUNT_PAGES, scan.get());
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              pages.put(
                  rs.getString("dt"),
                  new long[] {rs.getLong("fetched"), rs.getLong("not_modified")});
            }
          }
        } else if (table.equals(Tables.SILVER_QUARANTINE)) {
          quarantined.putAll(counts(c, COUNT_QUARANTINED, scan.get()));
        } else if (table.equals(Tables.SILVER_QUALITY_REPORT)) {
          try (PreparedStatement ps = prepare(c, SELECT_FAILURES, scan.get());
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              failures
                  .computeIfAbsent(rs.getString("dt"), d -> new TreeMap<>())
                  .put(rs.getString("rule"), rs.getLong("failed"));
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot count the lake's rows: " + lake.root(), e);
    }

    TreeSet<String> dts = new TreeSet<>(Comparator.reverseOrder());
    rows.values().forEach(byDt -> dts.addAll(byDt.keySet()));
    Map<String, List<StageRun>> stages = stages(histories);
    dts.addAll(stages.keySet());
    List<DayRuns> days = new ArrayList<>();
    for (String dt : dts) {
      Map<TableId, Long> tableRows = new LinkedHashMap<>();
      rows.forEach((table, byDt) -> tableRows.put(table, byDt.getOrDefault(dt, 0L)));
      long[] fetched = pages.getOrDefault(dt, new long[2]);
      days.add(
          new DayRuns(
              LocalDate.parse(dt),
              fetched[0],
              fetched[1],
              tableRows.get(Tables.BRONZE_FETCH_ERRORS),
              quarantined.getOrDefault(dt, 0L),
              failures.getOrDefault(dt, Map.of()),
              tableRows,
              stages.getOrDefault(dt, List.of())));
    }
    return List.copyOf(days);
  }

  /** A table's current snapshot, for {@code iceberg_scan}. */
  private record Scan(String metadataLocation, long snapshotId) {}

  private Optional<Scan> scan(TableId table, Map<TableId, List<TableCommit>> histories) {
    List<TableCommit> commits = histories.getOrDefault(table, List.of());
    if (commits.isEmpty()) {
      return Optional.empty();
    }
    // Pinned to the snapshot the cache key names, however far the table moved since.
    long snapshotId = commits.getLast().snapshotId();
    return lake.metadataLocation(table).map(location -> new Scan(location, snapshotId));
  }

  // The caller closes the statement (try-with-resources).
  private static PreparedStatement prepare(Connection c, String sql, Scan scan)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      ps.setString(1, scan.metadataLocation());
      ps.setLong(2, scan.snapshotId());
      return ps;
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }

  private static Map<String, Long> counts(Connection c, String sql, Scan scan) throws SQLException {
    Map<String, Long> byDt = new HashMap<>();
    try (PreparedStatement ps = prepare(c, sql, scan);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        byDt.put(rs.getString("dt"), rs.getLong("n"));
      }
    }
    return byDt;
  }

  // Per dt, each stage's latest commit of its last table, in pipeline order.
  private static Map<String, List<StageRun>> stages(Map<TableId, List<TableCommit>> histories) {
    Map<String, List<StageRun>> byDt = new HashMap<>();
    for (Stage stage : STAGES) {
      Map<String, TableCommit> latest = new HashMap<>();
      for (TableCommit commit : histories.getOrDefault(stage.lastTable(), List.of())) {
        if (commit.dt() != null && commit.runId() != null) {
          latest.merge(
              commit.dt(), commit, (a, b) -> b.committedAt().isBefore(a.committedAt()) ? a : b);
        }
      }
      latest.forEach(
          (dt, commit) ->
              byDt.computeIfAbsent(dt, d -> new ArrayList<>())
                  .add(
                      new StageRun(
                          stage.name(),
                          commit.runId() == null ? "" : commit.runId(),
                          commit.committedAt(),
                          commit.run().startedAt())));
    }
    return byDt;
  }

  /**
   * The database the counts are read with: it may read the lake's folders only, and its
   * configuration is locked, so nothing else is reachable from it.
   */
  private Connection connection() throws SQLException {
    if (base == null) {
      Connection c = DriverManager.getConnection("jdbc:duckdb:");
      try {
        DuckDbExtensions.loadIceberg(c);
        LakeOnlyDuckDb.lockDown(
            c, lake.root(), lake.metadataLocation(Tables.BRONZE_PAGES).orElse(null));
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      base = c;
    }
    return base;
  }

  static byte[] toJson(List<DayRuns> days) {
    JsonOut out = new JsonOut(1024 + days.size() * 1536).beginObject().name("runs").beginArray();
    for (DayRuns day : days) {
      out.beginObject().name("dt").value(day.dt().toString());
      out.name("pages")
          .beginObject()
          .name("fetched")
          .value(day.fetched())
          .name("not_modified")
          .value(day.notModified())
          .name("errors")
          .value(day.errors())
          .endObject();
      out.name("quality")
          .beginObject()
          .name("quarantined")
          .value(day.quarantined())
          .name("failures")
          .value(day.failures())
          .endObject();
      out.name("rows").beginObject();
      day.rows().forEach((table, n) -> out.name(table.toString()).value(n.longValue()));
      out.endObject();
      out.name("stages").beginArray();
      for (StageRun stage : day.stages()) {
        out.beginObject()
            .name("stage")
            .value(stage.stage())
            .name("run_id")
            .value(stage.runId())
            .name("committed_at")
            .value(stage.committedAt().toString())
            .name("started_at")
            .value(stage.startedAt() == null ? null : stage.startedAt().toString())
            .name("duration_seconds")
            .value(stage.durationSeconds())
            .endObject();
      }
      out.endArray().endObject();
    }
    return out.endArray().endObject().toBytes();
  }

  @Override
  public synchronized void close() {
    if (base != null) {
      try {
        base.close();
      } catch (SQLException e) {
        // Closing an in-memory database at shutdown; nothing to keep.
      }
      base = null;
    }
  }
}
