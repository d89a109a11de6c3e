/** {@code bookslake query}: SQL over the lake's views through embedded DuckDB. */
package dev.bookslake.cli.query;
