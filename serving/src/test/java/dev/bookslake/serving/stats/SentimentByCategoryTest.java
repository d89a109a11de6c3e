package dev.bookslake.serving.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.serving.http.JsonOut;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The per-category summary of {@code GET /api/v1/stats/sentiment} on rows of every label. */
class SentimentByCategoryTest {
  @Test
  void countsBooksPerLabelAndAveragesTheScoreSortedByCategory() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement()) {
      st.execute(
          "CREATE TABLE book_sentiment (upc VARCHAR, category VARCHAR, sentiment_score DOUBLE,"
              + " sentiment_label VARCHAR)");
      st.execute(
          """
          INSERT INTO book_sentiment VALUES
            ('1', 'Travel', 0.9, 'positive'), ('2', 'Travel', 0.5, 'positive'),
            ('3', 'Travel', 0.0, 'neutral'), ('4', 'Travel', -0.6, 'negative'),
            ('5', 'Art', -0.2, 'negative'), ('6', 'Art', 0.01, 'neutral'),
            ('7', 'Historical Fiction', 0.33333, 'positive')
          """);
      JsonOut out = new JsonOut(256).beginArray();
      StatsService.sentimentByCategory(duck, out);
      assertThat(new String(out.endArray().toBytes(), StandardCharsets.UTF_8))
          .isEqualTo(
              "[{\"category\":\"Art\",\"books\":2,\"mean_score\":-0.095,\"positive\":0,"
                  + "\"neutral\":1,\"negative\":1},"
                  + "{\"category\":\"Historical Fiction\",\"books\":1,\"mean_score\":0.3333,"
                  + "\"positive\":1,\"neutral\":0,\"negative\":0},"
                  + "{\"category\":\"Travel\",\"books\":4,\"mean_score\":0.2,\"positive\":2,"
                  + "\"neutral\":1,\"negative\":1}]");
    }
  }
}
