package dev.bookslake.pipelines.datapath;

import dev.bookslake.pipelines.clean.CleanPipeline;
import dev.bookslake.pipelines.common.UsageException;
import dev.bookslake.pipelines.features.FeaturesPipeline;
import dev.bookslake.pipelines.scrape.ScrapePipeline;
import java.util.Locale;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The whole data path for one logical date: scrape → clean → features, each stage a separate Beam
 * pipeline that publishes its tables before the next starts (so a failure leaves every earlier
 * layer committed and the failed one at its previous snapshot).
 *
 * <pre>
 * ./bookslake run --source http://127.0.0.1:8000/ --lake lake/warehouse --run-date 2026-01-01 \
 *     [--until bronze|silver|gold] [--runner FlinkRunner --flink-master [local]]
 * </pre>
 */
public final class DataPath {
  private DataPath() {}

  /** The layer the run stops after. */
  public enum Layer {
    BRONZE,
    SILVER,
    GOLD
  }

  /** Every stage's options, plus where to stop. */
  public interface Options
      extends ScrapePipeline.Options, CleanPipeline.Options, FeaturesPipeline.Options {
    @Description(
        "Last layer to build: bronze (scrape), silver (scrape, clean) or gold (all stages).")
    @Default.String("gold")
    String getUntil();

    void setUntil(String value);
  }

  /** What each stage printed, in order. */
  public record Summary(
      ScrapePipeline.Summary scrape,
      CleanPipeline.Summary clean,
      FeaturesPipeline.Summary features) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(String.valueOf(scrape));
      if (clean != null) {
        sb.append(System.lineSeparator()).append(clean);
      }
      if (features != null) {
        sb.append(System.lineSeparator()).append(features);
      }
      return sb.toString();
    }
  }

  public static void main(String[] args) {
    System.out.println(
        run(PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class)));
  }

  public static Summary run(Options options) {
    Layer until = until(options.getUntil());
    ScrapePipeline.Summary scrape = ScrapePipeline.run(options);
    System.out.println(scrape);
    if (until == Layer.BRONZE) {
      return new Summary(scrape, null, null);
    }
    CleanPipeline.Summary clean = CleanPipeline.run(options);
    System.out.println(clean);
    if (until == Layer.SILVER) {
      return new Summary(scrape, clean, null);
    }
    FeaturesPipeline.Summary features = FeaturesPipeline.run(options);
    System.out.println(features);
    return new Summary(scrape, clean, features);
  }

  /** Refuses option values any of the stages cannot run with (exit 2 from the command line). */
  public static void check(Options options) {
    until(options.getUntil());
    ScrapePipeline.check(options);
    CleanPipeline.check(options);
    FeaturesPipeline.check(options);
  }

  private static Layer until(String value) {
    try {
      return Layer.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("Cannot parse --until (bronze, silver or gold): " + value, e);
    }
  }
}
