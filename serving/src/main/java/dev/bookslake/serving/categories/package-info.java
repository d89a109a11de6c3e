/** Categories with their book counts, and the books of one category. */
package dev.bookslake.serving.categories;
