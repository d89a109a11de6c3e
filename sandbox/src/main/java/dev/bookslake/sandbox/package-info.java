/** The sandbox bookshop: a local, deterministic copy of books.toscrape.com with injectable faults. */
package dev.bookslake.sandbox;
