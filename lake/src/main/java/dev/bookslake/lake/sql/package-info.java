/**
 * DuckDB over the lake: views over the current (or as-of) snapshots, for analysts and the API, and
 * the loader of DuckDB's iceberg extension.
 */
@NullMarked
package dev.bookslake.lake.sql;

import org.jspecify.annotations.NullMarked;
