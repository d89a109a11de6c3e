/** DuckDB views over the lake's current (or as-of) snapshots, for analysts and the API. */
package dev.bookslake.lake.sql;
