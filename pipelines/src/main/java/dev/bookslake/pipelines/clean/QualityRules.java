package dev.bookslake.pipelines.clean;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every quality rule of the clean stage, in the order they are checked. A page failing any rule is
 * quarantined (one {@code silver.quarantine} row per failed rule) and never reaches {@code
 * silver.books}; together the rules guarantee that a passing page fills every non-null field of a
 * {@code Book}. {@code docs/quality-rules.md} describes them for analysts.
 *
 * <p>A rule is checked only when the rules it {@linkplain QualityRule#requires() requires} passed,
 * so one broken page yields the failures that explain it rather than every consequence: a page that
 * is not a product page fails {@code page_parseable} and nothing else.
 *
 * <pre>{@code
 * QualityRules.Evaluation result = QualityRules.evaluate(BookCandidate.alone(ProductPageParser.parse(html, url)));
 * if (!result.passed()) {
 *   result.failures().forEach(f -> System.out.println(f.rule() + ": " + f.reason()));
 * }
 * }</pre>
 */
public final class QualityRules {
  private static final String PARSEABLE = "page_parseable";
  private static final String UPC_FORMAT = "upc_format";
  private static final String PRICE_PRESENT = "price_present";
  private static final Pattern UPC = Pattern.compile("[0-9a-f]{16}");
  private static final int MAX_SHARERS_NAMED = 5;

  /** The rules, each declared after the rules it requires. */
  public static final List<QualityRule> ALL =
      checkedOrder(
          List.of(
              new QualityRule(
                  PARSEABLE,
                  "The page is a product page: its HTML has a div.product_main.",
                  List.of(),
                  c ->
                      c.book().productPage()
                          ? Optional.empty()
                          : reason(
                              "Cannot parse product page: no div.product_main in '%s'",
                              c.book().productUrl())),
              new QualityRule(
                  UPC_FORMAT,
                  "The information table's UPC is 16 lowercase hex characters.",
                  List.of(PARSEABLE),
                  c -> upcFormat(c.book().upc())),
              new QualityRule(
                  "upc_unique",
                  "No other product page of the same dt has the UPC; every page sharing one is quarantined,"
                      + " since there is no telling which is right.",
                  List.of(UPC_FORMAT),
                  QualityRules::upcUnique),
              new QualityRule(
                  "site_id_present",
                  "The product URL's folder ends in _<id>, as in <slug>_<id>/index.html.",
                  List.of(PARSEABLE),
                  c ->
                      c.book().siteId() != null
                          ? Optional.empty()
                          : reason(
                              "Cannot accept site_id: '%s' has no <slug>_<id> folder",
                              c.book().productUrl())),
              new QualityRule(
                  "title_present",
                  "div.product_main h1 has text.",
                  List.of(PARSEABLE),
                  c -> present(c.book().title(), "title", "div.product_main h1")),
              new QualityRule(
                  "category_present",
                  "The breadcrumb (ul.breadcrumb li) has a non-empty third item.",
                  List.of(PARSEABLE),
                  c -> present(c.book().category(), "category", "third breadcrumb item")),
              new QualityRule(
                  PRICE_PRESENT,
                  "Price (excl. tax), Price (incl. tax) and Tax are amounts with at most 2 decimals,"
                      + " all in one known currency (£, € or $).",
                  List.of(PARSEABLE),
                  QualityRules::pricePresent),
              new QualityRule(
                  "price_positive",
                  "Both prices are above zero and the tax is not negative.",
                  List.of(PRICE_PRESENT),
                  QualityRules::pricePositive),
              new QualityRule(
                  "price_consistent",
                  "Price (incl. tax) equals Price (excl. tax) + Tax exactly.",
                  List.of(PRICE_PRESENT),
                  QualityRules::priceConsistent),
              new QualityRule(
                  "rating_range",
                  "The star-rating class of div.product_main is One, Two, Three, Four or Five.",
                  List.of(PARSEABLE),
                  QualityRules::ratingRange),
              new QualityRule(
                  "review_count_present",
                  "Number of reviews is a whole number of at least 0.",
                  List.of(PARSEABLE),
                  QualityRules::reviewCountPresent),
              new QualityRule(
                  "stock_consistent",
                  "Availability reads 'In stock (N available)' or 'Out of stock': stock_count >= 0 and"
                      + " in_stock == (stock_count > 0).",
                  List.of(PARSEABLE),
                  QualityRules::stockConsistent),
              new QualityRule(
                  "url_absolute",
                  "The product URL and the cover image URL (div.item.active img, resolved against the page)"
                      + " are absolute http(s) URLs.",
                  List.of(PARSEABLE),
                  QualityRules::urlAbsolute)));

  private QualityRules() {}

  /** The rule of that name, if there is one. */
  public static Optional<QualityRule> named(String name) {
    return ALL.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** Checks a page against every rule whose prerequisites it passed. */
  public static Evaluation evaluate(BookCandidate candidate) {
    Set<String> passed = new HashSet<>();
    List<String> checked = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (QualityRule rule : ALL) {
      if (!passed.containsAll(rule.requires())) {
        continue;
      }
      checked.add(rule.name());
      Optional<String> reason = rule.check().reason(candidate);
      if (reason.isPresent()) {
        failures.add(new Failure(rule.name(), reason.get()));
      } else {
        passed.add(rule.name());
      }
    }
    return new Evaluation(checked, failures);
  }

  /**
   * The outcome for one page.
   *
   * @param checked names of the rules the page was checked against, in declaration order
   * @param failures the rules it failed, with their reasons, in declaration order
   */
  public record Evaluation(List<String> checked, List<Failure> failures) {
    public Evaluation {
      checked = List.copyOf(checked);
      failures = List.copyOf(failures);
    }

    public boolean passed() {
      return failures.isEmpty();
    }
  }

  /**
   * A failed rule and why, e.g. {@code rating_range}: "Cannot accept rating: 'Zero' is not
   * One..Five".
   */
  public record Failure(String rule, String reason) {}

  private static Optional<String> upcFormat(String upc) {
    if (upc == null) {
      return reason("Cannot accept upc: the information table has no UPC row");
    }
    return UPC.matcher(upc).matches()
        ? Optional.empty()
        : reason("Cannot accept upc: '%s' is not 16 lowercase hex chars", upc);
  }

  private static Optional<String> upcUnique(BookCandidate c) {
    List<String> sharers = c.upcSharers();
    if (sharers.size() <= 1) {
      return Optional.empty();
    }
    List<String> named = sharers.subList(0, Math.min(MAX_SHARERS_NAMED, sharers.size()));
    return reason(
        "Cannot accept upc: '%s' is on %d pages of this dt: %s%s",
        c.book().upc(),
        sharers.size(),
        String.join(", ", named),
        sharers.size() > named.size() ? ", ..." : "");
  }

  private static Optional<String> present(String value, String field, String where) {
    if (value == null) {
      return reason("Cannot accept %s: the page has no %s", field, where);
    }
    return value.isBlank()
        ? reason("Cannot accept %s: the %s is empty", field, where)
        : Optional.empty();
  }

  private static Optional<String> pricePresent(BookCandidate c) {
    ParsedBook b = c.book();
    ParsedBook.Found found = b.found();
    String[] labels = {"Price (excl. tax)", "Price (incl. tax)", "Tax"};
    String[] texts = {found.priceExclTax(), found.priceInclTax(), found.tax()};
    BigDecimal[] amounts = {b.priceExclTax(), b.priceInclTax(), b.tax()};
    for (int i = 0; i < labels.length; i++) {
      if (texts[i] == null) {
        return reason("Cannot accept price: the information table has no '%s' row", labels[i]);
      }
      if (amounts[i] == null) {
        return reason(
            "Cannot accept price: %s '%s' is not an amount like £51.77 (sign, digits, at most 2 decimals)",
            labels[i], texts[i]);
      }
    }
    return b.currency() != null
        ? Optional.empty()
        : reason(
            "Cannot accept price: the amounts do not share one currency: '%s', '%s', '%s'",
            texts[0], texts[1], texts[2]);
  }

  private static Optional<String> pricePositive(BookCandidate c) {
    ParsedBook.Found found = c.book().found();
    if (c.book().priceExclTax().signum() <= 0) {
      return reason(
          "Cannot accept price: Price (excl. tax) '%s' is not above zero", found.priceExclTax());
    }
    if (c.book().priceInclTax().signum() <= 0) {
      return reason(
          "Cannot accept price: Price (incl. tax) '%s' is not above zero", found.priceInclTax());
    }
    return c.book().tax().signum() < 0
        ? reason("Cannot accept price: Tax '%s' is negative", found.tax())
        : Optional.empty();
  }

  private static Optional<String> priceConsistent(BookCandidate c) {
    ParsedBook b = c.book();
    BigDecimal expected = b.priceExclTax().add(b.tax());
    return expected.compareTo(b.priceInclTax()) == 0
        ? Optional.empty()
        : reason(
            "Cannot accept price: '%s' + tax '%s' = %s, not Price (incl. tax) '%s'",
            b.found().priceExclTax(),
            b.found().tax(),
            expected.toPlainString(),
            b.found().priceInclTax());
  }

  private static Optional<String> ratingRange(BookCandidate c) {
    String found = c.book().found().rating();
    if (found == null) {
      return reason(
          "Cannot accept rating: div.product_main has no p.star-rating with a rating class");
    }
    Integer rating = c.book().rating();
    return rating != null && rating >= 1 && rating <= 5
        ? Optional.empty()
        : reason("Cannot accept rating: '%s' is not One..Five", found);
  }

  private static Optional<String> reviewCountPresent(BookCandidate c) {
    String found = c.book().found().reviews();
    if (found == null) {
      return reason(
          "Cannot accept review count: the information table has no 'Number of reviews' row");
    }
    Integer count = c.book().reviewCount();
    return count != null && count >= 0
        ? Optional.empty()
        : reason("Cannot accept review count: '%s' is not a whole number", found);
  }

  private static Optional<String> stockConsistent(BookCandidate c) {
    ParsedBook b = c.book();
    String found = b.found().availability();
    if (found == null) {
      return reason("Cannot accept stock: the page has no Availability");
    }
    if (b.inStock() == null) {
      return reason(
          "Cannot accept stock: '%s' is neither 'In stock (N available)' nor 'Out of stock'",
          found);
    }
    if (b.stockCount() == null) {
      return reason("Cannot accept stock: '%s' gives no count", found);
    }
    if (b.stockCount() < 0) {
      return reason("Cannot accept stock: '%s' has a negative count", found);
    }
    return b.inStock() == (b.stockCount() > 0)
        ? Optional.empty()
        : reason(
            "Cannot accept stock: '%s' says in_stock=%s with stock_count=%d",
            found, b.inStock(), b.stockCount());
  }

  private static Optional<String> urlAbsolute(BookCandidate c) {
    ParsedBook b = c.book();
    if (!isAbsoluteHttp(b.productUrl())) {
      return reason(
          "Cannot accept product URL: '%s' is not an absolute http(s) URL", b.productUrl());
    }
    if (b.found().imageSrc() == null) {
      return reason("Cannot accept image URL: the page has no div.item.active img[src]");
    }
    return isAbsoluteHttp(b.imageUrl())
        ? Optional.empty()
        : reason(
            "Cannot accept image URL: '%s' does not resolve to an absolute http(s) URL",
            b.found().imageSrc());
  }

  static boolean isAbsoluteHttp(String url) {
    if (url == null) {
      return false;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      return uri.isAbsolute()
          && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static Optional<String> reason(String format, Object... values) {
    return Optional.of(String.format(format, values));
  }

  private static List<QualityRule> checkedOrder(List<QualityRule> rules) {
    Set<String> declared = new HashSet<>();
    for (QualityRule rule : rules) {
      if (!declared.containsAll(rule.requires())) {
        throw new IllegalStateException(
            "Cannot declare quality rule "
                + rule.name()
                + ": it requires a rule declared after it: "
                + rule.requires());
      }
      if (!declared.add(rule.name())) {
        throw new IllegalStateException("Cannot declare quality rule twice: " + rule.name());
      }
    }
    return rules;
  }
}
