/**
 * The dashboard: a static page of small JavaScript modules with ECharts (both served from the
 * classpath, no CDN) fed only by the API's own JSON routes, and the one route of aggregates it
 * needs that the data routes do not answer (catalogue distributions).
 */
@NullMarked
package dev.bookslake.serving.dashboard;

import org.jspecify.annotations.NullMarked;
