package dev.bookslake.pipelines.clean.internal;

import dev.bookslake.pipelines.clean.ParsedBook;
import java.io.Serializable;
import java.time.Instant;

/**
 * A parsed product page with the bronze facts the silver rows carry over.
 *
 * @param book the page as parsed
 * @param pageSha256 the bronze page's body hash
 * @param fetchedAt when the bronze page was fetched
 */
public record ParsedPage(ParsedBook book, String pageSha256, Instant fetchedAt) implements Serializable {}
