package dev.bookslake.pipelines.io;

import dev.bookslake.lake.LakeException;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.RunMetrics;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads and writes lake tables' data files (Parquet with Iceberg field ids), with the Avro types of
 * {@code schemas/}.
 *
 * <p>Writes go into a folder given by the lake library ({@code PendingSnapshot.directory()}), so
 * nothing is visible until the stage commits. Beam's temporary shard files go to a scratch folder
 * outside every table.
 *
 * <pre>{@code
 * pages.apply("WriteBronzePages",
 *     LakeIO.write(Page.class).to(pending.directory().toString())
 *         .withTempDirectory(lake.tempPath(runId).toString()).withRowCounter("bronze.pages"));
 * PCollection<Page> previous = p.apply("ReadPreviousPages", LakeIO.read(Page.class, snapshot.fileNames()));
 * }</pre>
 */
public final class LakeIO {
  /** Metric namespace of the row counters, read back by stages to record row counts. */
  public static final String METRICS_NAMESPACE = "bookslake.lake";

  private LakeIO() {}

  public static <T extends SpecificRecord> Write<T> write(Class<T> type) {
    return new Write<>(type, null, null, 1, null);
  }

  /**
   * Commits a snapshot written by {@link #write}; when the table came out empty (Beam writes no
   * file for no rows), an empty Parquet file with the table's schema is added first so readers
   * still see the columns.
   */
  public static <T extends SpecificRecord> Snapshot commit(
      PendingSnapshot pending, Class<T> type, long rows) {
    return commit(pending, type, rows, RunMetrics.NONE);
  }

  /** {@link #commit(PendingSnapshot, Class, long)}, recording the run's start and counters. */
  public static <T extends SpecificRecord> Snapshot commit(
      PendingSnapshot pending, Class<T> type, long rows, RunMetrics run) {
    try (Stream<Path> files = Files.list(pending.directory())) {
      if (files.noneMatch(f -> f.getFileName().toString().endsWith(".parquet"))) {
        ParquetFiles.writeEmpty(type, pending.directory().resolve("part-00000-of-00001.parquet"));
      }
    } catch (IOException e) {
      throw new LakeException("Cannot complete snapshot folder: " + pending.directory(), e);
    }
    return pending.commit(rows, run);
  }

  /**
   * Writes rows into a pending snapshot as one Parquet file and commits it: for small tables a
   * command builds in plain Java (a drift report), where a pipeline would be ceremony.
   */
  public static <T extends SpecificRecord> Snapshot commitRows(
      PendingSnapshot pending, Class<T> type, List<T> rows) {
    return commitRows(pending, type, rows, RunMetrics.NONE);
  }

  /** {@link #commitRows(PendingSnapshot, Class, List)}, recording the run's start and counters. */
  public static <T extends SpecificRecord> Snapshot commitRows(
      PendingSnapshot pending, Class<T> type, List<T> rows, RunMetrics run) {
    try {
      TableFiles.write(type, pending.directory().resolve("part-00000-of-00001.parquet"), rows);
    } catch (UncheckedIOException e) {
      pending.abort();
      throw new LakeException("Cannot write snapshot file into: " + pending.directory(), e);
    }
    return pending.commit(rows.size(), run);
  }

  /** Every row of a committed snapshot, read in this JVM (for tables that fit in memory). */
  public static <T extends SpecificRecord> List<T> readRows(Snapshot snapshot, Class<T> type) {
    try {
      return TableFiles.readAll(type, snapshot.files());
    } catch (UncheckedIOException e) {
      throw new LakeException("Cannot read snapshot files of: " + snapshot.directory(), e);
    }
  }

  public static <T extends SpecificRecord> Read<T> read(Class<T> type, List<String> files) {
    return new Read<>(type, List.copyOf(files));
  }

  /** Writes a collection of records as Parquet files {@code part-SSSSS-of-NNNNN.parquet}. */
  public static final class Write<T extends SpecificRecord>
      extends PTransform<PCollection<T>, WriteFilesResult<Void>> {
    private final Class<T> type;
    private final String directory;
    private final String tempDirectory;
    private final int numShards;
    private final String rowCounter;

    private Write(
        Class<T> type, String directory, String tempDirectory, int numShards, String rowCounter) {
      this.type = type;
      this.directory = directory;
      this.tempDirectory = tempDirectory;
      this.numShards = numShards;
      this.rowCounter = rowCounter;
    }

    public Write<T> to(String directory) {
      return new Write<>(type, directory, tempDirectory, numShards, rowCounter);
    }

    public Write<T> withTempDirectory(String tempDirectory) {
      return new Write<>(type, directory, tempDirectory, numShards, rowCounter);
    }

    /** A fixed shard count keeps file sizes predictable; every shard is written, even if empty. */
    public Write<T> withNumShards(int numShards) {
      return new Write<>(type, directory, tempDirectory, numShards, rowCounter);
    }

    /** Counts written rows in counter {@code rows/<name>} of {@link #METRICS_NAMESPACE}. */
    public Write<T> withRowCounter(String name) {
      return new Write<>(type, directory, tempDirectory, numShards, name);
    }

    @Override
    public WriteFilesResult<Void> expand(PCollection<T> input) {
      if (directory == null || tempDirectory == null) {
        throw new IllegalStateException(
            "Cannot write lake table without .to(dir) and .withTempDirectory(dir)");
      }
      String counter = rowCounter == null ? type.getSimpleName() : rowCounter;
      return input
          .apply("CountRows", ParDo.of(new CountFn<T>(counter)))
          .apply(
              "WriteParquet",
              FileIO.<T>write()
                  .via(new ParquetFiles.Sink<>(type))
                  .to(directory)
                  .withNaming(FileIO.Write.defaultNaming("part", ".parquet"))
                  .withTempDirectory(tempDirectory)
                  .withNumShards(numShards));
    }
  }

  /** Reads the given Parquet files (a snapshot's file list) as records of one type. */
  public static final class Read<T extends SpecificRecord>
      extends PTransform<PBegin, PCollection<T>> {
    private final Class<T> type;
    private final List<String> files;

    private Read(Class<T> type, List<String> files) {
      this.type = type;
      this.files = files;
    }

    @Override
    public PCollection<T> expand(PBegin begin) {
      return begin
          .apply("ListFiles", Create.of(files).withCoder(StringUtf8Coder.of()))
          .apply("MatchFiles", FileIO.matchAll())
          .apply("OpenFiles", FileIO.readMatches())
          .apply("ReadParquet", ParDo.of(new ParquetFiles.ReadFn<>(type)))
          .setCoder(AvroCoder.of(type));
    }
  }

  static final class CountFn<T> extends DoFn<T, T> {
    private final Counter rows;

    CountFn(String name) {
      this.rows = Metrics.counter(METRICS_NAMESPACE, "rows/" + name);
    }

    @ProcessElement
    public void processElement(@Element T element, OutputReceiver<T> out) {
      rows.inc();
      out.output(element);
    }
  }
}
