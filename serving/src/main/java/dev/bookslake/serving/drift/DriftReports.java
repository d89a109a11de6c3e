package dev.bookslake.serving.drift;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.Tables;
import dev.bookslake.lake.sql.DuckDbExtensions;
import dev.bookslake.ml.drift.Drift;
import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.http.LakeOnlyDuckDb;
import dev.bookslake.serving.problem.ProblemException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest {@code gold.drift_report} (written by {@code bookslake monitor}), grouped by model:
 * read with DuckDB from the committed snapshot's Parquet files and kept until the lake publishes a
 * newer snapshot of the table. The report is small and changes once a day at most, so it is not
 * part of the in-memory gold snapshot.
 *
 * <pre>{@code
 * DriftReports reports = new DriftReports(Lake.open("lake/warehouse"));
 * byte[] json = reports.latest();   // 404 problem while there is no report
 * }</pre>
 */
public final class DriftReports implements AutoCloseable {
  private static final String SELECT_REPORT =
      """
      SELECT model, model_version, source, feature, kind, psi, band, ks_statistic, ks_p_value,
             reference_rows, current_rows, reference_mean, current_mean, drifted, created_at, dt
      FROM iceberg_scan(?, snapshot_from_id => ?)
      WHERE dt = ?
      ORDER BY model, model_version, source, feature
      """;

  /** Every dt of the report from a date on, newest first: the history the dashboard draws. */
  private static final String SELECT_HISTORY =
      """
      SELECT model, model_version, source, feature, kind, psi, band, ks_statistic, ks_p_value,
             reference_rows, current_rows, reference_mean, current_mean, drifted, created_at, dt
      FROM iceberg_scan(?, snapshot_from_id => ?)
      WHERE dt >= ?
      ORDER BY dt DESC, model, model_version, source, feature
      """;

  private final Lake lake;
  private Connection base;
  private String cachedVersion;
  private byte[] cached;
  private String cachedHistoryKey;
  private byte[] cachedHistory;
  private boolean closed;

  public DriftReports(Lake lake) {
    this.lake = lake;
  }

  /** One feature row of the report. */
  record FeatureDrift(
      String model,
      int modelVersion,
      String source,
      String feature,
      String kind,
      double psi,
      String band,
      Double ksStatistic,
      Double ksPValue,
      long referenceRows,
      long currentRows,
      double referenceMean,
      Double currentMean,
      boolean drifted,
      String createdAt,
      String dt) {}

  /** The latest report as the API answers it; 404 when the table has no committed snapshot. */
  public synchronized byte[] latest() {
    Snapshot s = committed();
    String version = s.dt() + "/" + s.snapshotId();
    if (!version.equals(cachedVersion)) {
      cached = toJson(s.dt().toString(), read(s, SELECT_REPORT, s.dt().toString()));
      cachedVersion = version;
    }
    return cached;
  }

  /**
   * The reports of the last {@code days} dts up to the latest one (counted back from the latest
   * report's dt, not from today), newest first, each as {@link #latest()} answers it; with the
   * thresholds {@code bookslake monitor} applied. 404 when the table has no committed snapshot.
   */
  public synchronized byte[] history(int days) {
    Snapshot s = committed();
    String key = s.dt() + "/" + s.snapshotId() + "/" + days;
    if (!key.equals(cachedHistoryKey)) {
      cachedHistory = historyJson(s, days);
      cachedHistoryKey = key;
    }
    return cachedHistory;
  }

  private byte[] historyJson(Snapshot s, int days) {
    String from = s.dt().minusDays(days - 1L).toString();
    Map<String, List<FeatureDrift>> byDt = new LinkedHashMap<>();
    for (FeatureDrift row : read(s, SELECT_HISTORY, from)) {
      byDt.computeIfAbsent(row.dt(), k -> new ArrayList<>()).add(row);
    }
    JsonOut out = new JsonOut(1024 + byDt.size() * 4096).beginObject();
    out.name("days").value(days);
    out.name("thresholds").beginObject();
    out.name("moderate_psi").value(Drift.MODERATE_PSI);
    out.name("significant_psi").value(Drift.SIGNIFICANT_PSI);
    out.name("p_value").value(Drift.ALPHA).endObject();
    out.name("reports").beginArray();
    byDt.forEach((dt, rows) -> writeReport(out.beginObject(), dt, rows).endObject());
    return out.endArray().endObject().toBytes();
  }

  /**
   * Reads the history of {@code days} in the background: opening DuckDB with its Iceberg extension
   * takes ~0.5 s, which the first request (the dashboard's drift page) would otherwise wait for.
   */
  public void warmInBackground(int days) {
    Thread.ofVirtual()
        .name("drift-report-warm-up")
        .start(
            () -> {
              try {
                history(days);
              } catch (RuntimeException e) {
                // No report yet, or one that cannot be read: the first request answers why.
              }
            });
  }

  private Snapshot committed() {
    Optional<Snapshot> current = lake.current(Tables.GOLD_DRIFT_REPORT);
    if (current.isEmpty() || current.get().files().isEmpty()) {
      throw ProblemException.notFound("drift report", "none yet (run bookslake monitor)");
    }
    return current.get();
  }

