/** The gold-layer read API of bookslake: Helidon 4 SE over an in-memory DuckDB snapshot of the lake. */
package dev.bookslake.serving;
