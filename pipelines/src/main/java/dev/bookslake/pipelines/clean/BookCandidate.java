package dev.bookslake.pipelines.clean;

import java.io.Serializable;
import java.util.List;

/**
 * What a quality rule looks at: one parsed page, plus what the rest of its {@code dt} says about
 * it.
 *
 * <pre>{@code
 * BookCandidate alone = BookCandidate.alone(ProductPageParser.parse(html, url));
 * QualityRules.Evaluation result = QualityRules.evaluate(alone);
 * }</pre>
 *
 * @param book the page as parsed
 * @param upcSharers product URLs of every page of the {@code dt} with this page's UPC, this page
 *     included, sorted; just this page's URL when the UPC is unique or missing
 */
public record BookCandidate(ParsedBook book, List<String> upcSharers) implements Serializable {
  public BookCandidate {
    upcSharers = List.copyOf(upcSharers);
  }

  /** A page with no other page sharing its UPC. */
  public static BookCandidate alone(ParsedBook book) {
    return new BookCandidate(
        book, book.productUrl() == null ? List.of() : List.of(book.productUrl()));
  }
}
