package dev.bookslake.lake.internal;

import dev.bookslake.lake.DurableFiles;
import dev.bookslake.lake.LakeException;
import dev.bookslake.lake.TableFiles;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The lake's Iceberg catalog: a JDBC catalog in {@code <root>/catalog.db} (SQLite) by default, or
 * the database {@code $BOOKSLAKE_CATALOG_URI} names. One namespace per layer, one table per lake
 * table at {@code <root>/<layer>/<name>}. Opened per operation and closed after it: SQLite opens in
 * a millisecond, and nothing holds the file between commands.
 */
public final class LakeCatalog implements AutoCloseable {
  /** The catalog database inside the lake root. */
  public static final String FILE = "catalog.db";

  /** A JDBC URL of another catalog database (e.g. PostgreSQL for many hosts). */
  public static final String URI_ENV = "BOOKSLAKE_CATALOG_URI";

  /** The name other engines give the catalog (pyiceberg's {@code SqlCatalog("bookslake", ...)}). */
  public static final String NAME = "bookslake";

  /** Written beside each commit's metadata so catalog-less readers find the current version. */
  public static final String VERSION_HINT = "version-hint.text";

  private static final String METADATA_SUFFIX = ".metadata.json";

  /** Held by whoever writes the catalog database, across the processes sharing the lake. */
  public static final String LOCK_FILE = "catalog.lock";

  private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final JdbcCatalog catalog;
  private final Path root;

  private LakeCatalog(Path root, JdbcCatalog catalog) {
    this.root = root;
    this.catalog = catalog;
  }

