/**
 * The current gold snapshot held in memory (DuckDB plus Java indexes) and its atomic switch when
 * the lake publishes a new one.
 */
@NullMarked
package dev.bookslake.serving.snapshot;

import org.jspecify.annotations.NullMarked;
