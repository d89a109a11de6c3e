/** Prometheus metrics: request counts, latency histograms, errors and the snapshot in force. */
package dev.bookslake.serving.metrics;
