package dev.bookslake.lake;

import dev.bookslake.lake.internal.SnapshotFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lake on disk: where each table partition lives, and how a new version of it is published
 * atomically.
 *
 * <p>Layout, for table {@code <layer>.<name>} and logical date {@code dt}:
 *
 * <pre>
 * &lt;root&gt;/&lt;layer&gt;/&lt;name&gt;/dt=YYYY-MM-DD/v-&lt;time&gt;-&lt;rand&gt;/part-*.parquet   one version's files
 * &lt;root&gt;/&lt;layer&gt;/&lt;name&gt;/dt=YYYY-MM-DD/_SNAPSHOT.json                   the committed version
 * &lt;root&gt;/&lt;layer&gt;/&lt;name&gt;/_CURRENT.json                                  the latest committed dt
 * </pre>
 *
 * <p>A writer asks for a fresh version folder ({@link #begin}), fills it, and commits; the commit
 * is one atomic rename of {@code _SNAPSHOT.json}. Readers resolve the pointer first and read only
 * the files it names, so they never see a half-written partition, and a crash before the commit
 * leaves the previous snapshot in force.
 *
 * <pre>{@code
 * Lake lake = Lake.open("lake/warehouse");
 * PendingSnapshot pending = lake.begin(Tables.BRONZE_PAGES, LocalDate.parse("2026-01-01"), "run-1");
 * // ... write Parquet files into pending.directory() ...
 * Snapshot committed = pending.commit(1050);
 * Optional<Snapshot> current = lake.current(Tables.BRONZE_PAGES);
 * }</pre>
 */
public final class Lake {
  /** Environment variable naming the lake root when none is given. */
  public static final String ROOT_ENV = "BOOKSLAKE_LAKE";

  /** Environment variable naming the project checkout; the default lake lives under it. */
  public static final String HOME_ENV = "BOOKSLAKE_HOME";

  static final String PARTITION_PREFIX = "dt=";

  private final Path root;

  private Lake(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** A lake rooted at a local folder, created on first write. */
  public static Lake at(Path root) {
    return new Lake(root);
  }

  /**
   * A lake rooted at a local path or {@code file:} URI. Object-store roots ({@code s3://}, {@code
   * gs://}) are not supported yet and are refused with a clear message.
   */
  public static Lake open(String root) {
    if (root == null || root.isBlank()) {
      return at(defaultRoot());
    }
    if (root.startsWith("file:")) {
      return at(Path.of(URI.create(root)));
    }
    if (root.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw new LakeException("Cannot open lake root (only local paths are supported): " + root);
    }
    return at(Path.of(root));
  }

  /**
   * {@code $BOOKSLAKE_LAKE}, else {@code $BOOKSLAKE_HOME/lake/warehouse}, else {@code
   * lake/warehouse}.
   */
  public static Path defaultRoot() {
    String explicit = System.getenv(ROOT_ENV);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String home = System.getenv(HOME_ENV);
    Path base = home == null || home.isBlank() ? Path.of("") : Path.of(home);
    return base.resolve("lake").resolve("warehouse");
  }

  public Path root() {
    return root;
  }

  /** The folder of a table, holding one {@code dt=} folder per partition. */
  public Path tablePath(TableId table) {
    return root.resolve(table.layer().folder()).resolve(table.name());
  }

  /** The folder of one partition of a table. */
  public Path partitionPath(TableId table, LocalDate dt) {
    return tablePath(table).resolve(PARTITION_PREFIX + dt);
  }

  /** Scratch space for runners (e.g. Beam's temporary shard files), outside every table. */
  public Path tempPath(String runId) {
    return root.resolve("_tmp").resolve(runId);
  }

  /** Removes a run's scratch space ({@link #tempPath}) with everything in it, if there is any. */
  public void deleteTemp(String runId) {
    SnapshotFiles.deleteRecursively(tempPath(runId));
  }

  /**
   * Starts writing a new version of a partition; nothing is visible until it is committed. The
   * version stays claimed by this process until {@link PendingSnapshot#commit} or {@link
   * PendingSnapshot#abort}, so an overlapping writer's commit never removes it.
   */
  public PendingSnapshot begin(TableId table, LocalDate dt, String runId) {
    return new PendingSnapshot(
        table, dt, runId, SnapshotFiles.beginVersion(partitionPath(table, dt)), this);
  }

  /** The committed snapshot of one partition, if that {@code dt} was ever committed. */
  public Optional<Snapshot> snapshot(TableId table, LocalDate dt) {
    return SnapshotFiles.readSnapshot(table, dt, partitionPath(table, dt));
  }

  /** The snapshot of the latest committed {@code dt} of a table. */
  public Optional<Snapshot> current(TableId table) {
    return SnapshotFiles.readCurrentDate(tablePath(table)).flatMap(dt -> snapshot(table, dt));
  }

  /**
   * The table as it was published for {@code dt}: the latest committed partition on or before it.
   */
  public Optional<Snapshot> asOf(TableId table, LocalDate dt) {
    List<LocalDate> dates = committedDates(table);
    for (int i = dates.size() - 1; i >= 0; i--) {
      if (!dates.get(i).isAfter(dt)) {
        return snapshot(table, dates.get(i));
      }
    }
    return Optional.empty();
  }

  /** Every committed {@code dt} of a table, oldest first. */
  public List<LocalDate> committedDates(TableId table) {
    Path tablePath = tablePath(table);
    if (!Files.isDirectory(tablePath)) {
      return List.of();
    }
    List<LocalDate> dates = new ArrayList<>();
    try (Stream<Path> children = Files.list(tablePath)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        String name = child.getFileName().toString();
        if (name.startsWith(PARTITION_PREFIX)
            && Files.isRegularFile(child.resolve(SnapshotFiles.SNAPSHOT_FILE))) {
          try {
            dates.add(LocalDate.parse(name.substring(PARTITION_PREFIX.length())));
          } catch (DateTimeParseException e) {
            // A folder a person made by hand is not a partition; skip it rather than fail readers.
          }
        }
      }
    } catch (IOException e) {
      throw new LakeException("Cannot list partitions of table: " + tablePath, e);
    }
    Collections.sort(dates);
    return dates;
  }

  /** Every table that has at least one committed partition, in layer then name order. */
  public List<TableId> tables() {
    List<TableId> tables = new ArrayList<>();
    for (Layer layer : Layer.values()) {
      Path layerPath = root.resolve(layer.folder());
      if (!Files.isDirectory(layerPath)) {
        continue;
      }
      try (Stream<Path> children = Files.list(layerPath)) {
        children
            .map(p -> p.getFileName().toString())
            .filter(n -> n.matches("[a-z][a-z0-9_]*"))
            .sorted()
            .map(n -> TableId.of(layer, n))
            .filter(t -> !committedDates(t).isEmpty())
            .forEach(tables::add);
      } catch (IOException e) {
        throw new LakeException("Cannot list tables of layer: " + layerPath, e);
      }
    }
    return tables;
  }

  @Override
  public String toString() {
    return "Lake[" + root + "]";
  }
}
