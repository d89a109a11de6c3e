package dev.bookslake.pipelines.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.clean.CleanPipeline;
import dev.bookslake.pipelines.common.StagePublication;
import dev.bookslake.pipelines.features.FeaturesPipeline;
import dev.bookslake.pipelines.io.LakeIO;
import dev.bookslake.pipelines.predict.PredictPipeline;
import dev.bookslake.pipelines.scrape.ScrapePipeline;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GoldFixture} writes the tables the pipelines write: for every table in its lake, the
 * Parquet columns are the fields of the Avro schema the publishing stage declares for the table
 * (same names, same order), DuckDB reads them with the types it reads from the stage's own Parquet
 * writer (decimal precision and scale, timestamps, dates, int vs bigint, float vs double), and a
 * column the schema declares non-null holds no null. API tests over the fixture therefore see the
 * columns production serves; a column renamed or dropped on either side fails here.
 */
class GoldFixtureSchemaTest {
  private static final List<LocalDate> DAYS =
      List.of(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-02"));
  private static final int BOOKS = 30;

  /**
   * Every stage that publishes through {@link StagePublication}, holding its {@code TABLES} list.
   */
  private static final List<Class<?>> STAGES =
      List.of(
          ScrapePipeline.class, CleanPipeline.class, FeaturesPipeline.class, PredictPipeline.class);

  // Without hive_partitioning DuckDB would replace the file's own dt column by a DATE taken from
  // the folder name.
  private static final String DESCRIBE =
      """
      SELECT column_name, column_type
      FROM (DESCRIBE SELECT * FROM read_parquet(?::VARCHAR[], hive_partitioning = false))
      """;
  // Top-level columns only: the root element and nested children have other depths in the schema
  // tree.
  private static final String REQUIRED_COLUMNS =
      """
      SELECT name FROM parquet_schema(?) WHERE repetition_type = 'REQUIRED' AND num_children IS NULL
      """;
  private static final String COUNT_NULLS =
      "SELECT count(*) FILTER (WHERE \"%s\" IS NULL) FROM read_parquet(?::VARCHAR[], hive_partitioning = false)";

  /** One column as DuckDB describes it. */
  private record Column(String name, String type) {
    @Override
    public String toString() {
      return name + " " + type;
    }
  }

  @TempDir static Path dir;
  private static Lake fixture;
  private static Lake reference;
  private static Connection duck;

  @BeforeAll
  static void writeFixtureLake() throws SQLException {
    fixture = Lake.at(dir.resolve("fixture"));
    reference = Lake.at(dir.resolve("reference"));
    GoldFixture.write(fixture, BOOKS, DAYS);
    duck = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterAll
  static void closeDuckDb() throws SQLException {
    duck.close();
  }

  static List<TableId> fixtureTables() {
    return fixture.tables();
  }

  @Test
  void writesEveryGoldTableTheApiReadsAndTheBookHistory() {
    assertThat(fixture.tables())
        .containsExactlyInAnyOrder(
            Tables.SILVER_BOOK_HISTORY,
            Tables.GOLD_BOOKS,
            Tables.GOLD_CATEGORY_STATS,
            Tables.GOLD_OVERVIEW,
            Tables.GOLD_FEATURES,
            Tables.GOLD_TRAINING_DATA,
            Tables.GOLD_SIMILAR_BOOKS,
            Tables.GOLD_BOOK_SENTIMENT);
    assertThat(stageRowTypes())
        .as("row types the stages publish")
        .containsKeys(fixture.tables().toArray(TableId[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtureTables")
  void columnsAreTheSchemaFieldsInOrder(TableId table) throws SQLException {
    List<String> fields = schema(table).getFields().stream().map(Schema.Field::name).toList();
    for (LocalDate day : DAYS) {
      List<String> written = describe(files(table, day)).stream().map(Column::name).toList();
      assertThat(written)
          .as("columns of %s for %s against %s", table, day, schema(table).getFullName())
          .containsExactlyElementsOf(fields);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtureTables")
  void typesAreThoseDuckDbReadsFromTheStagesOwnWriter(TableId table) throws SQLException {
    List<Column> expected = describe(List.of(referenceFile(table)));
    for (LocalDate day : DAYS) {
      assertThat(describe(files(table, day)))
          .as(
              "columns of %s for %s against an empty file written with %s",
              table, day, schema(table).getFullName())
          .containsExactlyElementsOf(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtureTables")
  void columnsTheSchemaRequiresHoldNoNull(TableId table) throws SQLException {
    List<String> required = new ArrayList<>();
    try (PreparedStatement ps = duck.prepareStatement(REQUIRED_COLUMNS)) {
      ps.setString(1, referenceFile(table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          required.add(rs.getString(1));
        }
      }
    }
    List<String> nonNullFields =
        schema(table).getFields().stream()
            .filter(f -> !f.schema().isNullable())
            .map(Schema.Field::name)
            .toList();
    assertThat(required)
        .as("REQUIRED in the stage's Parquet file: the schema's non-null fields")
        .containsExactlyElementsOf(nonNullFields);

    Map<String, Long> nulls = new LinkedHashMap<>();
    for (LocalDate day : DAYS) {
      List<String> written = describe(files(table, day)).stream().map(Column::name).toList();
      // A column missing altogether is reported by columnsAreTheSchemaFieldsInOrder.
      for (String column : required.stream().filter(written::contains).toList()) {
        try (PreparedStatement ps = duck.prepareStatement(String.format(COUNT_NULLS, column))) {
          ps.setArray(1, duck.createArrayOf("VARCHAR", files(table, day).toArray()));
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            nulls.merge(column, rs.getLong(1), Long::sum);
          }
        }
      }
    }
    nulls.values().removeIf(n -> n == 0);
    assertThat(nulls).as("nulls in %s columns its schema declares non-null", table).isEmpty();
  }

  private static List<Column> describe(List<String> files) throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (PreparedStatement ps = duck.prepareStatement(DESCRIBE)) {
      ps.setArray(1, duck.createArrayOf("VARCHAR", files.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(new Column(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return columns;
  }

  private static List<String> files(TableId table, LocalDate day) {
    Snapshot snapshot = fixture.snapshot(table, day).orElseThrow();
    assertThat(snapshot.files()).as("files of %s for %s", table, day).isNotEmpty();
    return snapshot.fileNames();
  }

  /** A Parquet file of the table with no rows, written the way the table's stage writes it. */
  private static synchronized String referenceFile(TableId table) {
    Snapshot written =
        reference
            .current(table)
            .orElseGet(
                () ->
                    LakeIO.commitRows(
                        reference.begin(table, DAYS.get(0), "reference"),
                        rowType(table),
                        List.of()));
    return written.fileNames().get(0);
  }

  private static Schema schema(TableId table) {
    return SpecificData.get().getSchema(rowType(table));
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> Class<T> rowType(TableId table) {
    Class<? extends SpecificRecord> type = stageRowTypes().get(table);
    assertThat(type).as("row type of %s in a stage's TABLES", table).isNotNull();
    return (Class<T>) type;
  }

  /**
   * Table to row type, read off the stages' own {@code TABLES} lists (package-private in their
   * packages, hence reflection), so the contract checked is the one the stages publish with.
   */
  private static Map<TableId, Class<? extends SpecificRecord>> stageRowTypes() {
    Map<TableId, Class<? extends SpecificRecord>> types = new LinkedHashMap<>();
    for (Class<?> stage : STAGES) {
      try {
        Field field = stage.getDeclaredField("TABLES");
        field.setAccessible(true);
        for (Object output : (List<?>) field.get(null)) {
          StagePublication.Output o = (StagePublication.Output) output;
          types.put(o.table(), o.type());
        }
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(
            "Cannot read the TABLES of stage " + stage.getName() + ": " + e, e);
      }
    }
    return types;
  }
}
