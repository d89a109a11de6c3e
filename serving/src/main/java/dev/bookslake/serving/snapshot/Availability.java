package dev.bookslake.serving.snapshot;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bookshop's availability text, as its product pages write it, and the gold.books columns it
 * stands for. Prediction requests may send it instead of {@code in_stock} and {@code stock_count};
 * book objects carry it beside them.
 *
 * <pre>{@code
 * Availability.columns("In stock (19 available)");   // {in_stock=true, stock_count=19}
 * Availability.columns("In stock");                  // {in_stock=true}: the count is unknown
 * Availability.columns("Out of stock");              // {in_stock=false, stock_count=0}
 * Availability.text(true, 19);                       // "In stock (19 available)"
 * }</pre>
 */
public final class Availability {
  /** The request and book field. */
  public static final String FIELD = "availability";

  public static final String IN_STOCK = "in_stock";
  public static final String STOCK_COUNT = "stock_count";

  /**
   * The texts taken, exactly as the site writes them; the OpenAPI document's pattern for the field
   * is this one.
   */
  public static final Pattern TEXT =
      Pattern.compile("In stock(?: \\(([0-9]{1,9}) available\\))?|Out of stock");

  private static final String OUT_OF_STOCK = "Out of stock";

  private Availability() {}

  /**
   * The columns a text gives: {@code in_stock}, and {@code stock_count} when the text says it ("Out
   * of stock" is 0: the lake keeps {@code in_stock == stock_count > 0}).
   *
   * @throws IllegalArgumentException "Cannot read availability …" for any other value
   */
  public static Map<String, Object> columns(Object value) {
    Matcher m =
        value instanceof String text ? TEXT.matcher(text) : TEXT.matcher("\u0000not a string");
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "Cannot read availability "
              + (value instanceof String ? "\"" + value + "\"" : String.valueOf(value))
              + ": expected \"In stock\", \"In stock (N available)\" or \"Out of stock\"");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    boolean inStock = !m.group().equals(OUT_OF_STOCK);
    out.put(IN_STOCK, inStock);
    if (!inStock) {
      out.put(STOCK_COUNT, BigDecimal.ZERO);
    } else if (m.group(1) != null) {
      out.put(STOCK_COUNT, new BigDecimal(m.group(1)));
    }
    return out;
  }

  /** The text the site shows for a book's stock: "In stock (19 available)" or "Out of stock". */
  public static String text(boolean inStock, int stockCount) {
    return inStock ? "In stock (" + stockCount + " available)" : OUT_OF_STOCK;
  }
}
