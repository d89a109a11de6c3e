package dev.bookslake.pipelines.train;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Tables;
import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.pipelines.common.RecordColumns;
import dev.bookslake.pipelines.features.internal.BookColumns;
import dev.bookslake.pipelines.features.internal.TrainingSplit;
import dev.bookslake.pipelines.io.LakeIO;
import dev.bookslake.sandbox.Catalogue;
import dev.bookslake.sandbox.MalformedSpec;
import dev.bookslake.sandbox.SandboxBook;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.features.FeatureVectorizer;
import dev.bookslake.schemas.gold.TrainingExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times {@code train} per candidate on catalogues of given sizes (a benchmark, not a test). The
 * training data is the sandbox catalogue's books on day 0, vectorised by the feature contract's own
 * {@link FeatureVectorizer} and written as gold.training_data with the real split, so no crawl is
 * needed for 100k books. Differences from the features stage: {@code days_since_first_seen} is 0
 * (one day of history) and the text columns are measured here rather than by gold.books' code.
 *
 * <pre>
 * scripts/bench-ml.sh            # 1000 and 100000 books
 * java -Xmx6g -cp ... dev.bookslake.pipelines.train.TrainingBench 1000 100000 [--lake DIR]
 * </pre>
 */
public final class TrainingBench {
  private static final LocalDate DT = LocalDate.parse("2026-01-01");

  private TrainingBench() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    Path base = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--lake")) {
        base = Path.of(args[++i]);
      } else {
        sizes.add(Integer.parseInt(args[i]));
      }
    }
    if (base == null) {
      base = Files.createTempDirectory("bookslake-train-bench-");
    }
    System.out.println(
        "| books | target | candidate | fit rows | validation rows | test rows | train s | metrics (test; validation_*) |");
    System.out.println("|---:|---|---|---:|---:|---:|---:|---|");
    for (int books : sizes) {
      Lake lake = Lake.at(base.resolve("lake-" + books));
      long started = System.nanoTime();
      writeTrainingData(lake, books);
      double build = (System.nanoTime() - started) / 1e9;
      for (String target : List.of("rating", "price")) {
        long t0 = System.nanoTime();
        TrainingReport report =
            ModelTraining.train(lake, DT, target, "", true, CandidateSpec.DEFAULTS);
        double whole = (System.nanoTime() - t0) / 1e9;
        for (ModelMetadata.Candidate c : report.candidates()) {
          System.out.printf(
              Locale.ROOT,
              "| %d | %s | %s | %d | %d | %d | %.2f | %s |%n",
              books,
              target,
              c.name(),
              report.fitRows(),
              report.validationRows(),
              report.testRows(),
              c.trainMillis() / 1000.0,
              metrics(c.metrics()));
        }
        System.out.printf(
            Locale.ROOT,
            "| %d | %s | whole command (read, fit all, score, register) | | | | %.2f | beats baseline: %s |%n",
            books,
            target,
            whole,
            report.beatsBaseline());
      }
      System.err.printf(
          Locale.ROOT, "built gold.training_data of %d books in %.1f s%n", books, build);
    }
  }

  private static String metrics(Map<String, Double> metrics) {
    StringBuilder text = new StringBuilder();
    metrics.forEach(
        (k, v) ->
            text.append(text.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.3f", k, v)));
    return text.toString();
  }

  /** The catalogue's day-0 books as gold.training_data, through the contract's vectorizer. */
  static void writeTrainingData(Lake lake, int books) {
    FeatureContract contract = FeatureContract.load();
    FeatureVectorizer vectorizer = contract.vectorizer();
    int[] columns =
        RecordColumns.positions(TrainingExample.getClassSchema(), vectorizer.featureNames());
    Catalogue catalogue = new Catalogue(books, 42, MalformedSpec.none());
    List<TrainingExample> rows = new ArrayList<>(books);
    for (int id = 1; id <= books; id++) {
      SandboxBook book = catalogue.book(id, 0);
      Map<String, Object> values = new HashMap<>();
      values.put("price_excl_tax", book.priceExclTax());
      values.put("rating", book.rating());
      values.put("review_count", book.reviewCount());
      values.put("stock_count", book.stockCount());
      values.put("in_stock", book.inStock());
      values.put(
          "description_length", book.description() == null ? 0 : book.description().length());
      values.put(
          "title_word_count",
          (int)
              java.util.Arrays.stream(book.title().split("\\s+"))
                  .filter(w -> w.codePoints().anyMatch(Character::isLetterOrDigit))
                  .count());
      values.put("days_since_first_seen", 0);
      values.put("category", book.category());
      TrainingExample row = new TrainingExample();
      row.setUpc(book.upc());
      row.setSiteId(id);
      BookColumns.putFeatures(row, columns, vectorizer.vectorise(values));
      row.setTargetRating(book.rating());
      row.setTargetPrice(book.priceInclTax().doubleValue());
      row.setSplit(TrainingSplit.of(book.upc()));
      row.setFeatureContractHash(contract.hash());
      row.setDt(DT.toString());
      rows.add(row);
    }
    LakeIO.commitRows(
        lake.begin(Tables.GOLD_TRAINING_DATA, DT, "bench"), TrainingExample.class, rows);
  }
}