  private List<FeatureDrift> read(Snapshot s, String sql, String dt) {
    try (Connection c = connection().unwrap(org.duckdb.DuckDBConnection.class).duplicate();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, s.metadataLocation());
      ps.setLong(2, s.snapshotId());
      ps.setString(3, dt);
      try (ResultSet rs = ps.executeQuery()) {
        List<FeatureDrift> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(toFeatureDrift(rs));
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot read drift report: " + s.directory() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The database the reports are read with: it may read the drift report's folder only, and its
   * configuration is locked, so the SQL that runs on it behind a request can reach nothing else.
   */
  Connection connection() throws SQLException {
    if (closed) {
      throw new SQLException("Cannot read drift report: the server is stopping");
    }
    if (base == null) {
      Connection c = DriverManager.getConnection("jdbc:duckdb:");
      try {
        DuckDbExtensions.loadIceberg(c);
        LakeOnlyDuckDb.lockDownToTable(
            c,
            lake.tablePath(Tables.GOLD_DRIFT_REPORT),
            lake.metadataLocation(Tables.GOLD_DRIFT_REPORT).orElse(null));
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      base = c;
    }
    return base;
  }

  private static FeatureDrift toFeatureDrift(ResultSet rs) throws SQLException {
    return new FeatureDrift(
        rs.getString("model"),
        rs.getInt("model_version"),
        rs.getString("source"),
        rs.getString("feature"),
        rs.getString("kind"),
        rs.getDouble("psi"),
        rs.getString("band"),
        nullableDouble(rs, "ks_statistic"),
        nullableDouble(rs, "ks_p_value"),
        rs.getLong("reference_rows"),
        rs.getLong("current_rows"),
        rs.getDouble("reference_mean"),
        nullableDouble(rs, "current_mean"),
        rs.getBoolean("drifted"),
        rs.getString("created_at"),
        rs.getString("dt"));
  }

  private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  /** Rows grouped by model, version and source: a group drifted when any of its features did. */
  static byte[] toJson(String dt, List<FeatureDrift> rows) {
    JsonOut out = new JsonOut(1024 + rows.size() * 320).beginObject();
    return writeReport(out, dt, rows).endObject().toBytes();
  }

  /** Writes the fields of one dt's report into an open object. */
  private static JsonOut writeReport(JsonOut out, String dt, List<FeatureDrift> rows) {
    Map<String, List<FeatureDrift>> groups = new LinkedHashMap<>();
    String createdAt = null;
    for (FeatureDrift r : rows) {
      groups
          .computeIfAbsent(
              r.model() + "\u0000" + r.modelVersion() + "\u0000" + r.source(),
              k -> new ArrayList<>())
          .add(r);
      if (createdAt == null || r.createdAt().compareTo(createdAt) > 0) {
        createdAt = r.createdAt();
      }
    }
    out.name("dt").value(dt).name("created_at").value(createdAt);
    out.name("models").beginArray();
    for (List<FeatureDrift> group : groups.values()) {
      FeatureDrift first = group.get(0);
      out.beginObject()
          .name("model")
          .value(first.model())
          .name("version")
          .value(first.modelVersion());
      out.name("source").value(first.source());
      out.name("drifted").value(group.stream().anyMatch(FeatureDrift::drifted));
      out.name("drifted_features")
          .value(group.stream().filter(FeatureDrift::drifted).map(FeatureDrift::feature).toList());
      out.name("current_rows")
          .value(first.currentRows())
          .name("reference_rows")
          .value(first.referenceRows());
      out.name("features").beginArray();
      for (FeatureDrift f : group) {
        out.beginObject().name("feature").value(f.feature()).name("kind").value(f.kind());
        out.name("psi").value(f.psi()).name("band").value(f.band());
        out.name("ks_statistic").value(f.ksStatistic()).name("ks_p_value").value(f.ksPValue());
        out.name("reference_mean")
            .value(f.referenceMean())
            .name("current_mean")
            .value(f.currentMean());
        out.name("reference_rows")
            .value(f.referenceRows())
            .name("current_rows")
            .value(f.currentRows());
        out.name("drifted").value(f.drifted());
        out.endObject();
      }
      out.endArray().endObject();
    }
    return out.endArray();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (base != null) {
      try {
        base.close();
      } catch (SQLException e) {
        // Closing an in-memory database at shutdown; nothing to keep.
      }
      base = null;
    }
  }

  /** One feature of the latest report as the metrics show it. */
  public record Flag(String model, String feature, double psi, boolean drifted) {}

  /**
   * The features of the latest report (empty while there is none). Reads the lake: callers cache
   * it, off the request path.
   */
  public synchronized List<Flag> flags() {
    Optional<Snapshot> current = lake.current(Tables.GOLD_DRIFT_REPORT);
    if (current.isEmpty() || current.get().files().isEmpty()) {
      return List.of();
    }
    Snapshot s = current.get();
    return read(s, SELECT_REPORT, s.dt().toString()).stream()
        .map(f -> new Flag(f.model(), f.feature(), f.psi(), f.drifted()))
        .toList();
  }
}
