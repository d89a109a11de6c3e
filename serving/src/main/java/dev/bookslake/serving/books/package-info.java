/** Books: paged listing, one book, search, top rated, price range and price/stock history. */
@NullMarked
package dev.bookslake.serving.books;

import org.jspecify.annotations.NullMarked;
