package dev.bookslake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
  @TempDir Path dir;

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writeCreatesTheFileAndItsFoldersAndLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("a/b/_SNAPSHOT.json");
    DurableFiles.write(target, bytes("{\"v\":1}"));

    assertThat(target).hasContent("{\"v\":1}");
    assertThat(names(target.getParent()))
        .as("only the target, no dot-file")
        .containsExactly("_SNAPSHOT.json");
  }

  @Test
  void writeReplacesTheWholeFile() throws IOException {
    Path target = dir.resolve("_ALIASES.json");
    DurableFiles.write(
        target, bytes("{\"production\": 1, \"staging\": 2, \"padding\": \"long old content\"}"));
    DurableFiles.write(target, bytes("{\"production\": 2}"));

    assertThat(target).hasContent("{\"production\": 2}");
    assertThat(names(dir)).containsExactly("_ALIASES.json");
  }

  @Test
  void aWriteThatCannotBePublishedFailsKeepsWhatWasThereAndCleansUp() throws IOException {
    Path target = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(target.resolve("inside"), "kept");

    assertThatThrownBy(() -> DurableFiles.write(target, bytes("new")))
        .isInstanceOf(IOException.class);
    assertThat(target.resolve("inside")).hasContent("kept");
    assertThat(names(dir)).as("the temporary file is removed").containsExactly("taken");
  }

  @Test
  void readersSeeTheOldOrTheNewContentNeverAPart() throws Exception {
    Path target = dir.resolve("pointer.json");
    String small = "{\"version\":\"small\"}";
    String large = "{\"version\":\"large\",\"files\":\"" + "x".repeat(64 * 1024) + "\"}";
    DurableFiles.write(target, bytes(small));
    AtomicBoolean writing = new AtomicBoolean(true);
    Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      Future<?> reader =
          pool.submit(
              () -> {
                while (writing.get()) {
                  seen.add(Files.readString(target));
                }
                return null;
              });
      for (int i = 0; i < 300; i++) {
        DurableFiles.write(target, bytes(i % 2 == 0 ? large : small));
      }
      writing.set(false);
      reader.get();
    }
    assertThat(seen).as("every read is one complete version").isNotEmpty().isSubsetOf(small, large);
  }

  @Test
  void moveMakesACompleteFolderAppearAndReplacesAFile() throws IOException {
    Path temp = Files.createDirectories(dir.resolve("_tmp-1"));
    Files.writeString(temp.resolve("model.json"), "{}");
    Files.writeString(temp.resolve("metadata.json"), "{\"version\": 3}");
    DurableFiles.move(temp, dir.resolve("3"));

    assertThat(names(dir)).containsExactly("3");
    assertThat(names(dir.resolve("3"))).containsExactly("metadata.json", "model.json");

    Path next = Files.writeString(dir.resolve(".next"), "new");
    Files.writeString(dir.resolve("current"), "old");
    DurableFiles.move(next, dir.resolve("current"));
    assertThat(dir.resolve("current")).hasContent("new");
    assertThat(next).doesNotExist();
  }

  @Test
  void appendAddsToTheEndAndCreatesTheFile() throws IOException {
    Path history = dir.resolve("_HISTORY.jsonl");
    DurableFiles.append(history, bytes("{\"n\":1}\n"));
    DurableFiles.append(history, bytes("{\"n\":2}\n"));

    assertThat(Files.readAllLines(history)).containsExactly("{\"n\":1}", "{\"n\":2}");
  }

  @Test
  void appendToAnOpenChannelWritesEveryBuffer() throws IOException {
    Path segment = dir.resolve("part-1.jsonl");
    List<ByteBuffer> buffers = new ArrayList<>();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      String line = "{\"i\":" + i + ",\"pad\":\"" + "y".repeat(i * 10) + "\"}\n";
      buffers.add(ByteBuffer.wrap(bytes(line)));
      expected.append(line);
    }
    try (FileChannel channel =
        FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long first = DurableFiles.append(channel, buffers.subList(0, 50).toArray(ByteBuffer[]::new));
      long second =
          DurableFiles.append(channel, buffers.subList(50, 100).toArray(ByteBuffer[]::new));
      assertThat(first + second).isEqualTo(expected.length());
    }
    assertThat(segment).hasContent(expected.toString());
  }

  @Test
  void syncingWhatIsNotThereFails() {
    assertThatThrownBy(() -> DurableFiles.syncFolder(dir.resolve("missing")))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> DurableFiles.sync(dir.resolve("missing.json")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void syncAcceptsExistingFilesAndFolders() throws IOException {
    Path file = Files.writeString(dir.resolve("model.json"), "{}");
    DurableFiles.sync(file);
    DurableFiles.syncFolder(dir);
    assertThat(file).hasContent("{}");
  }

  @Test
  void deleteTreeRemovesAFolderWithEverythingInItAndIgnoresAnAbsentOne() throws Exception {
    Path tree = dir.resolve("v-1");
    Files.createDirectories(tree.resolve("a/b"));
    Files.writeString(tree.resolve("a/b/part-0.parquet"), "x");
    Files.writeString(tree.resolve("_WRITER.lock"), "");

    DurableFiles.deleteTree(tree);
    assertThat(tree).doesNotExist();
    assertThat(dir).exists();
    DurableFiles.deleteTree(tree);
  }
}
