/**
 * The sandbox bookshop: a local, deterministic copy of books.toscrape.com with injectable faults.
 */
@NullMarked
package dev.bookslake.sandbox;

import org.jspecify.annotations.NullMarked;
