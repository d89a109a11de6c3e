/** The scrape stage: a polite crawler of the bookshop, landing raw pages in bronze. */
package dev.bookslake.pipelines.scrape;