  /** Opens (creating when missing) the catalog of a lake, for writers. */
  public static LakeCatalog open(Path root) {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new LakeException("Cannot create lake root: " + root, e);
    }
    return exclusively(root, () -> connect(root));
  }

  /**
   * Runs a write of the catalog database while holding the lake's catalog lock (a lock of this JVM
   * and a file lock of {@link #LOCK_FILE} across processes). SQLite answers two writers that both
   * read first with an immediate "database is locked" instead of waiting (its deadlock rule), so
   * bookslake's writers take turns; each turn is one short update, and Iceberg's optimistic commit
   * still detects a table that changed since the writer read it.
   */
  public static <T> T exclusively(Path root, Supplier<T> write) {
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(root, r -> new ReentrantLock());
    jvmLock.lock();
    try (FileChannel channel =
            FileChannel.open(
                root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      return write.get();
    } catch (IOException e) {
      throw new LakeException("Cannot lock lake catalog: " + root.resolve(LOCK_FILE), e);
    } finally {
      jvmLock.unlock();
    }
  }

  /** Opens the catalog of a lake for readers; empty when the lake has none yet (never written). */
  public static Optional<LakeCatalog> openExisting(Path root) {
    if (System.getenv(URI_ENV) == null && !Files.isRegularFile(root.resolve(FILE))) {
      return Optional.empty();
    }
    return Optional.of(connect(root));
  }

  /** The catalog properties, as pyiceberg and Spark would be given them. */
  public static Map<String, String> properties(Path root) {
    Map<String, String> properties = new HashMap<>();
    String uri = System.getenv(URI_ENV);
    properties.put(
        CatalogProperties.URI,
        uri == null || uri.isBlank() ? "jdbc:sqlite:" + root.resolve(FILE) : uri);
    properties.put(CatalogProperties.WAREHOUSE_LOCATION, root.toString());
    properties.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    // V1 keeps views possible later; readers (pyiceberg's SqlCatalog) ignore the extra column.
    properties.put("jdbc.schema-version", "V1");
    // Writers of other tables (or a reader opening the file) hold SQLite's lock for milliseconds.
    properties.put("jdbc.busy_timeout", "60000");
    properties.put(CatalogProperties.CLIENT_POOL_SIZE, "1");
    return properties;
  }

  private static LakeCatalog connect(Path root) {
    JdbcCatalog catalog =
        new JdbcCatalog(
            null, props -> new CatalogConnections(props.get(CatalogProperties.URI), props), true);
    try {
      catalog.initialize(NAME, properties(root));
    } catch (RuntimeException e) {
      throw new LakeException("Cannot open lake catalog: " + root.resolve(FILE), e);
    }
    return new LakeCatalog(root, catalog);
  }

  public static TableIdentifier identifier(TableId table) {
    return TableIdentifier.of(Namespace.of(table.layer().folder()), table.name());
  }

  /** The folder of a table: its {@code data/} and {@code metadata/}. */
  public Path location(TableId table) {
    return root.resolve(table.layer().folder()).resolve(table.name());
  }

  /** The table, if it was ever created. */
  public Optional<Table> find(TableId table) {
    try {
      return Optional.of(catalog.loadTable(identifier(table)));
    } catch (NoSuchTableException e) {
      return Optional.empty();
    }
  }

  /**
   * The table, created when missing from its Avro contract, partitioned by {@code dt}, with one
   * empty snapshot so that every reader sees it (empty, typed) before its first run. Refuses a
   * table whose schema differs from the contract.
   */
  public Table table(TableId table) {
    Schema expected = TableFiles.icebergSchema(Tables.schema(table));
    Optional<Table> existing = find(table);
    if (existing.isPresent()) {
      Schema actual = existing.get().schema();
      if (!actual.sameSchema(expected)) {
        throw new LakeException(
            "Cannot write table whose Iceberg schema differs from its Avro contract: "
                + table
                + " (evolve the table to the contract before writing)");
      }
      return existing.get();
    }
    Table created;
    try {
      created =
          catalog
              .buildTable(identifier(table), expected)
              .withPartitionSpec(PartitionSpec.builderFor(expected).identity("dt").build())
              .withLocation(location(table).toString())
              .withProperties(tableProperties(table))
              .create();
    } catch (AlreadyExistsException e) {
      return find(table).orElseThrow(() -> e);
    } catch (org.apache.iceberg.exceptions.NoSuchNamespaceException e) {
      createNamespace(table);
      return table(table);
    }
    created.newAppend().set("bookslake.operation", "create").commit();
    writeVersionHint(created);
    return created;
  }

  /** Creates every lake table missing from the catalog. */
  public void createMissingTables() {
    // Listing names is one query per layer; loading each table would read its metadata file.
    java.util.Set<TableIdentifier> existing = new java.util.HashSet<>();
    for (String layer : java.util.List.of("bronze", "silver", "gold")) {
      listTables(layer).forEach(existing::add);
    }
    if (Tables.ALL.stream().allMatch(id -> existing.contains(identifier(id)))) {
      return;
    }
    exclusively(
        root,
        () -> {
          Tables.ALL.forEach(this::table);
          return null;
        });
  }

  private void createNamespace(TableId table) {
    Namespace namespace = Namespace.of(table.layer().folder());
    try {
      if (!catalog.namespaceExists(namespace)) {
        catalog.createNamespace(namespace);
      }
    } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
      // Another writer created it first; the namespace exists, which is all we need.
    }
  }

  private static Map<String, String> tableProperties(TableId table) {
    Map<String, String> properties = new HashMap<>();
    if (table.equals(Tables.BRONZE_PAGES)) {
      // Raw HTML: min/max bounds of a page prune nothing; counts are enough.
      properties.put(TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + "body", "counts");
    }
    properties.put(TableProperties.FORMAT_VERSION, "2");
    properties.put(TableProperties.PARQUET_COMPRESSION, "snappy");
    // Overlapping runs of one table retry their commit on the newer version rather than fail.
    properties.put(TableProperties.COMMIT_NUM_RETRIES, "20");
    properties.put(TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "50");
    properties.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
    properties.put(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "100");
    return properties;
  }

  /**
   * Writes {@code metadata/version-hint.text} naming the table's current metadata file, for readers
   * that open a table folder without the catalog ({@code iceberg_scan('<root>/gold/books')} in
   * DuckDB). The catalog stays the authority; the hint is refreshed after every commit.
   */
  public static void writeVersionHint(Table table) {
    String location = ((BaseTable) table).operations().refresh().metadataFileLocation();
    Path metadata = LocalFileIO.toPath(location);
    String name = metadata.getFileName().toString();
    String version =
        name.endsWith(METADATA_SUFFIX)
            ? name.substring(0, name.length() - METADATA_SUFFIX.length())
            : name;
    try {
      DurableFiles.write(
          metadata.resolveSibling(VERSION_HINT), version.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new LakeException("Cannot write version hint of table: " + table.name(), e);
    }
  }

  /** The current metadata file of a table, what DuckDB's {@code iceberg_scan} reads. */
  public static String metadataLocation(Table table) {
    return ((BaseTable) table).operations().current().metadataFileLocation();
  }

  public Iterable<TableIdentifier> listTables(String layer) {
    Namespace namespace = Namespace.of(layer);
    if (!catalog.namespaceExists(namespace)) {
      return java.util.List.of();
    }
    return catalog.listTables(namespace);
  }

  @Override
  public void close() {
    catalog.close();
  }
}
