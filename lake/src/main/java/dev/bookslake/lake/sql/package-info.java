/** DuckDB views over the lake's current (or as-of) snapshots, for analysts and the API. */
@NullMarked
package dev.bookslake.lake.sql;

import org.jspecify.annotations.NullMarked;
