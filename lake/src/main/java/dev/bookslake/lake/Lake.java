package dev.bookslake.lake;

import dev.bookslake.lake.internal.LakeCatalog;
import dev.bookslake.lake.internal.TableState;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The lake: one Apache Iceberg table per lake table, partitioned by {@code dt}, in the catalog at
 * {@code <root>/catalog.db}; see {@code lake/README.md} for the layout and commit protocol.
 *
 * <p>A writer asks for a fresh folder ({@link #begin}), fills it with data files ({@link
 * TableFiles}) and commits: one Iceberg commit replaces exactly that {@code dt} partition,
 * atomically, retrying on a newer table version when another run committed in between. Readers plan
 * their files from one table snapshot, so they never see a half-written partition, and a crash
 * before the commit leaves the previous snapshot in force.
 *
 * <pre>{@code
 * Lake lake = Lake.open("lake/warehouse");
 * PendingSnapshot pending = lake.begin(Tables.BRONZE_PAGES, LocalDate.parse("2026-01-01"), "run-1");
 * TableFiles.write(Page.class, pending.directory().resolve("part-0.parquet"), pages);
 * Snapshot committed = pending.commit(pages.size());
 * Optional<Snapshot> current = lake.current(Tables.BRONZE_PAGES);
 * }</pre>
 */
public final class Lake {
  /** Environment variable naming the lake root when none is given. */
  public static final String ROOT_ENV = "BOOKSLAKE_LAKE";

  /** Environment variable naming the project checkout; the default lake lives under it. */
  public static final String HOME_ENV = "BOOKSLAKE_HOME";

  /** Summary property of a bookslake commit: the partition it replaced. */
  static final String DT_PROPERTY = "bookslake.dt";

  /** Summary property of a bookslake commit: the run that wrote it. */
  static final String RUN_PROPERTY = "bookslake.run-id";

  /** Summary property of a bookslake commit: the rows its writer counted. */
  static final String ROWS_PROPERTY = "bookslake.rows";

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

  /** The folder of a table: Iceberg's {@code data/} and {@code metadata/} live in it. */
  public Path tablePath(TableId table) {
    return root.resolve(table.layer().folder()).resolve(table.name());
  }

  /** The folder holding the data files of one partition (of every run that wrote it). */
  public Path partitionPath(TableId table, LocalDate dt) {
    return tablePath(table).resolve("data").resolve("dt=" + dt);
  }

  /** Scratch space for runners (e.g. Beam's temporary shard files), outside every table. */
  public Path tempPath(String runId) {
    return root.resolve("_tmp").resolve(runId);
  }

  /** Removes a run's scratch space ({@link #tempPath}) with everything in it, if there is any. */
  public void deleteTemp(String runId) {
    try {
      DurableFiles.deleteTree(tempPath(runId));
    } catch (IOException e) {
      throw new LakeException("Cannot delete scratch folder: " + tempPath(runId), e);
    }
  }

  /**
   * Creates every lake table that is missing from the catalog (empty, typed), so readers see the
   * whole lake before each stage has run once. Writers call it on their first {@link #begin}.
   */
  public void createMissingTables() {
    try (LakeCatalog catalog = LakeCatalog.open(root)) {
      catalog.createMissingTables();
    }
  }

