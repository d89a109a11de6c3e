package dev.bookslake.serving.metrics;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableCommit;
import dev.bookslake.lake.Tables;
import dev.bookslake.serving.drift.DriftReports;
import dev.bookslake.serving.runs.Runs;
import dev.bookslake.serving.scraping.Job;
import dev.bookslake.serving.scraping.Jobs;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The lake's view of the daily run, read off the request path: the newest commit of each stage's
 * table, the latest drift report's flags and the jobs this process triggered. A daemon thread
 * refreshes it every {@code metrics.pipeline-refresh-interval}; a scrape reads the last figures
 * only, so it never touches the lake.
 *
 * <pre>{@code
 * PipelineStatus status = new PipelineStatus(lake, driftReports, jobs, Duration.ofSeconds(30));
 * status.start();
 * PipelineStatus.Figures now = status.figures();
 * }</pre>
 */
public final class PipelineStatus implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PipelineStatus.class.getName());

  /**
   * What the last refresh read.
   *
   * @param stageCommits the newest commit made by a bookslake run, by stage (stages never committed
   *     are absent)
   * @param drift the latest drift report's features, empty while there is none
   * @param jobs this process's jobs by state
   * @param lastJobState the latest job's state, null while none was triggered
   * @param lastJobEnded when the latest job ended, null while it runs or none was triggered
   * @param refreshedAt when the figures were read, null before the first refresh
   */
  public record Figures(
      Map<String, Instant> stageCommits,
      List<DriftReports.Flag> drift,
      Map<Job.State, Long> jobs,
      Job.@Nullable State lastJobState,
      @Nullable Instant lastJobEnded,
      @Nullable Instant refreshedAt) {
    static final Figures NONE = new Figures(Map.of(), List.of(), Map.of(), null, null, null);
  }

  private final Lake lake;
  private final DriftReports driftReports;
  private final Jobs jobs;
  private final Duration interval;
  private final AtomicLong failures = new AtomicLong();
  private volatile Figures figures = Figures.NONE;
  private long driftSnapshotId = -1;
  private List<DriftReports.Flag> drift = List.of();
  private @Nullable ScheduledExecutorService refresher;

  public PipelineStatus(Lake lake, DriftReports driftReports, Jobs jobs, Duration interval) {
    this.lake = lake;
    this.driftReports = driftReports;
    this.jobs = jobs;
    this.interval = interval;
  }

  /** Reads the figures once now, then every interval on a daemon thread. */
  public void start() {
    refresh();
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bookslake-pipeline-status");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(50, interval.toMillis());
    refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** The figures of the last refresh. */
  public Figures figures() {
    return figures;
  }

  /** Refreshes that failed (the previous figures were kept). */
  public long failures() {
    return failures.get();
  }

  /** Reads every figure again; a part that cannot be read keeps its previous value. */
  synchronized void refresh() {
    Figures last = figures;
    Map<String, Instant> commits = last.stageCommits();
    List<DriftReports.Flag> flags = last.drift();
    Job.State lastState = last.lastJobState();
    Instant lastEnded = last.lastJobEnded();
    boolean failed = false;
    try {
      commits = stageCommits();
    } catch (RuntimeException e) {
      failed = failed(e, "stage commits");
    }
    try {
      flags = driftFlags();
    } catch (RuntimeException e) {
      failed = failed(e, "drift report");
    }
    try {
      Optional<Job> job = jobs.latest();
      lastState = job.map(Job::state).orElse(null);
      lastEnded = job.map(Job::endedAt).orElse(null);
    } catch (RuntimeException e) {
      failed = failed(e, "latest job");
    }
    if (failed) {
      failures.incrementAndGet();
    }
    figures =
        new Figures(commits, flags, jobs.countsByState(), lastState, lastEnded, Instant.now());
  }

  private static boolean failed(RuntimeException e, String what) {
    LOG.log(Level.WARNING, "Cannot read {0} for the metrics: {1}", what, e.toString());
    return true;
  }

  private Map<String, Instant> stageCommits() {
    Map<String, Instant> commits = new LinkedHashMap<>();
    Runs.STAGES.forEach(
        stage -> {
          List<TableCommit> history = lake.history(stage.lastTable());
          // Newest first: maintenance commits (compaction, expiry) carry no run id and say
          // nothing about the daily run.
          for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).runId() != null) {
              commits.put(stage.name(), history.get(i).committedAt());
              break;
            }
          }
        });
    return Map.copyOf(commits);
  }

  /** The flags, read again only when the report's table has a new snapshot. */
  private List<DriftReports.Flag> driftFlags() {
    long id =
        lake.current(Tables.GOLD_DRIFT_REPORT)
            .filter(s -> !s.files().isEmpty())
            .map(Snapshot::snapshotId)
            .orElse(-1L);
    if (id != driftSnapshotId) {
      drift = id == -1 ? List.of() : driftReports.flags();
      driftSnapshotId = id;
    }
    return drift;
  }

  @Override
  public void close() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
  }
}
