package dev.bookslake.serving.external;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading stored submissions back: one model's, oldest first, past damaged lines. */
class ExternalPredictionsTest {
  @TempDir Path dir;

  @Test
  void readsOneModelOldestFirstAndSkipsAndCountsUnreadableLines() throws Exception {
    Path day = Files.createDirectories(dir.resolve("dt=2026-01-02"));
    // file names sort opposite to the submission times
    Files.writeString(
        day.resolve("a.jsonl"),
        line("s-late", "2026-01-02T12:00:00Z", "mine", "1", 4.0)
            + line("s-late", "2026-01-02T12:00:00Z", "mine", "2", 3.0));
    Files.writeString(
        day.resolve("b.jsonl"),
        line("s-early", "2026-01-02T09:00:00.5Z", "mine", "3", 2.0)
            + "{\"submission_id\": \"s-early\", \"model\": \"mine\"\n" // torn
            + "{\"submission_id\": \"s-early\", \"model\": \"mine\"}\n" // fields missing
            + line("s-early", "yesterday", "mine", "4", 1.0) // not a time
            + "{\"submission_id\": 7, \"submitted_at\": \"2026-01-02T09:00:00Z\", \"submitter\": \"x\", \"model\": \"mine\","
            + " \"book_id\": \"5\", \"upc\": \"u5\", \"predicted_rating\": null, \"predicted_price\": null}\n"); // wrong type
    Files.writeString(
        day.resolve("c.jsonl"), line("s-other", "2026-01-02T08:00:00Z", "other", "1", 5.0));
    ExternalPredictions store = new ExternalPredictions(dir, 100);

    List<StoredPrediction> mine = store.read("mine");

    assertThat(mine).extracting(StoredPrediction::bookId).containsExactly("3", "1", "2");
    assertThat(store.unreadableLines()).isEqualTo(4);
    assertThat(store.read("other"))
        .extracting(StoredPrediction::submissionId)
        .containsExactly("s-other");
  }

  private static String line(
      String submission, String at, String model, String book, double rating) {
    return "{\"submission_id\":\""
        + submission
        + "\",\"submitted_at\":\""
        + at
        + "\",\"submitter\":\"carol\",\"model\":\""
        + model
        + "\",\"book_id\":\""
        + book
        + "\",\"upc\":\"u"
        + book
        + "\",\"predicted_rating\":"
        + rating
        + ",\"predicted_price\":null}\n";
  }
}
