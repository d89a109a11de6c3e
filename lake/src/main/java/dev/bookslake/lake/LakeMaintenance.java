package dev.bookslake.lake;

import dev.bookslake.lake.internal.LakeCatalog;
import dev.bookslake.lake.internal.LocalFileIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileInfo;

/**
 * Keeps the lake's Iceberg tables from growing without bound: expires old snapshots (and the files
 * only they used) and removes orphan files, the data files of runs that crashed or were aborted
 * before their commit. Both keep what a reader may still use: snapshots younger than {@code
 * expireAfter}, always the last {@code retainLast} of every table, and any file younger than {@code
 * orphansAfter} (a run still writing it may commit soon).
 *
 * <pre>{@code
 * List<LakeMaintenance.Report> reports =
 *     LakeMaintenance.run(Lake.open("lake/warehouse"), LakeMaintenance.Policy.DEFAULT, Instant.now(), false);
 * }</pre>
 */
public final class LakeMaintenance {
  private LakeMaintenance() {}

  /**
   * How much history to keep.
   *
   * @param expireAfter snapshots older than this may be expired (time travel reaches this far)
   * @param retainLast every table keeps at least this many snapshots, however old
   * @param orphansAfter unreferenced files older than this are orphans; younger ones may belong to
   *     a run that has not committed yet
   */
  public record Policy(Duration expireAfter, int retainLast, Duration orphansAfter) {
    /** Seven days of time travel, the last five commits, orphans after three days. */
    public static final Policy DEFAULT = new Policy(Duration.ofDays(7), 5, Duration.ofDays(3));

    public Policy {
      if (retainLast < 1) {
        throw new IllegalArgumentException("Cannot keep fewer than one snapshot: " + retainLast);
      }
    }
  }

  /** What maintenance did (or, on a dry run, would do) to one table. */
  public record Report(
      TableId table, int snapshotsBefore, int snapshotsAfter, List<Path> orphansDeleted) {}

  /** Expires snapshots and deletes orphan files of every table; {@code dryRun} only reports. */
  public static List<Report> run(Lake lake, Policy policy, Instant now, boolean dryRun) {
    List<Report> reports = new ArrayList<>();
    Optional<LakeCatalog> opened = LakeCatalog.openExisting(lake.root());
    if (opened.isEmpty()) {
      return reports;
    }
    try (LakeCatalog catalog = opened.get()) {
      for (TableId id : Tables.ALL) {
        Optional<Table> found = catalog.find(id);
        if (found.isEmpty()) {
          continue;
        }
        Table table = found.get();
        int before = count(table);
        if (!dryRun) {
          LakeCatalog.exclusively(
              lake.root(),
              () -> {
                table
                    .expireSnapshots()
                    .expireOlderThan(now.minus(policy.expireAfter()).toEpochMilli())
                    .retainLast(policy.retainLast())
                    .commit();
                return null;
              });
          table.refresh();
          LakeCatalog.writeVersionHint(table);
        }
        List<Path> orphans = new ArrayList<>(orphans(table, now.minus(policy.orphansAfter())));
        if (!dryRun) {
          orphans.forEach(LakeMaintenance::delete);
        }
        // A run killed before it wrote a file leaves only its folder.
        for (Path folder : emptyRunFolders(table, now.minus(policy.orphansAfter()))) {
          orphans.add(folder);
          if (!dryRun) {
            delete(folder);
          }
        }
        reports.add(new Report(id, before, count(table), orphans));
      }
    }
    return reports;
  }

  private static int count(Table table) {
    int n = 0;
    for (var ignored : table.snapshots()) {
      n++;
    }
    return n;
  }

  /**
   * Files under the table's folder that no snapshot, manifest or metadata file references, and that
   * were last modified before {@code olderThan}.
   */
  static List<Path> orphans(Table table, Instant olderThan) {
    Set<Path> referenced = new HashSet<>();
    for (String location : ReachableFileUtil.metadataFileLocations(table, false)) {
      referenced.add(LocalFileIO.toPath(location));
    }
    referenced.add(
        LocalFileIO.toPath(
            table.location()
                + "/metadata/"
                + dev.bookslake.lake.internal.LakeCatalog.VERSION_HINT));
    for (String location : ReachableFileUtil.manifestListLocations(table)) {
      referenced.add(LocalFileIO.toPath(location));
    }
    Set<String> seenManifests = new HashSet<>();
    for (org.apache.iceberg.Snapshot snapshot : table.snapshots()) {
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        if (!seenManifests.add(manifest.path())) {
          continue;
        }
        referenced.add(LocalFileIO.toPath(manifest.path()));
        try (CloseableIterable<DataFile> files = ManifestFiles.read(manifest, table.io())) {
          for (DataFile file : files) {
            referenced.add(LocalFileIO.toPath(file.location()));
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read manifest: " + manifest.path(), e);
        }
      }
    }
    List<Path> orphans = new ArrayList<>();
    for (FileInfo file : new LocalFileIO().listPrefix(table.location())) {
      Path path = LocalFileIO.toPath(file.location());
      if (!referenced.contains(path) && file.createdAtMillis() < olderThan.toEpochMilli()) {
        orphans.add(path);
      }
    }
    orphans.sort(null);
    return orphans;
  }

  /** Run folders ({@code data/dt=D/<run>}) with nothing in them, last modified before then. */
  static List<Path> emptyRunFolders(Table table, Instant olderThan) {
    Path data = LocalFileIO.toPath(table.location()).resolve("data");
    if (!Files.isDirectory(data)) {
      return List.of();
    }
    List<Path> empty = new ArrayList<>();
    try (Stream<Path> partitions = Files.list(data)) {
      for (Path partition : partitions.filter(Files::isDirectory).toList()) {
        try (Stream<Path> runs = Files.list(partition)) {
          for (Path run : runs.filter(Files::isDirectory).toList()) {
            try (Stream<Path> children = Files.list(run)) {
              if (children.findAny().isEmpty()
                  && Files.getLastModifiedTime(run).toMillis() < olderThan.toEpochMilli()) {
                empty.add(run);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list data folders of: " + data, e);
    }
    empty.sort(null);
    return empty;
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
      Path folder = file.getParent();
      // A run folder emptied by the clean-up goes too; the data/ folder itself stays.
      if (folder.getFileName().toString().startsWith("dt=")) {
        return;
      }
      try (Stream<Path> rest = Files.list(folder)) {
        if (rest.findAny().isEmpty()
            && folder.getParent().getFileName().toString().startsWith("dt=")) {
          Files.deleteIfExists(folder);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete orphan file: " + file, e);
    }
  }
}
