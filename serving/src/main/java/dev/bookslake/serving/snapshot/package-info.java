/** The current gold snapshot held in memory (DuckDB plus Java indexes) and its atomic switch when the lake publishes a new one. */
package dev.bookslake.serving.snapshot;
