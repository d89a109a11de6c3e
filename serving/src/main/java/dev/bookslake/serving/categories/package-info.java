/** Categories with their book counts, and the books of one category. */
@NullMarked
package dev.bookslake.serving.categories;

import org.jspecify.annotations.NullMarked;
