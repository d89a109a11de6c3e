package dev.bookslake.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNativeTest {
  @TempDir Path dir;

  @AfterEach
  void clearProperties() {
    System.clearProperty(SqliteNative.PATH_PROPERTY);
    System.clearProperty(SqliteNative.NAME_PROPERTY);
  }

  private Path unpacked(String relative) throws Exception {
    Path file = dir.resolve(SqliteNative.FOLDER).resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, "not a real library");
  }

  @Test
  void findsTheLibraryLaidOutAsInTheDriversJar() throws Exception {
    Path linux = unpacked("org/sqlite/native/Linux/x86_64/libsqlitejdbc.so");
    Path mac = unpacked("org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib");
    Path root = dir.resolve(SqliteNative.FOLDER);

    assertThat(SqliteNative.library(root, "Linux", "amd64")).contains(linux);
    assertThat(SqliteNative.library(root, "Mac OS X", "aarch64")).contains(mac);
    assertThat(SqliteNative.library(root, "Linux", "aarch64")).isEmpty();
    assertThat(SqliteNative.library(root, "Linux", "riscv64")).isEmpty();
    assertThat(SqliteNative.library(root, "SunOS", "amd64")).isEmpty();
  }

  @Test
  void pointsTheDriverAtTheLibraryBesideTheJar() throws Exception {
    Path library = unpacked("org/sqlite/native/Linux/x86_64/libsqlitejdbc.so");
    String os = System.getProperty("os.name");
    String arch = System.getProperty("os.arch");
    assumeTrue(os.startsWith("Linux") && (arch.equals("amd64") || arch.equals("x86_64")));

    SqliteNative.useBeside(dir.resolve("bookslake-cli-all.jar"));

    assertThat(System.getProperty(SqliteNative.PATH_PROPERTY))
        .isEqualTo(library.getParent().toString());
    assertThat(System.getProperty(SqliteNative.NAME_PROPERTY)).isEqualTo("libsqlitejdbc.so");
  }

  @Test
  void leavesTheDriverAloneWithoutALibraryOrWhenTheUserChoseOne() throws Exception {
    SqliteNative.useBeside(dir.resolve("bookslake-cli-all.jar"));
    assertThat(System.getProperty(SqliteNative.PATH_PROPERTY)).isNull();

    unpacked("org/sqlite/native/Linux/x86_64/libsqlitejdbc.so");
    System.setProperty(SqliteNative.PATH_PROPERTY, "/opt/sqlite");
    SqliteNative.useBeside(dir.resolve("bookslake-cli-all.jar"));
    assertThat(System.getProperty(SqliteNative.PATH_PROPERTY)).isEqualTo("/opt/sqlite");
    assertThat(System.getProperty(SqliteNative.NAME_PROPERTY)).isNull();
  }
}
