package dev.bookslake.pipelines.scrape;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Options for scrape runs in tests: fast retries and timeouts, quiet progress. */
final class ScrapeRuns {
  private ScrapeRuns() {}

  static ScrapePipeline.Options options(URI source, Path lake, String runDate, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--source=" + source,
                "--lake=" + lake,
                "--runDate=" + runDate,
                "--retryBaseMs=10",
                "--maxRetryAfterMs=50",
                "--timeoutMs=2000",
                "--maxAttempts=5",
                "--progressSeconds=60"));
    for (String e : extra) {
      String key = e.substring(0, e.indexOf('=') + 1);
      args.removeIf(a -> a.startsWith(key));
      args.add(e);
    }
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .withValidation()
        .as(ScrapePipeline.Options.class);
  }

  static ScrapePipeline.Options flink(URI source, Path lake, String runDate) {
    return options(
        source, lake, runDate, "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");
  }
}
