/** The crawler's machinery: HTTP with politeness, retries and bounds, robots.txt, link extraction. Not API. */
package dev.bookslake.pipelines.scrape.internal;
