package dev.bookslake.serving.sentiment;

import dev.bookslake.ml.sentiment.Sentiment;
import dev.bookslake.ml.sentiment.SentimentScore;
import dev.bookslake.serving.http.Bodies;
import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.problem.ProblemException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores request bodies with the VADER {@link Sentiment} scorer: {@code {"description": "..."}}
 * answers one result object, {@code {"descriptions": ["...", ...]}} (1 to {@code maxBatch} texts)
 * answers {@code {"results": [...]}} in the same order. Each text is at most {@code maxChars}
 * characters; an empty text scores neutral 0, as a book without description does in gold.
 *
 * <pre>{@code
 * SentimentScoring scoring = new SentimentScoring(Sentiment.load(), 1000, 20000);
 * byte[] json = scoring.score("{\"description\": \"A wonderful, moving story.\"}".getBytes(UTF_8));
 * // {"score":0.5719,"label":"positive","positive":0.552,"neutral":0.448,"negative":0.0}
 * }</pre>
 */
public final class SentimentScoring {
  static final String ONE = "description";
  static final String MANY = "descriptions";

  private final Sentiment sentiment;
  private final int maxBatch;
  private final int maxChars;

  /**
   * @param maxBatch texts per batch request (413 beyond)
   * @param maxChars characters per text (400 beyond)
   */
  public SentimentScoring(Sentiment sentiment, int maxBatch, int maxChars) {
    this.sentiment = sentiment;
    this.maxBatch = maxBatch;
    this.maxChars = maxChars;
  }

  public int maxBatch() {
    return maxBatch;
  }

  public int maxChars() {
    return maxChars;
  }

  /**
   * The response body for a request body.
   *
   * @throws ProblemException 400 naming the field for a bad body, 413 for a batch over {@code
   *     maxBatch}
   */
  public byte[] score(byte[] body) {
    JsonObject request = Bodies.jsonObject(body);
    Bodies.onlyFields(request, ONE, MANY);
    boolean one = present(request, ONE);
    boolean many = present(request, MANY);
    if (one && many) {
      throw ProblemException.invalidItem(
          MANY,
          "Cannot score both description and descriptions: send one text as description or a"
              + " batch as descriptions");
    }
    if (one) {
      String text = Bodies.string(request, ONE).orElseThrow();
      return write(new JsonOut(256), score(ONE, text)).toBytes();
    }
    if (!many) {
      throw ProblemException.missingField(ONE + " or " + MANY);
    }
    List<SentimentScore> scores = new ArrayList<>();
    for (String text : texts(request.get(MANY))) {
      scores.add(score(MANY + "[" + scores.size() + "]", text));
    }
    JsonOut out = new JsonOut(64 + 96 * scores.size()).beginObject().name("results").beginArray();
    scores.forEach(s -> write(out, s));
    return out.endArray().endObject().toBytes();
  }

  private static boolean present(JsonObject request, String field) {
    return request.containsKey(field) && request.get(field) != JsonValue.NULL;
  }

  private List<String> texts(JsonValue value) {
    if (!(value instanceof JsonArray array)) {
      throw ProblemException.invalidParameter(
          MANY, value.toString(), "must be a JSON array of strings");
    }
    if (array.isEmpty()) {
      throw ProblemException.invalidParameter(MANY, "[]", "must hold at least one text");
    }
    if (array.size() > maxBatch) {
      throw ProblemException.batchTooLarge("score the sentiment of", maxBatch, array.size());
    }
    List<String> texts = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof JsonString s)) {
        throw ProblemException.invalidParameter(
            MANY + "[" + i + "]", array.get(i).toString(), "must be a JSON string");
      }
      texts.add(s.getString());
    }
    return texts;
  }

  private SentimentScore score(String field, String text) {
    if (text.length() > maxChars) {
      throw ProblemException.invalidItem(
          field, "Cannot score a text over " + maxChars + " characters: got " + text.length());
    }
    return sentiment.score(text);
  }

  private static JsonOut write(JsonOut out, SentimentScore s) {
    return out.beginObject()
        .name("score")
        .value(s.compound())
        .name("label")
        .value(s.label().code())
        .name("positive")
        .value(s.positive())
        .name("neutral")
        .value(s.neutral())
        .name("negative")
        .value(s.negative())
        .endObject();
  }
}
