/** {@code bookslake query}: SQL over the lake's views through embedded DuckDB. */
@NullMarked
package dev.bookslake.cli.query;

import org.jspecify.annotations.NullMarked;
