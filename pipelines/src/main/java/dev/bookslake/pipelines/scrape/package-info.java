/** The scrape stage: a polite crawler of the bookshop, landing raw pages in bronze. */
@NullMarked
package dev.bookslake.pipelines.scrape;

import org.jspecify.annotations.NullMarked;
