package dev.bookslake.pipelines.clean.internal;

import dev.bookslake.pipelines.clean.ParsedBook;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed page as a JSON object for {@code silver.quarantine.parsed_json}: the typed fields
 * (amounts as exact JSON numbers) and, under {@code found}, the raw texts they came from.
 */
public final class ParsedBookJson {
  private ParsedBookJson() {}

  public static String of(ParsedBook b) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("product_page", b.productPage());
    fields.put("product_url", b.productUrl());
    fields.put("upc", b.upc());
    fields.put("site_id", b.siteId());
    fields.put("title", b.title());
    fields.put("category", b.category());
    fields.put("price_excl_tax", b.priceExclTax());
    fields.put("price_incl_tax", b.priceInclTax());
    fields.put("tax", b.tax());
    fields.put("currency", b.currency());
    fields.put("stock_count", b.stockCount());
    fields.put("in_stock", b.inStock());
    fields.put("rating", b.rating());
    fields.put("review_count", b.reviewCount());
    fields.put("description", b.description());
    fields.put("image_url", b.imageUrl());
    ParsedBook.Found f = b.found();
    Map<String, Object> found = new LinkedHashMap<>();
    found.put("price_excl_tax", f.priceExclTax());
    found.put("price_incl_tax", f.priceInclTax());
    found.put("tax", f.tax());
    found.put("availability", f.availability());
    found.put("rating", f.rating());
    found.put("reviews", f.reviews());
    found.put("image_src", f.imageSrc());
    fields.put("found", found);
    StringBuilder out = new StringBuilder();
    write(fields, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(separator);
        string(e.getKey().toString(), out);
        out.append(':');
        write(e.getValue(), out);
        separator = ",";
      }
      out.append('}');
    } else if (value instanceof BigDecimal amount) {
      out.append(amount.toPlainString());
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      string(value.toString(), out);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
