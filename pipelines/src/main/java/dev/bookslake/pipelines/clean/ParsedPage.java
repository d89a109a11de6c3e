package dev.bookslake.pipelines.clean;

import java.io.Serializable;
import java.time.Instant;

/**
 * A parsed product page with the bronze facts its silver rows carry over: what {@link
 * ParsedProductPages} produces and {@link ValidatedBooks} checks.
 *
 * <pre>{@code
 * ParsedPage page = new ParsedPage(ProductPageParser.parse(bronze.getBody(), bronze.getUrl()),
 *     bronze.getSha256(), bronze.getFetchedAt());
 * }</pre>
 *
 * @param book the page as parsed
 * @param pageSha256 the bronze page's body hash
 * @param fetchedAt when the bronze page was fetched
 */
public record ParsedPage(ParsedBook book, String pageSha256, Instant fetchedAt)
    implements Serializable {}
