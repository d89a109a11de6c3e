/**
 * The data contract of the lake: Avro types generated from {@code src/main/avro}, one per table
 * ({@code dev.bookslake.schemas.bronze.Page} is {@code bronze.pages}). Nothing else defines field
 * names.
 */
@NullMarked
package dev.bookslake.schemas;

import org.jspecify.annotations.NullMarked;
