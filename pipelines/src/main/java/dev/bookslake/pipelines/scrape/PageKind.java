package dev.bookslake.pipelines.scrape;

/** What a bronze page is, recorded in {@code page_kind}. */
public final class PageKind {
  /** The start page the crawl was given. */
  public static final String HOME = "home";

  /** A listing page reached through {@code next} links. */
  public static final String CATALOGUE = "catalogue";

  /** A book's page. */
  public static final String PRODUCT = "product";

  private PageKind() {}
}
