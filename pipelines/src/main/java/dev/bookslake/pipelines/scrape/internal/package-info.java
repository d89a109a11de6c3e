/**
 * The crawler's machinery: HTTP with politeness, retries and bounds, robots.txt, link extraction.
 * Not API.
 */
@NullMarked
package dev.bookslake.pipelines.scrape.internal;

import org.jspecify.annotations.NullMarked;
