package dev.bookslake.serving.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.Lake;
import dev.bookslake.pipelines.testing.GoldFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB database behind HTTP requests reads no file and changes no setting once the snapshot
 * is loaded: {@code enable_external_access=false}, {@code lock_configuration=true}; the exports it
 * writes into its own scratch folder still work.
 */
class LockdownTest {
  @TempDir Path lake;

  @Test
  void aLoadedSnapshotReadsNoFileAndKeepsItsSettings() throws Exception {
    GoldFixture.write(Lake.at(lake), 10, List.of(LocalDate.parse("2026-03-01")));
    Path secret = Files.writeString(lake.resolve("secret.csv"), "a,b\n1,2\n");
    SnapshotStore store = new SnapshotStore(Lake.at(lake), Duration.ofHours(1));
    try {
      assertThat(store.refresh()).isTrue();
      GoldSnapshot s = store.acquire();
      try {
        assertThatThrownBy(
                () ->
                    s.query(
                        c -> {
                          try (PreparedStatement ps =
                              c.prepareStatement("SELECT count(*) FROM read_csv(?)")) {
                            ps.setString(1, secret.toString());
                            try (ResultSet rs = ps.executeQuery()) {
                              return rs.next();
                            }
                          }
                        }))
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(
                () ->
                    s.query(
                        c -> {
                          try (Statement st = c.createStatement()) {
                            return st.execute("SET enable_external_access = true");
                          }
                        }))
            .isInstanceOf(IllegalStateException.class);
        Path export =
            s.exportFile(
                "books.csv",
                (c, target) -> {
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "COPY (SELECT * FROM books) TO ? (FORMAT csv, HEADER true)")) {
                    ps.setString(1, target.toString());
                    ps.execute();
                  }
                });
        assertThat(Files.readAllLines(export)).hasSize(11);
      } finally {
        s.release();
      }
    } finally {
      store.close();
    }
  }
}
