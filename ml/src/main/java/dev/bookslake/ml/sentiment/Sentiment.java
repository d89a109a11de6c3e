package dev.bookslake.ml.sentiment;

import dev.bookslake.ml.sentiment.internal.Vader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Sentiment of English text with VADER (Hutto &amp; Gilbert, 2014): the rules of vaderSentiment
 * 3.3.2 ported to Java, and its word and emoji lexicons shipped in this module ({@code
 * bookslake/sentiment/}, MIT licence, see the NOTICE there). Nothing is downloaded. Immutable and
 * thread-safe: load once, share.
 *
 * <pre>{@code
 * Sentiment sentiment = Sentiment.load();
 * SentimentScore s = sentiment.score("VADER is smart, handsome, and funny.");
 * // s.compound() == 0.8316, s.label() == SentimentLabel.POSITIVE
 * }</pre>
 */
public final class Sentiment {
  static final String LEXICON = "/bookslake/sentiment/vader_lexicon.txt";
  static final String EMOJI_LEXICON = "/bookslake/sentiment/emoji_utf8_lexicon.txt";

  private final Vader vader;

  private Sentiment(Vader vader) {
    this.vader = vader;
  }

  /**
   * The scorer with the shipped lexicons.
   *
   * @throws UncheckedIOException when a lexicon cannot be read from the class path
   */
  public static Sentiment load() {
    Map<String, Double> lexicon = new HashMap<>();
    readTabbed(LEXICON, (token, valence) -> lexicon.put(token, Double.parseDouble(valence)));
    Map<String, String> emojis = new HashMap<>();
    readTabbed(EMOJI_LEXICON, emojis::put);
    return new Sentiment(new Vader(lexicon, emojis));
  }

  /** The sentiment of a text; a blank text is {@link SentimentScore#NONE}. */
  public SentimentScore score(String text) {
    Vader.Scores s = vader.polarityScores(text);
    return new SentimentScore(
        s.compound(), s.positive(), s.neutral(), s.negative(), SentimentLabel.of(s.compound()));
  }

  /** Reads the first two tab-separated columns of each non-empty line, as the reference does. */
  private static void readTabbed(String resource, BiConsumer<String, String> row) {
    try (InputStream in = Sentiment.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new UncheckedIOException(
            new IOException("Cannot find sentiment lexicon on the class path: " + resource));
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        String[] columns = line.strip().split("\t");
        if (line.isEmpty() || columns.length < 2) {
          continue;
        }
        row.accept(columns[0], columns[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read sentiment lexicon: " + resource, e);
    }
  }
}
