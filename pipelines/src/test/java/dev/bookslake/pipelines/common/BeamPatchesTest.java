package dev.bookslake.pipelines.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.util.ReleaseInfo;
import org.junit.jupiter.api.Test;

/**
 * The Beam classes bookslake patches (pipelines/src/patch) are copies of one Beam version's: on
 * another Beam each must be re-made from that version's source, and each must be the copy loaded.
 */
class BeamPatchesTest {
  private static final Path PATCHES = Path.of("src/patch/java");

  @Test
  void eachPatchIsOfTheBeamOnTheClasspathAndIsTheClassLoaded() throws Exception {
    String version = ReleaseInfo.getReleaseInfo().getSdkVersion();
    List<Path> patches = patches();
    assertThat(patches).isNotEmpty();

    for (Path patch : patches) {
      assertThat(Files.readString(patch))
          .as("%s names the Beam it was copied from", patch)
          .contains("Beam " + version + "'s class");
      String name = PATCHES.relativize(patch).toString().replace(".java", "").replace('/', '.');
      assertThat(Class.forName(name).getProtectionDomain().getCodeSource().getLocation().toString())
          .as("where %s is loaded from", name)
          .doesNotContain("/org/apache/beam/");
    }
  }

  private static List<Path> patches() throws IOException {
    try (Stream<Path> files = Files.walk(PATCHES)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }
}
