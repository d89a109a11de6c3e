/**
 * The gold-layer read API of bookslake: Helidon 4 SE over an in-memory DuckDB snapshot of the lake.
 */
@NullMarked
package dev.bookslake.serving;

import org.jspecify.annotations.NullMarked;
