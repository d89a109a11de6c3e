package dev.bookslake.serving.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.serving.http.JsonOut;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How a DuckDB row becomes JSON for the routes that serve gold tables generically: every DuckDB
 * type a gold table has or may gain maps to one JSON form, nested ones included.
 */
class ColumnsTest {
  private static Connection duck;

  @BeforeAll
  static void open() throws SQLException {
    duck = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterAll
  static void close() throws SQLException {
    duck.close();
  }

  private static List<String> rows(String sql, Set<String> skip) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      Columns columns = Columns.of(rs, skip);
      while (rs.next()) {
        rows.add(new String(columns.rowJson(rs), StandardCharsets.UTF_8));
      }
    }
    return rows;
  }

  private static String row(String sql) throws SQLException {
    return rows(sql, Set.of()).get(0);
  }

  @Test
  void scalarsKeepTheirJsonTypeAndDecimalsTheirScale() throws SQLException {
    assertThat(
            row(
                "SELECT 7 AS i, 8::BIGINT AS l, 2::SMALLINT AS s, 1::TINYINT AS t, 1.50::DECIMAL(10,2) AS price,"
                    + " 0.25::DOUBLE AS d, 0.5::FLOAT AS f, true AS yes, 'café \"x\"' AS text, NULL AS nothing"))
        .isEqualTo(
            "{\"i\":7,\"l\":8,\"s\":2,\"t\":1,\"price\":1.50,\"d\":0.25,\"f\":0.5,\"yes\":true,"
                + "\"text\":\"café \\\"x\\\"\",\"nothing\":null}");
  }

  @Test
  void nonFiniteNumbersBecomeNull() throws SQLException {
    assertThat(row("SELECT 'nan'::DOUBLE AS nan, '-inf'::FLOAT AS inf"))
        .isEqualTo("{\"nan\":null,\"inf\":null}");
  }

  @Test
  void datesAndTimesBecomeIsoStringsAndTimesWithAZoneInstantsInUtc() throws SQLException {
    assertThat(
            row(
                "SELECT DATE '2026-01-02' AS day, TIMESTAMP '2026-01-02 03:04:05.5' AS ts,"
                    + " TIMESTAMPTZ '2026-01-02 03:04:05+01' AS tstz, NULL::TIMESTAMP AS no_ts, NULL::TIMESTAMPTZ AS no_tstz"))
        .isEqualTo(
            "{\"day\":\"2026-01-02\",\"ts\":\"2026-01-02T03:04:05.500\",\"tstz\":\"2026-01-02T02:04:05Z\","
                + "\"no_ts\":null,\"no_tstz\":null}");
  }

  @Test
  void listsStructsAndMapsNestAsArraysAndObjects() throws SQLException {
    assertThat(
            row(
                "SELECT [1, NULL, 3] AS list, {'low': 1, 'high': [2.5::DECIMAL(4,1)]} AS struct,"
                    + " MAP {'a': 1, 'b': 2} AS map, [{'k': 'v'}] AS structs"))
        .isEqualTo(
            "{\"list\":[1,null,3],\"struct\":{\"low\":1,\"high\":[2.5]},\"map\":{\"a\":1,\"b\":2},"
                + "\"structs\":[{\"k\":\"v\"}]}");
  }

  @Test
  void listsOfTimestampsMapTheirElements() throws SQLException {
    assertThat(
            row(
                "SELECT [TIMESTAMP '2026-01-02 03:04:05'] AS ts, [TIMESTAMPTZ '2026-01-02 03:04:05+00'] AS tstz"))
        .isEqualTo("{\"ts\":[\"2026-01-02T03:04:05\"],\"tstz\":[\"2026-01-02T03:04:05Z\"]}");
  }

  @Test
  void blobsBecomeBase64AndUuidsTheirText() throws SQLException {
    assertThat(
            row(
                "SELECT '\\xAA\\xBB'::BLOB AS blob, '6d0c7b4e-2f0a-4c8e-9a3b-1b2c3d4e5f60'::UUID AS id"))
        .isEqualTo("{\"blob\":\"qrs=\",\"id\":\"6d0c7b4e-2f0a-4c8e-9a3b-1b2c3d4e5f60\"}");
  }

  @Test
  void skippedColumnsAreLeftOutButStillKnown() throws SQLException {
    try (Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery("SELECT 1 AS kept, 2 AS dt")) {
      Columns columns = Columns.of(rs, Set.of("dt"));
      assertThat(columns.has("dt")).isTrue();
      assertThat(columns.has("other")).isFalse();
      rs.next();
      JsonOut out = new JsonOut(64).beginObject().name("id").value(9);
      columns.writeMembers(out, rs);
      assertThat(out.endObject().toString()).isEqualTo("{\"id\":9,\"kept\":1}");
    }
  }

  @Test
  void everyRowIsMappedWithTheColumnsOfTheResult() throws SQLException {
    assertThat(
            rows(
                "SELECT i AS n, CASE WHEN i = 2 THEN NULL ELSE [i] END AS l FROM range(1, 4) t(i) ORDER BY i",
                Set.of()))
        .containsExactly("{\"n\":1,\"l\":[1]}", "{\"n\":2,\"l\":null}", "{\"n\":3,\"l\":[3]}");
  }
}
