/** The crawler's machinery: HTTP with politeness and retries, robots.txt, link extraction. Not API. */
package dev.bookslake.pipelines.scrape.internal;
