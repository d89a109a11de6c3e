/** Statistics over gold: the catalogue overview and per-category figures. */
@NullMarked
package dev.bookslake.serving.stats;

import org.jspecify.annotations.NullMarked;
