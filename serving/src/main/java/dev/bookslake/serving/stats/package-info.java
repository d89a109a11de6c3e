/** Statistics over gold: the catalogue overview and per-category figures. */
package dev.bookslake.serving.stats;
