/** Prometheus metrics: request counts, latency histograms, errors and the snapshot in force. */
@NullMarked
package dev.bookslake.serving.metrics;

import org.jspecify.annotations.NullMarked;
