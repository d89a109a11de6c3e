package dev.bookslake.serving.drift;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift report's DuckDB connection reads the drift report's folder only and cannot be unlocked.
 */
class DriftLockdownTest {
  @TempDir Path lake;

  @Test
  void readsNothingOutsideTheDriftReport() throws Exception {
    Path secret = Files.writeString(lake.resolve("secret.csv"), "a,b\n1,2\n");
    try (DriftReports reports = new DriftReports(Lake.at(lake))) {
      Connection c = reports.connection();
      assertThatThrownBy(
              () -> {
                try (PreparedStatement ps =
                    c.prepareStatement("SELECT count(*) FROM read_csv(?)")) {
                  ps.setString(1, secret.toString());
                  try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                  }
                }
              })
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> c.createStatement().execute("SET enable_external_access = true"))
          .isInstanceOf(SQLException.class);
    }
  }
}