  /**
   * Starts writing a new version of a partition; nothing is visible until it is committed. Its data
   * files go into a folder of their own, which {@link PendingSnapshot#abort} removes.
   */
  public PendingSnapshot begin(TableId table, LocalDate dt, String runId) {
    createMissingTables();
    Path directory = partitionPath(table, dt).resolve(runFolder(runId));
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new LakeException("Cannot create data folder: " + directory, e);
    }
    return new PendingSnapshot(this, table, dt, runId, directory);
  }

  private static String runFolder(String runId) {
    String safe = runId.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe + "-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
  }

  /** The committed snapshot of one partition, if that {@code dt} was ever committed. */
  public Optional<Snapshot> snapshot(TableId table, LocalDate dt) {
    return read(table, state -> state.partition(dt));
  }

  /** The partition {@code dt} as table snapshot {@code snapshotId} held it (time travel). */
  public Optional<Snapshot> snapshot(TableId table, LocalDate dt, long snapshotId) {
    return read(table, state -> state.at(snapshotId).partition(dt));
  }

  /** The snapshot of the latest committed {@code dt} of a table. */
  public Optional<Snapshot> current(TableId table) {
    return read(
        table,
        state -> {
          List<LocalDate> dates = state.dates();
          return dates.isEmpty() ? Optional.empty() : state.partition(dates.getLast());
        });
  }

  /**
   * The table as it was published for {@code dt}: the latest committed partition on or before it.
   */
  public Optional<Snapshot> asOf(TableId table, LocalDate dt) {
    return read(
        table,
        state -> {
          List<LocalDate> dates = state.dates();
          for (int i = dates.size() - 1; i >= 0; i--) {
            if (!dates.get(i).isAfter(dt)) {
              return state.partition(dates.get(i));
            }
          }
          return Optional.empty();
        });
  }

  /** Every committed {@code dt} of a table, oldest first. */
  public List<LocalDate> committedDates(TableId table) {
    return read(table, state -> Optional.of(state.dates())).orElse(List.of());
  }

  /** Every table that has at least one committed partition, in layer then name order. */
  public List<TableId> tables() {
    List<TableId> tables = new ArrayList<>();
    for (TableId table : Tables.ALL) {
      if (!committedDates(table).isEmpty()) {
        tables.add(table);
      }
    }
    return tables;
  }

  /**
   * The Iceberg history of a table, oldest first: every commit with its id, time and the partition
   * and run it wrote. Empty for a table never created.
   */
  public List<TableCommit> history(TableId table) {
    return read(table, state -> Optional.of(state.history())).orElse(List.of());
  }

  /**
   * {@link #history} of several tables through one catalog connection, from the tables' metadata
   * alone (no data file is planned): what a reader of commit times and run metrics across the lake
   * uses. Tables never created are absent from the answer.
   */
  public Map<TableId, List<TableCommit>> histories(Collection<TableId> tables) {
    Map<TableId, List<TableCommit>> histories = new LinkedHashMap<>();
    Optional<LakeCatalog> opened = LakeCatalog.openExisting(root);
    if (opened.isEmpty()) {
      return histories;
    }
    try (LakeCatalog catalog = opened.get()) {
      for (TableId table : tables) {
        catalog
            .find(table)
            .ifPresent(t -> histories.put(table, new TableState(table, t, null).history()));
      }
    }
    return histories;
  }

  /**
   * A table as {@code selection} asks for it: the Iceberg snapshot (latest, at an instant, or by
   * id) and in it the latest {@code dt}, or the latest on or before {@code selection.asOf()}. Empty
   * when the table was never created.
   */
  public Optional<TableRead> select(TableId table, ReadSelection selection) {
    return read(table, latest -> select(latest, selection));
  }

  private static Optional<TableRead> select(TableState latest, ReadSelection selection) {
    TableState state = latest;
    if (selection.snapshotId() != null) {
      state = latest.at(selection.snapshotId());
    } else if (selection.at() != null) {
      Optional<Long> id = latest.snapshotIdAt(selection.at());
      if (id.isEmpty()) {
        return Optional.empty();
      }
      state = latest.at(id.get());
    }
    List<LocalDate> dates = state.dates();
    Optional<Snapshot> partition = Optional.empty();
    for (int i = dates.size() - 1; i >= 0; i--) {
      if (selection.asOf() == null || !dates.get(i).isAfter(selection.asOf())) {
        partition = state.partition(dates.get(i));
        break;
      }
    }
    return Optional.of(
        new TableRead(state.table(), state.metadataLocation(), state.snapshotId(), partition));
  }

  /**
   * {@link #select} for several tables at once, through one catalog connection: what readers that
   * set up every table (the analysts' views, the API's gold load) use. Tables never created are
   * absent from the answer; {@code snapshots} pins single tables to a snapshot id.
   */
  public Map<TableId, TableRead> selectAll(
      Collection<TableId> tables, ReadSelection selection, Map<TableId, Long> snapshots) {
    Map<TableId, TableRead> reads = new LinkedHashMap<>();
    Optional<LakeCatalog> opened = LakeCatalog.openExisting(root);
    if (opened.isEmpty()) {
      return reads;
    }
    try (LakeCatalog catalog = opened.get()) {
      for (TableId table : tables) {
        Long pinned = snapshots.get(table);
        ReadSelection forTable =
            pinned == null ? selection : new ReadSelection(selection.asOf(), null, pinned);
        catalog
            .find(table)
            .flatMap(t -> select(new TableState(table, t, null), forTable))
            .ifPresent(read -> reads.put(table, read));
      }
    }
    return reads;
  }

  /**
   * The current metadata file of a table, the argument of DuckDB's {@code iceberg_scan}; empty for
   * a table never created.
   */
  public Optional<String> metadataLocation(TableId table) {
    return read(table, state -> Optional.of(state.metadataLocation()));
  }

  private <T> Optional<T> read(TableId table, Function<TableState, Optional<T>> reader) {
    Optional<LakeCatalog> opened = LakeCatalog.openExisting(root);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    try (LakeCatalog catalog = opened.get()) {
      return catalog.find(table).flatMap(t -> reader.apply(new TableState(table, t, null)));
    }
  }

  @Override
  public String toString() {
    return "Lake[" + root + "]";
  }
}
