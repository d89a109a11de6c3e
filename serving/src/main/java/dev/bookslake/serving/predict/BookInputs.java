package dev.bookslake.serving.predict;

import dev.bookslake.schemas.features.Feature;
import dev.bookslake.schemas.features.FeatureVectorizer;
import dev.bookslake.serving.http.ClientText;
import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.Availability;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns a prediction request body into checked feature vectors. The body is one book or {@code
 * {"books": [...]}}; a book is {@code {"id": "<upc or site id>"}} (its gold.books columns are
 * looked up) or some of the columns the model's features read. Every value given goes through the
 * feature contract's {@link FeatureVectorizer}, so the API refuses exactly what training would; a
 * column left out is a missing value (NaN, which XGBoost sends down each split's default branch)
 * and is named in the answer.
 *
 * <p>The original API's clients send two simpler fields, taken as columns: {@code availability},
 * the site's text ({@link Availability}), and, for a model that reads {@code price_excl_tax},
 * {@code price}, the price the site shows, read as {@code price_excl_tax}: books.toscrape.com
 * charges no tax ({@code tax} is 0.00 on every book), so there the shown price is the price before
 * tax. Where a book carries tax (some sandbox books carry 20%) the shown price is higher by it; a
 * client that knows the price before tax sends {@code price_excl_tax}.
 */
final class BookInputs {
  static final String ID = "id";
  static final String BOOKS = "books";

  /** The original API's price field: read as {@value #PRICE_COLUMN}. */
  static final String PRICE = "price";

  static final String PRICE_COLUMN = "price_excl_tax";

  private BookInputs() {}

  /**
   * One book of a request.
   *
   * @param id the id as given, or null when the columns were given
   * @param inputs the columns the model reads, as received or looked up
   * @param features the feature vector, in the contract's (and the model's) order; NaN where a
   *     feature is missing
   * @param missing the columns the client left out, in contract order; empty for a book by id
   */
  record BookInput(String id, Map<String, Object> inputs, float[] features, List<String> missing) {
    BookInput {
      missing = List.copyOf(missing);
    }
  }

  /**
   * The books of a body, checked.
   *
   * @param sources the gold.books columns the model's features read, in contract order
   * @param lookup a book's gold.books columns by id, empty when unknown
   * @throws ProblemException 400 naming the book index and field, 413 past {@code maxBatch}
   */
  static List<BookInput> parse(
      JsonObject body,
      FeatureVectorizer vectorizer,
      List<String> sources,
      Function<String, Optional<Map<String, Object>>> lookup,
      int maxBatch) {
    if (!body.containsKey(BOOKS)) {
      return List.of(book(body, "", vectorizer, sources, lookup));
    }
    if (body.size() > 1) {
      Set<String> extra = new TreeSet<>(body.keySet());
      extra.remove(BOOKS);
      throw ProblemException.invalidItem(
          "body",
          "Cannot use unknown fields beside books: " + ClientText.quote(String.join(", ", extra)));
    }
    JsonValue books = body.get(BOOKS);
    if (!(books instanceof JsonArray array)) {
      throw ProblemException.invalidItem(
          BOOKS, "Cannot read books: expected an array of books, got " + type(books));
    }
    if (array.isEmpty()) {
      throw ProblemException.invalidItem(
          BOOKS, "Cannot predict an empty batch: give at least one book");
    }
    if (array.size() > maxBatch) {
      throw ProblemException.batchTooLarge("predict", maxBatch, array.size());
    }
    List<BookInput> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String path = BOOKS + "[" + i + "]";
      if (!(array.get(i) instanceof JsonObject book)) {
        throw ProblemException.invalidItem(
            path, "Cannot read book: expected an object, got " + type(array.get(i)));
      }
      out.add(book(book, path + ".", vectorizer, sources, lookup));
    }
    return out;
  }

  private static BookInput book(
      JsonObject book,
      String path,
      FeatureVectorizer vectorizer,
      List<String> sources,
      Function<String, Optional<Map<String, Object>>> lookup) {
    List<String> fields = fields(sources);
    Set<String> unknown = new TreeSet<>(book.keySet());
    unknown.remove(ID);
    fields.forEach(unknown::remove);
    if (!unknown.isEmpty()) {
      throw ProblemException.invalidItem(
          path + String.join(",", unknown),
          "Cannot use unknown fields: "
              + ClientText.quote(String.join(", ", unknown))
              + " (a book is {\"id\": ...} or some of "
              + String.join(", ", fields)
              + ")");
    }
    if (book.containsKey(ID)) {
      return byId(book, path, vectorizer, sources, lookup);
    }
    if (book.isEmpty()) {
      throw ProblemException.invalidItem(
          path + "book",
          "Cannot predict from nothing: give at least one of "
              + String.join(", ", fields)
              + ", or an id");
    }
    Map<String, Object> inputs = columns(book, path, sources);
    try {
      FeatureVectorizer.Partial partial = vectorizer.vectorisePartial(inputs);
      return new BookInput(null, inputs, partial.vector(), partial.missing());
    } catch (IllegalArgumentException e) {
      String field = field(e.getMessage());
      // The client's name for the value: price, when that is what it sent.
      String sent = field.equals(PRICE_COLUMN) && book.containsKey(PRICE) ? PRICE : field;
      throw ProblemException.invalidItem(path + sent, e.getMessage());
    }
  }

  /** The fields a book given by its columns may have: the columns and their simpler names. */
  static List<String> fields(List<String> sources) {
    List<String> out = new ArrayList<>(sources);
    if (sources.contains(Availability.IN_STOCK)) {
      out.add(Availability.FIELD);
    }
    if (sources.contains(PRICE_COLUMN)) {
      out.add(PRICE);
    }
    return out;
  }

  /**
   * The columns a book's fields give, in contract order: {@code availability} and {@code price}
   * become the columns they name; a column may come from one field only.
   */
  private static Map<String, Object> columns(JsonObject book, String path, List<String> sources) {
    book.forEach(
        (name, v) -> {
          if (v.getValueType() == JsonValue.ValueType.NULL) {
            throw ProblemException.invalidItem(
                path + name,
                "Cannot use null for " + name + ": leave out a field whose value is unknown");
          }
        });
    Map<String, Object> given = new LinkedHashMap<>();
    book.forEach((name, v) -> given.put(name, toJava(v)));
    if (given.containsKey(PRICE)) {
      if (given.containsKey(PRICE_COLUMN)) {
        throw ProblemException.invalidItem(
            path + PRICE,
            "Cannot mix price with price_excl_tax: give one or the other (price is read as price_excl_tax)");
      }
      given.put(PRICE_COLUMN, given.remove(PRICE));
    }
    if (given.containsKey(Availability.FIELD)) {
      for (String column : List.of(Availability.IN_STOCK, Availability.STOCK_COUNT)) {
        if (given.containsKey(column)) {
          throw ProblemException.invalidItem(
              path + Availability.FIELD,
              "Cannot mix availability with "
                  + column
                  + ": give one or the other (availability sets in_stock and stock_count)");
        }
      }
      Map<String, Object> stock;
      try {
        stock = Availability.columns(given.remove(Availability.FIELD));
      } catch (IllegalArgumentException e) {
        throw ProblemException.invalidItem(path + Availability.FIELD, e.getMessage());
      }
      stock.forEach(
          (column, value) -> {
            if (sources.contains(column)) {
              given.put(column, value);
            }
          });
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    for (String column : sources) {
      if (given.containsKey(column)) {
        inputs.put(column, given.get(column));
      }
    }
    return inputs;
  }

  private static BookInput byId(
      JsonObject book,
      String path,
      FeatureVectorizer vectorizer,
      List<String> sources,
      Function<String, Optional<Map<String, Object>>> lookup) {
    if (book.size() > 1) {
      throw ProblemException.invalidItem(
          path + ID, "Cannot mix id with feature columns: give one or the other");
    }
    JsonValue v = book.get(ID);
    String id =
        switch (v) {
          case JsonString s -> s.getString();
          case JsonNumber n when n.isIntegral() -> n.bigIntegerValue().toString();
          default ->
              throw ProblemException.invalidItem(
                  path + ID,
                  "Cannot use id " + ClientText.quote(v) + ": expected a UPC or site id string");
        };
    Map<String, Object> row =
        lookup
            .apply(id)
            .orElseThrow(
                () ->
                    ProblemException.missingItem(
                        path + ID, "Cannot find book: " + ClientText.quote(id)));
    Map<String, Object> inputs = new LinkedHashMap<>();
    for (String column : sources) {
      inputs.put(column, row.get(column));
    }
    return new BookInput(id, inputs, vectorise(vectorizer, inputs, path), List.of());
  }

  private static float[] vectorise(
      FeatureVectorizer vectorizer, Map<String, Object> inputs, String path) {
    try {
      return vectorizer.vectorise(inputs);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalidItem(path + field(e.getMessage()), e.getMessage());
    }
  }

  // "Cannot vectorise feature rating: 7 is above 5" names the feature; every feature reads the
  // column of its own name, so it is the field the client sent.
  private static String field(String message) {
    String prefix = "Cannot vectorise feature ";
    if (message != null && message.startsWith(prefix) && message.indexOf(':') > prefix.length()) {
      return message.substring(prefix.length(), message.indexOf(':'));
    }
    return "book";
  }

  /** The gold.books columns the features of a vectorizer read, in order. */
  static List<String> sources(List<Feature> features) {
    Set<String> out = new LinkedHashSet<>();
    features.forEach(f -> out.addAll(f.sources()));
    return List.copyOf(out);
  }

  /**
   * A JSON value as the vectorizer takes it: numbers exact, strings, booleans; others as they are.
   */
  static Object toJava(JsonValue v) {
    return switch (v.getValueType()) {
      case NUMBER -> ((JsonNumber) v).bigDecimalValue();
      case STRING -> ((JsonString) v).getString();
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case NULL -> null;
      default -> v;
    };
  }

  private static String type(JsonValue v) {
    return v == null ? "nothing" : v.getValueType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
