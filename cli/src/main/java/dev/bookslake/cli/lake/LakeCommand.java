package dev.bookslake.cli.lake;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.LakeMaintenance;
import dev.bookslake.lake.LakeMigration;
import dev.bookslake.lake.TableCommit;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.common.UsageException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bookslake lake}: the lake's tables as Iceberg tables. Exit 0 on success, 1 when the lake
 * cannot be read or written, 2 on bad arguments.
 *
 * <pre>
 * ./bookslake lake history gold.books            # the commits time travel can reach
 * ./bookslake lake maintain --expire-after 7d --retain-last 5 --orphans-after 3d [--dry-run]
 * ./bookslake lake migrate [--keep-legacy]       # a pre-Iceberg lake to Iceberg tables
 * </pre>
 */
@Command(
    name = "lake",
    description = "The lake's Iceberg tables: commit history, maintenance, migration.",
    synopsisSubcommandLabel = "(history | maintain | migrate)",
    commandListHeading = "%nCommands:%n")
public final class LakeCommand implements Callable<Integer> {
  private static final String LAKE =
      "Lake root folder (default: $BOOKSLAKE_LAKE, else lake/warehouse under the project).";

  private final PrintStream out;
  @Spec private CommandSpec spec;

  public LakeCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(out);
    return 2;
  }

  @Command(
      name = "history",
      description =
          "Every commit of a table, oldest first: snapshot id, time, partition and run (ids for query --snapshot).")
  int history(
      @Option(names = "--lake", paramLabel = "DIR", defaultValue = "", description = LAKE)
          String lake,
      @Parameters(paramLabel = "TABLE", description = "A lake table, e.g. gold.books.")
          String table) {
    TableId id;
    try {
      id = TableId.parse(table);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (!Tables.isKnown(id)) {
      throw new UsageException("Cannot find lake table: " + table);
    }
    List<TableCommit> commits = Lake.open(lake).history(id);
    out.printf(
        Locale.ROOT,
        "%-20s  %-24s  %-9s  %-10s  %8s  %s%n",
        "snapshot_id",
        "committed_at",
        "operation",
        "dt",
        "rows",
        "run_id");
    for (TableCommit c : commits) {
      out.printf(
          Locale.ROOT,
          "%-20d  %-24s  %-9s  %-10s  %8s  %s%n",
          c.snapshotId(),
          c.committedAt(),
          c.operation(),
          c.dt() == null ? "-" : c.dt(),
          c.rows() < 0 ? "-" : Long.toString(c.rows()),
          c.runId() == null ? "-" : c.runId());
    }
    return 0;
  }

  @Command(
      name = "maintain",
      description =
          "Expire old snapshots and delete orphan files (data of runs that never committed), keeping what readers may still use.")
  int maintain(
      @Option(names = "--lake", paramLabel = "DIR", defaultValue = "", description = LAKE)
          String lake,
      @Option(
              names = "--expire-after",
              paramLabel = "AGE",
              defaultValue = "7d",
              description =
                  "Snapshots older than this may be expired, e.g. 7d, 12h (default: ${DEFAULT-VALUE}).")
          String expireAfter,
      @Option(
              names = "--retain-last",
              paramLabel = "N",
              defaultValue = "5",
              description =
                  "Every table keeps at least its last N snapshots (default: ${DEFAULT-VALUE}).")
          int retainLast,
      @Option(
              names = "--orphans-after",
              paramLabel = "AGE",
              defaultValue = "3d",
              description =
                  "Unreferenced files older than this are deleted; younger ones may belong to a run still writing (default: ${DEFAULT-VALUE}).")
          String orphansAfter,
      @Option(names = "--dry-run", description = "Report what would be removed; change nothing.")
          boolean dryRun) {
    LakeMaintenance.Policy policy =
        new LakeMaintenance.Policy(age(expireAfter), retainLast, age(orphansAfter));
    List<LakeMaintenance.Report> reports =
        LakeMaintenance.run(Lake.open(lake), policy, Instant.now(), dryRun);
    int orphans = 0;
    for (LakeMaintenance.Report r : reports) {
      orphans += r.orphansDeleted().size();
      out.printf(
          Locale.ROOT,
          "%-22s snapshots %d -> %d, orphan files %s %d%n",
          r.table(),
          r.snapshotsBefore(),
          r.snapshotsAfter(),
          dryRun ? "to delete" : "deleted",
          r.orphansDeleted().size());
    }
    out.printf(
        Locale.ROOT,
        "%d tables, %d orphan files%s%n",
        reports.size(),
        orphans,
        dryRun ? " (dry run)" : "");
    return 0;
  }

  @Command(
      name = "migrate",
      description =
          "Convert a pre-Iceberg lake (dt=*/_SNAPSHOT.json pointers) into Iceberg tables, every dt, row counts checked.")
  int migrate(
      @Option(names = "--lake", paramLabel = "DIR", defaultValue = "", description = LAKE)
          String lake,
      @Option(
              names = "--keep-legacy",
              description =
                  "Keep the legacy folders after a successful migration (default: remove them).")
          boolean keepLegacy) {
    Lake opened = Lake.open(lake);
    if (!LakeMigration.hasLegacyPartitions(opened)) {
      out.println("Nothing to migrate: no legacy partitions under " + opened.root());
      return 0;
    }
    List<LakeMigration.Migrated> done = LakeMigration.migrate(opened, !keepLegacy);
    long rows = 0;
    for (LakeMigration.Migrated m : done) {
      rows += m.rows();
      out.printf(
          Locale.ROOT,
          "%-22s dt=%s %8d rows%s%n",
          m.table(),
          m.dt(),
          m.rows(),
          m.skipped() ? " (already migrated)" : "");
    }
    out.printf(
        Locale.ROOT,
        "Migrated %d partitions, %d rows, into Iceberg tables under %s%s%n",
        done.size(),
        rows,
        opened.root(),
        keepLegacy ? " (legacy folders kept)" : "");
    return 0;
  }

  /** {@code 7d}, {@code 12h}, {@code 30m} or an ISO-8601 duration. */
  static Duration age(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.matches("\\d+[dhm]")) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
          case 'd' -> Duration.ofDays(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofMinutes(n);
        };
      }
      return Duration.parse(text.strip());
    } catch (RuntimeException e) {
      throw new UsageException("Cannot parse age (e.g. 7d, 12h, 30m): " + text);
    }
  }
}
