package dev.bookslake.serving.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.serving.drift.DriftReports;
import dev.bookslake.serving.scraping.Job;
import dev.bookslake.serving.scraping.Jobs;
import dev.bookslake.serving.snapshot.SnapshotStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job figures BookslakeDailyRunFailed reads ({@code reason="job_failed"}): a run triggered as a
 * real child process that exits non-zero shows as the latest job, failed, with its end time.
 */
class PipelineStatusTest {
  @TempDir Path temp;

  @Test
  void aFailedRunIsTheLatestJobFailedWithItsEndTime() throws Exception {
    Lake lake = Lake.at(temp.resolve("lake"));
    Jobs jobs =
        new Jobs(
            new Jobs.Settings(
                List.of("sh", "-c", "exit 3"),
                "http://shop.local/",
                lake.root(),
                temp.resolve("home"),
                temp.resolve("jobs"),
                Duration.ofMinutes(1),
                Optional.empty(),
                Clock.systemUTC(),
                10));
    try (DriftReports drift = new DriftReports(lake);
        SnapshotStore snapshots = new SnapshotStore(lake, Duration.ofSeconds(5))) {
      PipelineStatus status = new PipelineStatus(lake, drift, jobs, Duration.ofHours(1));
      Metrics metrics = new Metrics(snapshots);
      metrics.pipeline(status);
      status.refresh();
      assertThat(metrics.scrape())
          .doesNotContain("bookslake_scraping_job_last_status{")
          .contains("\nbookslake_scraping_job_last_end_timestamp_seconds 0\n")
          // a lake with no tables: no stage has committed, no drift report
          .doesNotContain("bookslake_stage_last_commit_timestamp_seconds{")
          .doesNotContain("bookslake_drift_detected{");

      Job job = jobs.trigger();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (job.endedAt() == null && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(job.state()).isEqualTo(Job.State.FAILED);
      status.refresh();

      assertThat(metrics.scrape())
          .contains("\nbookslake_scraping_jobs{state=\"failed\"} 1\n")
          .contains("\nbookslake_scraping_jobs{state=\"succeeded\"} 0\n")
          .contains("\nbookslake_scraping_job_last_status{status=\"failed\"} 1\n")
          .contains("\nbookslake_scraping_job_last_status{status=\"succeeded\"} 0\n")
          .contains(
              "\nbookslake_scraping_job_last_end_timestamp_seconds "
                  + job.endedAt().getEpochSecond()
                  + "\n")
          .contains("\nbookslake_pipeline_status_refresh_failures_total 0\n");
    } finally {
      jobs.close();
    }
  }
}
