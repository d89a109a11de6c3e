/** Books: paged listing, one book, search, top rated, price range and price/stock history. */
package dev.bookslake.serving.books;
