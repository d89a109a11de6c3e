package dev.bookslake.serving.external;

import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.snapshot.Book;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How well a model's stored predictions match the current gold values: rating MAE and accuracy (the
 * prediction rounded half up equals the true stars), price MAE and RMSE (against {@code
 * price_incl_tax}, the price target's column).
 *
 * <pre>{@code
 * Score s = Score.of("mine", stored, snapshot.catalog()::byUpc);
 * s.rating().mae();
 * }</pre>
 *
 * @param model the model name scored
 * @param count stored predictions of the model
 * @param matched those whose book is in the current gold snapshot
 * @param submissions distinct submissions they came in
 * @param rating the rating figures over matched predictions with a rating
 * @param price the price figures over matched predictions with a price
 */
public record Score(
    String model, long count, long matched, long submissions, Rating rating, Price price) {

  /** Rating figures; {@code mae} and {@code accuracy} are null when {@code n} is 0. */
  public record Rating(long n, Double mae, Double accuracy) {}

  /** Price figures; {@code mae} and {@code rmse} are null when {@code n} is 0. */
  public record Price(long n, Double mae, Double rmse) {}

  /** Scores stored predictions against the books a lookup finds by UPC. */
  public static Score of(
      String model, List<StoredPrediction> stored, Function<String, Optional<Book>> byUpc) {
    long matched = 0;
    long ratingN = 0;
    long correct = 0;
    double ratingAbs = 0;
    long priceN = 0;
    double priceAbs = 0;
    double priceSq = 0;
    for (StoredPrediction p : stored) {
      Optional<Book> book = byUpc.apply(p.upc());
      if (book.isEmpty()) {
        continue;
      }
      matched++;
      if (p.predictedRating() != null) {
        ratingN++;
        int actual = book.get().rating();
        ratingAbs += Math.abs(p.predictedRating() - actual);
        if (Math.floor(p.predictedRating() + 0.5) == actual) {
          correct++;
        }
      }
      if (p.predictedPrice() != null) {
        priceN++;
        double error = p.predictedPrice() - book.get().price().doubleValue();
        priceAbs += Math.abs(error);
        priceSq += error * error;
      }
    }
    long submissions = stored.stream().map(StoredPrediction::submissionId).distinct().count();
    return new Score(
        model,
        stored.size(),
        matched,
        submissions,
        new Rating(
            ratingN,
            ratingN == 0 ? null : ratingAbs / ratingN,
            ratingN == 0 ? null : (double) correct / ratingN),
        new Price(
            priceN,
            priceN == 0 ? null : priceAbs / priceN,
            priceN == 0 ? null : Math.sqrt(priceSq / priceN)));
  }

  /** The score as the API answers it. */
  public byte[] toJson(String snapshotDt) {
    JsonOut out = new JsonOut(512).beginObject();
    out.name("model").value(model).name("snapshot_dt").value(snapshotDt);
    out.name("count")
        .value(count)
        .name("matched")
        .value(matched)
        .name("submissions")
        .value(submissions);
    out.name("rating")
        .beginObject()
        .name("n")
        .value(rating.n())
        .name("mae")
        .value(rating.mae())
        .name("accuracy")
        .value(rating.accuracy())
        .endObject();
    out.name("price")
        .beginObject()
        .name("n")
        .value(price.n())
        .name("mae")
        .value(price.mae())
        .name("rmse")
        .value(price.rmse())
        .endObject();
    return out.endObject().toBytes();
  }
}
